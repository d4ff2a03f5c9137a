"""Decisions by value, the complete archive, the report declared final, the purge of personal
data (button and command line), and a participant withdrawing everything."""

import io
import json
from datetime import timedelta

from conftest import decide_everything, go_to, join, login, submit, token_of
from test_disclosure_app import PEOPLE, TYPED, replay_issue_session, six_exports

from workshop.core.clock import utcnow
from workshop.core.extensions import db
from workshop.sessions.models import (
    Contribution,
    ContributionRevision,
    Note,
    Participant,
    Vote,
    WorkshopSession,
)
from workshop.workspace.interchange import comparable, session_document
from workshop.workspace.models import PersonalDataEvent, SynthesisEdits


def events(sid):
    return [(e.action, e.user.username if e.user else None) for e in db.session.scalars(
        db.select(PersonalDataEvent).filter_by(session_id=sid).order_by(PersonalDataEvent.id))]


def test_one_decision_per_value_and_another_for_a_single_occurrence(app, staff):
    sid, _facilitator, rapporteur = replay_issue_session(app)
    base = f"/sessions/{sid}/synthesis"
    decide_everything(rapporteur, sid, lambda kind: "keep" if kind == "name" else "redact")
    assert "La famille Dupont" in rapporteur.get(f"{base}/export.md").get_data(as_text=True)
    # "Dupont" in the formula only: redacted there, kept elsewhere
    review = rapporteur.get(f"{base}/review").get_data(as_text=True)
    formula_spot = next(name for name in review.split('name="spot:')[1:]
                        if name.startswith("formula:")).split('"')[0]
    assert formula_spot.endswith(":name")
    assert rapporteur.post(f"{base}/review", data={f"spot:{formula_spot}": "redact"}).status_code == 303
    markdown = rapporteur.get(f"{base}/export.md").get_data(as_text=True)
    assert "Chez les [nom], on appelle" in markdown and "La famille Dupont vient" in markdown
    review = rapporteur.get(f"{base}/review").get_data(as_text=True)
    assert "1 décidée autrement" in review
    # back to the value's decision
    rapporteur.post(f"{base}/review", data={f"spot:{formula_spot}": ""})
    assert "Chez les Dupont" in rapporteur.get(f"{base}/export.md").get_data(as_text=True)
    # a value that changed since the page was shown is refused, nothing stored
    assert rapporteur.post(f"{base}/review", data={"value:name:durand": "keep"}).status_code == 409
    assert rapporteur.post(f"{base}/review", data={"value:name:dupont": "maybe"}).status_code == 400


def test_the_complete_archive_is_the_facilitators_logged_and_imports_without_loss(app, staff):
    sid, facilitator, rapporteur = replay_issue_session(app)
    assert "/archive" not in rapporteur.get(f"/sessions/{sid}/synthesis").get_data(as_text=True)
    assert rapporteur.post(f"/sessions/{sid}/archive").status_code == 403
    assert "Télécharger l&#39;archive complète" not in \
        rapporteur.get(f"/sessions/{sid}/personal-data").get_data(as_text=True)
    page = facilitator.get(f"/sessions/{sid}/personal-data").get_data(as_text=True)
    assert "Archive complète (confidentielle)" in page
    response = facilitator.post(f"/sessions/{sid}/archive")
    assert response.status_code == 200
    assert "archive-complete-confidentielle" in response.headers["Content-Disposition"]
    archive = json.loads(response.data)
    assert {p["pseudonym"] for p in archive["participants"]} == set(PEOPLE)
    assert archive["participants"][4]["profile"]["organisation"] == "CPAS de Saint-Gilles"
    assert len(archive["votes"]) == 5 + 15  # every vote by person
    assert events(sid) == [("archive", "facilitator")]
    assert "archive complète téléchargée" in \
        facilitator.get(f"/sessions/{sid}/personal-data").get_data(as_text=True)

    imported = facilitator.post("/sessions/import", data={
        "file": (io.BytesIO(response.data), "archive.json")}, content_type="multipart/form-data")
    assert imported.status_code == 303
    copy = db.session.scalar(db.select(WorkshopSession).order_by(WorkshopSession.id.desc()))
    assert comparable(session_document(copy)) == comparable(archive)


def test_the_anonymised_export_imports_as_a_session_without_names(app, staff):
    sid, _facilitator, rapporteur = replay_issue_session(app)
    decide_everything(rapporteur, sid)
    exported = rapporteur.get(f"/sessions/{sid}/synthesis/export.json").data
    response = rapporteur.post("/sessions/import", data={"file": (io.BytesIO(exported), "s.json")},
                               content_type="multipart/form-data")
    assert response.status_code == 303
    copy = db.session.scalar(db.select(WorkshopSession).order_by(WorkshopSession.id.desc()))
    people = db.session.scalars(db.select(Participant).filter_by(session_id=copy.id)).all()
    assert sorted(p.pseudonym for p in people) == ["p1", "p2", "p3", "p4", "p5"]
    assert all(p.organisation is None for p in people)


