"""The rapporteur's synthesis workspace, personal-data review, exports and JSON import."""

import io
import json

import pytest
from conftest import decide_everything, login, review_values

from workshop.core.extensions import db
from workshop.demo import build_demo
from workshop.sessions.models import Contribution, Note, Participant, StaffRole, Vote, WorkshopSession
from workshop.workspace.build import build
from workshop.workspace.interchange import comparable, import_document, session_document
from workshop.workspace.models import SynthesisEdits

HX = {"HX-Request": "true"}
PHONE = "0475 12 34 56"


def demo_session(staff, *, personal_data=True):
    """The demo session (first round done) with its staff, positioning votes, a proposal,
    a note, and (optionally) an interpretation carrying a phone number and a name."""
    session = build_demo(staff["facilitator"])
    session.staff[:] = [role for role in session.staff if role.role == "facilitator"]
    for role in ("rapporteur", "researcher", "observer"):
        session.staff.append(StaffRole(user_id=staff[role].id, role=role))
    people = db.session.scalars(db.select(Participant).filter_by(session_id=session.id)
                                .order_by(Participant.id)).all()
    if personal_data:
        db.session.add(Contribution(
            session_id=session.id, step_index=5, kind="interpretation", participant_id=people[5].id,
            language="fr", text=f"Madame Dupont, la voisine, appelait chaque jour au {PHONE} : "
                                "l'accueil ne sait pas à qui transmettre."))
    db.session.add(Contribution(session_id=session.id, step_index=12, kind="proposal",
                                participant_id=people[0].id, level="organisation", language="fr",
                                text="Fixer une heure de fin de permanence connue de tous."))
    db.session.add(Note(session_id=session.id, step_index=5, user_id=staff["rapporteur"].id,
                        text="Le groupe revient sans cesse au temps non compté."))
    db.session.flush()
    interpretations = db.session.scalars(db.select(Contribution).filter_by(
        session_id=session.id, kind="interpretation").order_by(Contribution.id)).all()
    # First interpretation: 6 agree, 1 disagree (a minority position); second: split 4/3.
    for i, person in enumerate(people):
        db.session.add(Vote(session_id=session.id, contribution_id=interpretations[0].id,
                            participant_id=person.id, kind="agreement",
                            value="disagree" if i == 6 else "agree"))
        db.session.add(Vote(session_id=session.id, contribution_id=interpretations[1].id,
                            participant_id=person.id, kind="agreement",
                            value="agree" if i < 4 else "disagree"))
    session.status = "closed"
    db.session.commit()
    return session


def themes(session) -> list[dict]:
    return build(db.session.get(WorkshopSession, session.id))[0]["themes"]


def operations(session) -> list[dict]:
    row = db.session.scalar(db.select(SynthesisEdits).filter_by(session_id=session.id))
    return row.edits["operations"] if row else []


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def test_done_when_rapporteur_edits_reviews_and_downloads_the_day_report(app, staff):
    session = demo_session(staff)
    rapporteur = login(app.test_client(), "rapporteur")
    base = f"/sessions/{session.id}/synthesis"

    page = rapporteur.get(base).get_data(as_text=True)
    assert "6 d'accord, 1 pas d'accord, 0 sans avis" in page
    assert "Positions minoritaires" in page and "Divergences" in page
    assert "La permanence qui déborde" in page  # the chosen story, with its enjeux
    assert "Qui décide de fermer la porte" in page
    assert "Le groupe revient sans cesse au temps non compté." in page  # the note, by its step
    assert "Fixer une heure de fin" in page and "Organisationnel" in page

    before = themes(session)
    first, second = before[:2]
    merged = rapporteur.post(f"{base}/merge", data={"theme": first["id"], "other": second["id"]},
                             headers=HX)
    assert merged.status_code == 200
    assert len(themes(session)) == len(before) - 1
    assert set(first["contributions"]) | set(second["contributions"]) in [
        set(t["contributions"]) for t in themes(session)]
    target = next(t for t in themes(session) if set(first["contributions"]) <= set(t["contributions"]))
    renamed = rapporteur.post(f"{base}/rename", data={"theme": target["id"],
                                                      "label": "Le temps invisible"}, headers=HX)
    assert "Le temps invisible" in renamed.get_data(as_text=True)
    rapporteur.post(f"{base}/formula", data={"text": "On a commencé par la fin."}, headers=HX)
    assert [op["op"] for op in operations(session)] == ["merge_themes", "rename_theme", "formula"]

    blocked = rapporteur.get(f"{base}/export.docx")
    assert blocked.status_code == 409
    assert f"{base}/review" in blocked.get_data(as_text=True)

    review = rapporteur.get(f"{base}/review").get_data(as_text=True)
    assert PHONE in review and "Dupont" in review
    assert {"phone", "name"} <= set(review_values(review).values())
    decide_everything(rapporteur, session.id)
    assert "Tous les passages sont décidés" in rapporteur.get(f"{base}/review").get_data(as_text=True)

    download = rapporteur.get(f"{base}/export.docx")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment; filename=\"synthese-")
    assert download.headers["Content-Disposition"].endswith('.docx"')
    text = docx_text(download.data)
    assert "On a commencé par la fin." in text
    assert "Le temps invisible" in text
    assert "6 d'accord, 1 pas d'accord, 0 sans avis" in text
    assert PHONE not in text and "Dupont" not in text and "[téléphone]" in text
    assert "Données personnelles masquées : 1 téléphone, 1 nom" in text
    for name in ("Lune", "Héron", "Tilleul", "Facilitator", "Rapporteur"):  # no pseudonym, no name
        assert name not in text


