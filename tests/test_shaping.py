"""The facilitator shapes a session's method before it starts and keeps it as a team variant;
the built-in method files stay as they are."""

from html import unescape

from conftest import go_to, join, login
from test_projects import make_group, make_project, new_group_session

from workshop.core.extensions import db
from workshop.sessions.methods import get_method
from workshop.sessions.models import Contribution, MethodVariant, WorkshopSession


def draft(client, title="Séance courte") -> WorkshopSession:
    response = client.post("/sessions/new", data={"title": title, "method": "mag-classique",
                                                  "language": "fr", "priority_dots": 5})
    assert response.status_code == 302
    return db.session.scalar(db.select(WorkshopSession).filter_by(title=title))


def change(client, session, action, index, **fields):
    return client.post(f"/sessions/{session.id}/method/steps",
                       data={"action": action, "index": index, **fields})


def keys(session):
    db.session.expire_all()
    return [step.key for step in db.session.get(WorkshopSession, session.id).method.steps]


def test_a_customised_method_is_saved_and_reused(app, staff):
    facilitator = login(app.test_client(), "facilitator")
    session = draft(facilitator)
    built_in = [step.key for step in get_method("mag-classique").steps]
    assert change(facilitator, session, "skip", built_in.index("theory")).status_code == 200
    assert change(facilitator, session, "repeat", built_in.index("first-round")).status_code == 200
    prompts = {"prompt_fr": "Une seule phrase chacun·e.", "prompt_nl": "Eén zin per persoon.",
               "prompt_en": "One sentence each."}
    edited = change(facilitator, session, "edit", 0, minutes="8", **prompts)
    assert edited.status_code == 200 and "Déroulé enregistré" in unescape(edited.text)
    shaped = keys(session)
    assert len(shaped) == 14 and "theory" not in shaped
    assert shaped[5:7] == ["first-round", "first-round--2"]
    step = db.session.get(WorkshopSession, session.id).method.steps[0]
    assert (step.minutes, step.prompts["nl"]) == (8, "Eén zin per persoon.")

    saved = facilitator.post(f"/sessions/{session.id}/method/variants", data={"name": "MAG courte"})
    assert "Variante « MAG courte » enregistrée" in unescape(saved.text)
    again = facilitator.post(f"/sessions/{session.id}/method/variants", data={"name": "MAG courte"})
    assert again.status_code == 409
    # the built-in method is untouched; a colleague starts a new session from the variant
    assert [s.key for s in get_method("mag-classique").steps] == built_in
    colleague = login(app.test_client(), "rapporteur")
    variant = db.session.scalar(db.select(MethodVariant))
    form = colleague.get("/sessions/new").text
    assert f'value="variant-{variant.id}"' in form and "MAG courte (variante de" in unescape(form)
    response = colleague.post("/sessions/new", data={"title": "Reprise", "method": f"variant-{variant.id}",
                                                     "language": "fr", "priority_dots": 5})
    assert response.status_code == 302
    reused = db.session.scalar(db.select(WorkshopSession).filter_by(title="Reprise"))
    assert reused.method_key == "mag-classique" and keys(reused) == shaped
    # ... and runs it: the repeated round is a round of its own
    colleague.post(f"/sessions/{reused.id}/status", data={"status": "live"})
    browser, url = join(app, reused, "Lune")
    assert "Une seule phrase chacun·e." in unescape(browser.get(url).text)
    go_to(colleague, reused, 6)
    assert "Premier tour de table" in unescape(browser.get(f"{url}/shared").text)


def test_changes_that_break_the_rules_of_the_kinds_are_refused(app, staff):
    facilitator = login(app.test_client(), "facilitator")
    session = draft(facilitator)
    refused = change(facilitator, session, "skip", 0)  # the stories the choice needs
    assert refused.status_code == 400
    assert "étape « story-choice » (n° 1) : une étape « choose_story » demande avant elle une étape " \
           "qui recueille « story »" in unescape(refused.text)
    refused = change(facilitator, session, "repeat", 13)  # the evaluation
    assert refused.status_code == 400 and "n'a lieu qu'une fois par séance" in unescape(refused.text)
    moved = change(facilitator, session, "up", 5)  # the first round before the questions: allowed
    assert moved.status_code == 200
    before_round = change(facilitator, session, "up", 9)  # positioning above the second reaction
    assert before_round.status_code == 200
    too_long = change(facilitator, session, "edit", 0, minutes="600", prompt_fr="a", prompt_nl="b",
                      prompt_en="c")
    assert too_long.status_code == 400 and "de 1 à 240" in unescape(too_long.text)
    no_dutch = change(facilitator, session, "edit", 0, minutes="5", prompt_fr="a", prompt_nl="",
                      prompt_en="c")
    assert no_dutch.status_code == 400
    assert db.session.get(WorkshopSession, session.id).method.steps[0].minutes == 15
    rapporteur = login(app.test_client(), "rapporteur")
    facilitator.post(f"/sessions/{session.id}/team", data={"username": "rapporteur", "role": "rapporteur"})
    assert change(rapporteur, session, "skip", 11).status_code == 403
    facilitator.post(f"/sessions/{session.id}/status", data={"status": "live"})
    assert change(facilitator, session, "skip", 11).status_code == 409
    facilitator.post(f"/sessions/{session.id}/method/reset")
    assert len(keys(session)) == 14


def test_starting_material_follows_its_step(app, staff):
    client = login(app.test_client(), "facilitator")
    project = make_project(client, themes=1)
    session = new_group_session(client, project, make_group(client, project), "Jour 1")
    findings = db.session.scalars(db.select(Contribution).filter_by(session_id=session.id)).all()
    assert findings and {f.step_index for f in findings} == {0}
    refused = change(client, session, "skip", 0)
    assert refused.status_code == 409 and "contient déjà des éléments" in unescape(refused.text)
    assert change(client, session, "repeat", 1).status_code == 200  # two rounds of stories
    assert change(client, session, "down", 0).status_code == 200
    db.session.expire_all()
    assert {f.step_index for f in db.session.scalars(db.select(Contribution).filter_by(
        session_id=session.id))} == {1}
    assert keys(session)[:3] == ["illustrations", "findings", "illustrations--2"]