def stored_text() -> str:
    """Every text the database holds about sessions, participants and their words."""
    parts = []
    for model, columns in ((Participant, ("pseudonym", "organisation", "token")),
                           (Contribution, ("title", "text", "actor", "theme")),
                           (ContributionRevision, ("title", "text")), (Note, ("text",))):
        for row in db.session.scalars(db.select(model)):
            parts += [str(getattr(row, column) or "") for column in columns]
    for row in db.session.scalars(db.select(SynthesisEdits)):
        parts += [json.dumps(row.edits, ensure_ascii=False), json.dumps(row.redactions,
                                                                        ensure_ascii=False)]
    return "\n".join(parts)


def test_final_report_then_purge_keeps_only_the_anonymised_synthesis(app, staff):
    sid, facilitator, rapporteur = replay_issue_session(app)
    base = f"/sessions/{sid}/synthesis"
    people = {p.pseudonym: (p.id, p.token) for p in db.session.scalars(
        db.select(Participant).filter_by(session_id=sid))}
    # a correction by the facilitator keeps the raw text as a revision
    story = db.session.scalar(db.select(Contribution).filter_by(title="La famille Dupont"))
    db.session.add(ContributionRevision(contribution_id=story.id, text=story.text + " 02/511.22.33"))
    db.session.commit()

    assert rapporteur.post(f"/sessions/{sid}/report/final").status_code == 409  # spots undecided
    decide_everything(rapporteur, sid)
    assert facilitator.post(f"/sessions/{sid}/purge", data={"confirm": "yes"}).status_code == 409
    assert rapporteur.post(f"/sessions/{sid}/report/final").status_code == 303
    assert events(sid) == [("final", "rapporteur")]
    # final: the synthesis, its review and the session no longer change
    assert rapporteur.post(f"{base}/formula", data={"text": "Autre chose"}).status_code == 409
    assert rapporteur.post(f"{base}/review", data={"value:name:dupont": "keep"}).status_code == 409
    assert facilitator.post(f"/sessions/{sid}/status", data={"status": "live"}).status_code == 409
    before = six_exports(rapporteur, sid)

    assert rapporteur.post(f"/sessions/{sid}/purge", data={"confirm": "yes"}).status_code == 403
    refused = facilitator.post(f"/sessions/{sid}/purge", data={})
    assert refused.status_code == 400 and "Cochez la case" in refused.get_data(as_text=True)
    assert facilitator.post(f"/sessions/{sid}/purge", data={"confirm": "yes"}).status_code == 303
    db.session.expire_all()
    assert [action for action, _who in events(sid)] == ["final", "purge"]

    stored = stored_text()
    for secret in [*PEOPLE, *TYPED, "Molenbeek", "Saint-Gilles", "511.22.33",
                   *(token for _id, token in people.values())]:
        assert secret not in stored, secret
    renamed = db.session.scalars(db.select(Participant).filter_by(session_id=sid)
                                 .order_by(Participant.id)).all()
    assert [p.pseudonym for p in renamed] == ["p1", "p2", "p3", "p4", "p5"]
    assert renamed[0].profile() == {"organisation": None, "organisation_size": None, "service": "ssg",
                                    "function": "social_worker", "hierarchy": "front_line",
                                    "seniority": None, "language": None}
    assert renamed[4].profile() == dict.fromkeys(renamed[4].profile())  # the lone manager
    assert len(db.session.scalars(db.select(Vote).filter_by(session_id=sid)).all()) == 20
    old_link = app.test_client().get(f"/p/{people['Ketje'][1]}")
    assert old_link.status_code == 404

    after = six_exports(rapporteur, sid)
    # the anonymised synthesis is what was kept; only the record of what the policy had to
    # generalise differs (the stored profiles are the generalised ones now)
    kept, was = json.loads(after.pop("json")), json.loads(before.pop("json"))
    assert kept["disclosure"]["suppressed_profiles"] == 0 and was["disclosure"]["suppressed_profiles"] == 1
    del kept["disclosure"], was["disclosure"]
    assert kept == was and after == before
    assert "Les données personnelles de cette séance ont été effacées" in \
        rapporteur.get(f"{base}/review").get_data(as_text=True)
    assert rapporteur.post(f"/sessions/{sid}/report/reopen").status_code == 409
    assert facilitator.post(f"/sessions/{sid}/purge", data={"confirm": "yes"}).status_code == 409