def test_edits_survive_late_votes_and_contributions_and_stale_ones_are_listed(app, staff):
    session = demo_session(staff, personal_data=False)
    rapporteur = login(app.test_client(), "rapporteur")
    base = f"/sessions/{session.id}/synthesis"
    theme = themes(session)[0]
    rapporteur.post(f"{base}/rename", data={"theme": theme["id"], "label": "Compter le temps"})
    positioned = build(session)[0]["divergences"][0]["contribution"]
    rapporteur.post(f"{base}/position", data={"contribution": positioned, "position": "convergence"})
    lone = next(t for t in themes(session) if t["label"] != "Compter le temps")
    moved = lone["contributions"][0]
    rapporteur.post(f"{base}/move", data={"contribution": moved, "to": themes(session)[0]["id"]})
    assert len(operations(session)) == 3

    # Late material: a new interpretation with votes, and the moved item is hidden by moderation.
    people = db.session.scalars(db.select(Participant).filter_by(session_id=session.id)).all()
    late = Contribution(session_id=session.id, step_index=7, kind="interpretation",
                        participant_id=people[1].id, language="fr",
                        text="Le temps passé à écouter n'est compté dans aucune statistique.")
    db.session.add(late)
    db.session.flush()
    db.session.add_all(Vote(session_id=session.id, contribution_id=late.id, participant_id=p.id,
                            kind="agreement", value="agree") for p in people)
    db.session.get(Contribution, int(moved[1:])).hidden = True
    db.session.commit()

    page = rapporteur.get(base).get_data(as_text=True)
    assert "Compter le temps" in page
    assert "Le temps passé à écouter" in page
    assert "Corrections qui ne s'appliquent plus" in page and "Correction n° 3" in page
    synthesis = build(session)[0]
    overridden = next(e for e in synthesis["convergences"] if e["contribution"] == positioned)
    assert overridden["override"] and overridden["computed"] == "divergence"
    assert len(operations(session)) == 3  # the stored edits are untouched by regeneration


def test_malformed_edits_are_refused_and_nothing_is_stored(app, staff):
    session = demo_session(staff, personal_data=False)
    rapporteur = login(app.test_client(), "rapporteur")
    base = f"/sessions/{session.id}/synthesis"
    theme = themes(session)[0]
    cases = [
        ("rename", {"theme": theme["id"], "label": "  "}, 400),
        ("rename", {"theme": "nope", "label": "X"}, 409),
        ("merge", {"theme": theme["id"], "other": theme["id"]}, 400),
        ("split", {"theme": theme["id"], "label": "Nouveau"}, 400),
        ("split", {"theme": theme["id"], "label": "Tout", "contributions": theme["contributions"]}, 400),
        ("move", {"contribution": "c999999", "to": theme["id"]}, 404),
        ("position", {"contribution": theme["contributions"][0], "position": "consensus"}, 400),
        ("formula", {"text": "x" * 301}, 400),
    ]
    for action, data, status in cases:
        response = rapporteur.post(f"{base}/{action}", data=data, headers=HX)
        assert response.status_code == status, (action, data)
        assert response.headers.get("HX-Retarget") == "#flash"
    assert rapporteur.post(f"{base}/review", data={"spot:zzz": "redact"}).status_code == 409
    assert rapporteur.get(f"{base}/export.pdf").status_code == 404
    assert operations(session) == []


GET_ROUTES = ["synthesis", "synthesis/review", "synthesis/export.docx", "synthesis/export.md",
              "synthesis/export.json", "synthesis/export.csv", "synthesis/export-votes.csv",
              "synthesis/print"]
DOWNLOADS = GET_ROUTES[2:]
POST_ROUTES = [("synthesis/rename", {"theme": "x", "label": "y"}),
               ("synthesis/merge", {"theme": "x", "other": "y"}),
               ("synthesis/split", {"theme": "x", "label": "y", "contributions": "c1"}),
               ("synthesis/move", {"contribution": "c1", "to": "x"}),
               ("synthesis/position", {"contribution": "c1", "position": "divergence"}),
               ("synthesis/formula", {"text": "Une formule"}),
               ("synthesis/review", {"spot:x": "keep"})]


