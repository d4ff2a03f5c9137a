"""The day's opening, added on the shaping page: the room sees how the day goes, the theme's
note and the confidentiality charter, then everyone introduces themselves in turn."""

from html import unescape

from conftest import join, login
from test_methods import HEAD, check, step
from test_projects import make_group, make_project, new_group_session
from test_shaping import change, draft, keys

from workshop.core.extensions import db
from workshop.sessions.methods import get_method
from workshop.sessions.models import WorkshopSession


def add_opening(client, session):
    return change(client, session, "add", 0, addition="opening")


def start(client, session):
    response = client.post(f"/sessions/{session.id}/status", data={"status": "live"})
    assert response.status_code == 200, unescape(response.text)


def test_the_opening_shows_the_method_the_charter_and_the_round_of_introductions(app, staff):
    facilitator = login(app.test_client(), "facilitator")
    session = draft(facilitator)
    page = facilitator.get(f"/sessions/{session.id}/method").text
    assert "Ouverture de la journée" in unescape(page)
    added = add_opening(facilitator, session)
    assert added.status_code == 200 and "Déroulé enregistré" in unescape(added.text)
    built_in = [one.key for one in get_method("mag-classique").steps]
    assert keys(session) == ["opening", *built_in]
    again = add_opening(facilitator, session)
    assert again.status_code == 400 and "n'a lieu qu'une fois par séance" in unescape(again.text)
    assert keys(session) == ["opening", *built_in]

    start(facilitator, session)
    session = db.session.get(WorkshopSession, session.id)
    amina, amina_page = join(app, session, "Amina")
    join(app, session, "Bruno")
    projector = unescape(facilitator.get(f"/sessions/{session.id}/projector").text)
    assert "Le déroulé de la séance" in projector
    mag = get_method("mag-classique")  # its phases and steps, each with its time box
    assert all(mag.phases[number]["fr"] in projector for number in mag.phases)
    assert f"{mag.steps[1].titles['fr']} ({mag.steps[1].minutes} minutes)" in projector
    assert "Charte de confidentialité" in projector and "Il n'apparaît jamais dans le rapport" in projector
    # the people who joined are in the round of introductions, in the order they came
    assert "À présent : Amina" in " ".join(projector.replace("<strong>", "").replace("</strong>", "").split())
    assert "Ensuite : Bruno" in " ".join(projector.split())
    phone = unescape(amina.get(amina_page).text)  # the same, and nothing to write
    assert "Charte de confidentialité" in phone and "À présent" in phone and "<textarea" not in phone


def test_a_thematic_groups_opening_shows_its_theme_note(app, staff):
    coordinator = login(app.test_client(), "facilitator")
    project = make_project(coordinator)
    group = make_group(coordinator, project)
    session = new_group_session(coordinator, project, group)
    assert add_opening(coordinator, session).status_code == 200
    start(coordinator, session)
    projector = unescape(coordinator.get(f"/sessions/{session.id}/projector").text)
    assert "Note thématique : Thème 1" in projector and "Note du thème 1" in projector
    assert "Le déroulé de la séance" in projector


def test_an_addition_placed_after_an_unknown_step_is_refused(app, tmp_path):
    addition = """
[[additions]]
key = "ouverture"
title = { fr = "Ouverture", nl = "Opening", en = "Opening" }
after = "nulle-part"
""" + step("accueil", "opening").replace("[[steps]]", "[[additions.steps]]")
    result = check(app, tmp_path, HEAD + step("histoires", "collect_stories") + addition)
    assert result.exit_code == 2
    assert "L'ajout « ouverture » se place après une étape inconnue « nulle-part »" in result.output