def test_purge_command_purges_reports_final_for_long_enough(app, staff):
    sid, facilitator, rapporteur = replay_issue_session(app)
    decide_everything(rapporteur, sid)
    rapporteur.post(f"/sessions/{sid}/report/final")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["purge", "--older-than", "30"])
    assert result.exit_code == 0 and "No session" in result.output
    session = db.session.get(WorkshopSession, sid)
    session.report_final_at = utcnow() - timedelta(days=31)
    db.session.commit()
    result = runner.invoke(args=["purge", "--older-than", "30", "--dry-run"])
    assert f"would purge session {sid}" in result.output
    assert db.session.get(WorkshopSession, sid).purged_at is None
    result = runner.invoke(args=["purge", "--older-than", "30"])
    assert result.exit_code == 0 and f"purged session {sid}" in result.output
    db.session.expire_all()
    assert db.session.get(WorkshopSession, sid).purged_at is not None
    assert events(sid)[-1] == ("purge", None)
    assert "Ketje" not in stored_text()
    assert runner.invoke(args=["purge"]).exit_code == 2  # --older-than is required


def test_a_participant_withdraws_everything_until_the_session_closes(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    lune, lune_url = join(app, mag, "Lune")
    heron, heron_url = join(app, mag, "Héron")
    submit(lune, lune_url, 0, "Le téléphone sonne tout le temps.", title="Téléphones")
    submit(heron, heron_url, 0, "Une garantie locative sans question.", title="Garantie")
    go_to(facilitator, mag, 1)
    stories = {c.title: c.id for c in db.session.scalars(db.select(Contribution).filter_by(kind="story"))}
    for client, url in ((lune, lune_url), (heron, heron_url)):
        client.post(f"{url}/votes", data={"kind": "story_choice", "contribution": stories["Téléphones"]})
    facilitator.post(f"/sessions/{mag.id}/story", data={"contribution": stories["Téléphones"]})
    go_to(facilitator, mag, 3)
    assert submit(lune, lune_url, 3, "Le temps n'est pas compté.").status_code == 200  # an enjeu
    go_to(facilitator, mag, 5)
    assert submit(heron, heron_url, 5, "L'accueil filtre.").status_code == 200

    assert "Retirer toutes mes contributions" in lune.get(lune_url).get_data(as_text=True)
    confirm = lune.get(f"{lune_url}/withdraw-everything").get_data(as_text=True)
    assert "(2 contributions :" in confirm
    assert lune.post(f"{lune_url}/withdraw-everything", data={}).status_code == 400
    done = lune.post(f"{lune_url}/withdraw-everything", data={"confirm": "yes"})
    assert done.status_code == 200
    text = done.get_data(as_text=True)
    assert "1 contribution retirée et 1 vote retiré" in text
    assert "Votre récit, choisi par le groupe, reste" in text
    lune_id = db.session.scalar(db.select(Participant.id).filter_by(session_id=mag.id, pseudonym="Lune"))
    left = db.session.scalars(db.select(Contribution).filter_by(participant_id=lune_id)).all()
    assert [c.title for c in left] == ["Téléphones"]  # the chosen story stays
    assert db.session.scalars(db.select(Vote).filter_by(participant_id=lune_id)).all() == []
    assert db.session.scalars(db.select(Contribution).filter_by(kind="enjeu")).all() == []
    assert len(db.session.scalars(db.select(Contribution).filter_by(kind="interpretation")).all()) == 1

    heron.post(f"{heron_url}/withdraw-everything", data={"confirm": "yes"})
    heron_id = db.session.scalar(db.select(Participant.id).filter_by(pseudonym="Héron"))
    assert db.session.scalars(db.select(Contribution).filter_by(participant_id=heron_id)).all() == []
    facilitator.post(f"/sessions/{mag.id}/status", data={"status": "closed"})
    assert "Retirer toutes mes contributions" not in heron.get(heron_url).get_data(as_text=True)
    assert heron.post(f"{heron_url}/withdraw-everything", data={"confirm": "yes"}).status_code == 409
    assert token_of(heron_url)


def test_a_final_report_freezes_the_contributions_too(app, staff):
    sid, facilitator, rapporteur = replay_issue_session(app)
    decide_everything(rapporteur, sid)
    rapporteur.post(f"/sessions/{sid}/report/final")
    story = db.session.scalar(db.select(Contribution).filter_by(title="La famille Dupont"))
    corrected = facilitator.post(f"/sessions/{sid}/contributions/{story.id}/edit",
                                 data={"text": "Monsieur Durand appelle tous les jours."})
    assert corrected.status_code == 409
    assert "Durand" not in stored_text()
    rapporteur.post(f"/sessions/{sid}/report/reopen")
    assert events(sid) == [("final", "rapporteur"), ("reopened", "rapporteur")]
    reopened = rapporteur.post(f"/sessions/{sid}/synthesis/formula", data={"text": "Le temps."})
    assert reopened.status_code == 303