@pytest.mark.parametrize("path", GET_ROUTES + [p for p, _ in POST_ROUTES])
def test_anonymous_visitors_are_sent_to_login(app, mag, path):
    client = app.test_client()
    for response in (client.get(f"/sessions/{mag.id}/{path}"),
                     client.post(f"/sessions/{mag.id}/{path}")):
        assert response.status_code in (302, 405)
        if response.status_code == 302:
            assert "/login" in response.headers["Location"]
    assert "/login" in client.get("/sessions/import").headers["Location"]


def test_outsiders_get_nothing(app, mag, staff):
    outsider = login(app.test_client(), "outsider")
    for path in GET_ROUTES:
        assert outsider.get(f"/sessions/{mag.id}/{path}").status_code == 403, path
    for path, data in POST_ROUTES:
        assert outsider.post(f"/sessions/{mag.id}/{path}", data=data).status_code == 403, path


def test_observers_may_read_but_neither_edit_nor_download(app, mag, staff):
    observer = login(app.test_client(), "observer")
    assert observer.get(f"/sessions/{mag.id}/synthesis").status_code == 200
    assert observer.get(f"/sessions/{mag.id}/synthesis/review").status_code == 200
    for path in DOWNLOADS:
        assert observer.get(f"/sessions/{mag.id}/{path}").status_code == 403, path
    for path, data in POST_ROUTES:
        assert observer.post(f"/sessions/{mag.id}/{path}", data=data).status_code == 403, path
    assert operations(mag) == []


@pytest.mark.parametrize("role", ["facilitator", "researcher"])
def test_facilitators_and_researchers_download_but_only_the_rapporteur_edits(app, mag, staff, role):
    client = login(app.test_client(), role)
    page = client.get(f"/sessions/{mag.id}/synthesis").get_data(as_text=True)
    assert "Renommer" not in page and "Enregistrer la formule" not in page
    for path in DOWNLOADS:
        assert client.get(f"/sessions/{mag.id}/{path}").status_code == 200, path
    for path, data in POST_ROUTES:
        assert client.post(f"/sessions/{mag.id}/{path}", data=data).status_code == 403, path


def test_every_format_downloads_with_its_file_name_and_redaction_record(app, staff):
    session = demo_session(staff)
    rapporteur = login(app.test_client(), "rapporteur")
    base = f"/sessions/{session.id}/synthesis"
    for path in DOWNLOADS:
        assert rapporteur.get(f"/sessions/{session.id}/{path}").status_code == 409, path
    decide_everything(rapporteur, session.id, lambda kind: "keep" if kind == "name" else "redact")

    md = rapporteur.get(f"{base}/export.md")
    assert md.headers["Content-Disposition"].endswith('.md"')
    text = md.get_data(as_text=True)
    assert "Dupont" in text and PHONE not in text and "1 téléphone" in text

    exported = rapporteur.get(f"{base}/export.json").get_json()
    assert exported["format"] == "tourdetable.session/1"
    assert exported["redactions"]["counts"] == {"phone": 1}
    assert "themes" in exported["synthesis"]
    assert PHONE not in json.dumps(exported, ensure_ascii=False)
    assert [p["id"] for p in exported["participants"]] == [f"p{i}" for i in range(1, 8)]
    assert not any("pseudonym" in p for p in exported["participants"])
    for name in ("Lune", "Héron", "Facilitator"):
        assert name not in json.dumps(exported, ensure_ascii=False)
    assert exported["votes"] == [] and exported["vote_counts"]

    contributions = rapporteur.get(f"{base}/export.csv")
    assert contributions.headers["Content-Disposition"].endswith('-contributions.csv"')
    assert PHONE not in contributions.get_data(as_text=True)
    votes = rapporteur.get(f"{base}/export-votes.csv").get_data(as_text=True)
    assert votes.splitlines()[0] == ("contribution,contribution_kind,kind,dimension,group,voters,"
                                     "agree,disagree,abstain,dots")

    printed = rapporteur.get(f"{base}/print").get_data(as_text=True)
    assert "css/print.css" in printed and PHONE not in printed and "Données personnelles" in printed
    assert "size: A4" in app.test_client().get("/static/css/print.css").get_data(as_text=True)


def test_json_round_trip_keeps_everything_but_the_ids(app, staff):
    session = demo_session(staff)
    rapporteur = login(app.test_client(), "rapporteur")
    base = f"/sessions/{session.id}/synthesis"
    first, second = themes(session)[:2]
    rapporteur.post(f"{base}/merge", data={"theme": first["id"], "other": second["id"],
                                           "label": "Le temps"})
    rapporteur.post(f"{base}/formula", data={"text": "On a commencé par la fin."})
    original = session_document(db.session.get(WorkshopSession, session.id))

    copy = import_document(json.loads(json.dumps(original)), staff["researcher"])
    db.session.commit()
    again = session_document(copy)

    assert copy.id != session.id and copy.status == "closed"
    assert {c["id"] for c in again["contributions"]}.isdisjoint(
        {c["id"] for c in original["contributions"]})
    original["session"]["status"] = "closed"  # an import is always a closed session
    assert comparable(again) == comparable(original)
    # Spelled out: texts, kinds, levels, votes, profiles, notes and edits all came back.
    assert [(c["kind"], c["text"], c.get("level")) for c in again["contributions"]] == \
        [(c["kind"], c["text"], c.get("level")) for c in original["contributions"]]
    assert len(again["votes"]) == len(original["votes"]) == 7 + 14
    assert [p.get("profile") for p in again["participants"]] == \
        [p.get("profile") for p in original["participants"]]
    assert again["notes"] == original["notes"]
    assert again["session"]["formula"] == "On a commencé par la fin."
    assert [t["label"] for t in build(copy)[0]["themes"]] == [t["label"] for t in themes(session)]


def test_import_page_creates_a_closed_session_from_an_export(app, staff):
    session = demo_session(staff, personal_data=False)
    researcher = login(app.test_client(), "researcher")
    exported = researcher.get(f"/sessions/{session.id}/synthesis/export.json").data
    assert researcher.get("/sessions/import").status_code == 200
    response = researcher.post("/sessions/import", data={
        "file": (io.BytesIO(exported), "seance.json")}, content_type="multipart/form-data")
    assert response.status_code == 303
    new = db.session.scalar(db.select(WorkshopSession).order_by(WorkshopSession.id.desc()))
    assert new.id != session.id and new.status == "closed"
    assert response.headers["Location"].endswith(f"/sessions/{new.id}/synthesis")
    page = researcher.get(response.headers["Location"]).get_data(as_text=True)
    assert "La permanence qui déborde" in page and "Renommer" in page  # importer is rapporteur


@pytest.mark.parametrize(("content", "field"), [
    (b"not json", "JSON"),
    (json.dumps({"format": "autre"}).encode(), "format"),
    (json.dumps({"format": "tourdetable.session/1",
                 "session": {"title": "T", "method": "mag-classique", "language": "fr"},
                 "participants": [{"id": "p1", "pseudonym": "P1"}],
                 "contributions": [{"id": "c1", "kind": "anecdote", "author": "p1", "text": "x"}],
                 "votes": []}).encode(), "contributions[0].kind"),
    (json.dumps({"format": "tourdetable.session/1",
                 "session": {"title": "T", "method": "forum", "language": "fr"},
                 "participants": [], "contributions": [], "votes": []}).encode(), "session.method"),
    (json.dumps({"format": "tourdetable.session/1",
                 "session": {"title": "T", "method": "mag-classique", "language": "fr"},
                 "participants": [{"id": "p1", "pseudonym": "P" * 41}],
                 "contributions": [], "votes": []}).encode(), "participants[0].pseudonym"),
    (json.dumps({"format": "tourdetable.session/1",
                 "session": {"title": "T", "method": "mag-classique", "language": "fr"},
                 "participants": [{"id": "p1", "pseudonym": "P1"}],
                 "contributions": [{"id": "c1", "kind": "interpretation", "author": "p1",
                                    "text": "avant\u0000après"}],
                 "votes": []}).encode(), "contributions[0].text"),
])
def test_a_bad_file_is_refused_naming_the_field_and_nothing_is_stored(app, staff, content, field):
    client = login(app.test_client(), "researcher")
    response = client.post("/sessions/import", data={"file": (io.BytesIO(content), "x.json")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert field in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(WorkshopSession.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Participant.id))) == 0


def test_the_minimal_cli_document_imports(app, staff):
    minimal = {"format": "tourdetable.session/1",
               "session": {"title": "Groupe 3", "method": "mag-classique", "language": "fr"},
               "participants": [{"id": "p1", "pseudonym": "P1"}],
               "contributions": [{"id": "c1", "kind": "interpretation", "author": "p1",
                                  "text": "Le temps n'est pas compté."}],
               "votes": [{"contribution": "c1", "participant": "p2", "kind": "agreement",
                          "value": "agree"}]}
    session = import_document(minimal, staff["researcher"])
    db.session.commit()
    document = session_document(session)
    assert [p["pseudonym"] for p in document["participants"]] == ["P1", "p2"]
    assert document["votes"][0]["value"] == "agree"
    assert document["contributions"][0]["step"] == 5  # the first interpretation round
