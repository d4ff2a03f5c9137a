"""Day 2 keeps day 1: visions and stories with their kind, the horizon year of the project, and
the intermediate report the rapporteur edits before day 2."""

from html import unescape

from conftest import go_to, join, login, submit
from test_projects import FINDINGS, _agree, _run_day_one, make_group, make_project, new_group_session

from workshop.core.extensions import db
from workshop.research.models import Project, default_horizon
from workshop.sessions.models import Contribution, WorkshopSession

VISION_SHARED = "En 2031, chaque CPAS protège un temps d'accompagnement."
VISION_SPLIT = "En 2031, les permanences téléphoniques ont disparu."


def _material(session):
    return {(item.kind, item.origin, item.text): item for item in db.session.scalars(
        db.select(Contribution).filter_by(session_id=session.id))}


def test_visions_and_the_chosen_story_carry_over_with_their_kind(app, staff):
    client = login(app.test_client(), "facilitator")
    project = make_project(client, themes=1)
    group = make_group(client, project)
    day1 = new_group_session(client, project, group, "Jour 1")
    people = _run_day_one(app, client, day1)
    # a story that illustrates a finding, chosen by the facilitator
    go_to(client, day1, 1)
    alix, alix_url = people[0]
    assert submit(alix, alix_url, 1, "Pendant deux semaines les téléphones ont été renvoyés.",
                  title="Téléphones renvoyés").status_code == 200
    story = db.session.scalars(db.select(Contribution).filter_by(session_id=day1.id, kind="story")).one()
    assert client.post(f"/sessions/{day1.id}/story", data={"contribution": story.id}).status_code == 200
    # two visions: one the group shares, one that divides it
    go_to(client, day1, 3)  # visions (good practices are step 2)
    for text in (VISION_SHARED, VISION_SPLIT):
        assert submit(alix, alix_url, 3, text).status_code == 200
    client.post(f"/sessions/{day1.id}/votes", data={"open": "1"})
    shared, split = (db.session.scalars(db.select(Contribution).filter_by(session_id=day1.id,
                                                                          text=text)).one()
                     for text in (VISION_SHARED, VISION_SPLIT))
    for index, (browser, url) in enumerate(people):
        _agree(browser, url, shared, "agree")
        _agree(browser, url, split, "agree" if index % 2 else "disagree")
    client.post(f"/sessions/{day1.id}/status", data={"status": "closed"})

    day2 = new_group_session(client, project, group, "Jour 2")
    material = _material(day2)
    assert ("vision", "previous", VISION_SHARED) in material
    assert ("vision", "divergence", VISION_SPLIT) in material  # a vision, never a finding
    assert not any(kind == "finding" and text == VISION_SPLIT for kind, _origin, text in material)
    assert ("finding", "divergence", FINDINGS[1]) in material
    carried_story = material[("story", "chosen", story.text)]
    assert carried_story.title == "Téléphones renvoyés" and carried_story.source_id == story.id
    assert db.session.get(WorkshopSession, day2.id).chosen_story_id == carried_story.id
    vision = material[("vision", "divergence", VISION_SPLIT)]
    assert vision.step_index == 3 and vision.source_id == split.id


def test_the_horizon_year_is_the_projects_and_reaches_the_visions_prompt(app, staff):
    client = login(app.test_client(), "facilitator")
    response = client.post("/projects/new", data={"title": "Sans horizon donné"})
    assert response.status_code == 302
    assert db.session.scalars(db.select(Project)).one().horizon_year == default_horizon()
    assert client.post("/projects/new", data={"title": "X", "horizon_year": "99"}).status_code == 400
    project = make_project(client, themes=1)
    horizon = f"/projects/{project.id}/horizon"
    assert client.post(horizon, data={"horizon-horizon_year": "2031"}).status_code == 302
    group = make_group(client, project)
    session = new_group_session(client, project, group, "Jour 1")
    assert session.horizon == 2031
    client.post(f"/sessions/{session.id}/status", data={"status": "live"})
    browser, url = join(app, session, "Alix")
    go_to(client, session, 3)
    page = unescape(browser.get(url).text)
    assert "Projetez-vous en 2031 : « En 2031, … »" in page and "2030" not in page
    assert "En 2031" in unescape(client.get(f"/sessions/{session.id}/projector").text)
    # a new horizon reaches the sessions still running; a bad one is refused and changes nothing
    client.post(horizon, data={"horizon-horizon_year": "2032"})
    assert "En 2032" in unescape(browser.get(url).text)
    response = client.post(horizon, data={"horizon-horizon_year": "abc"})
    assert response.status_code == 400
    assert db.session.get(Project, project.id).horizon_year == 2032
    other = login(app.test_client(), "outsider")
    assert other.post(horizon, data={"horizon-horizon_year": "2040"}).status_code == 403


def test_day_two_takes_the_intermediate_report_again_until_it_starts(app, staff):
    client = login(app.test_client(), "facilitator")
    project = make_project(client, themes=1)
    group = make_group(client, project)
    day1 = new_group_session(client, project, group, "Jour 1")
    client.post(f"/sessions/{day1.id}/team", data={"username": "rapporteur", "role": "rapporteur"})
    _run_day_one(app, client, day1)
    client.post(f"/sessions/{day1.id}/status", data={"status": "closed"})
    page = unescape(client.get(f"/projects/{project.id}/groups/{group.id}").text)
    assert "Éditer le rapport intermédiaire" in page
    day2 = new_group_session(client, project, group, "Jour 2")
    assert ("finding", "divergence", FINDINGS[1]) in _material(day2)

    # the rapporteur edits the intermediate report: the divided finding was in fact shared
    rapporteur = login(app.test_client(), "rapporteur")
    split = db.session.scalars(db.select(Contribution).filter_by(session_id=day1.id, text=FINDINGS[1])).one()
    response = rapporteur.post(f"/sessions/{day1.id}/synthesis/position",
                               data={"contribution": f"c{split.id}", "position": "convergence"})
    assert response.status_code in (200, 303), unescape(response.text)
    refresh = f"/projects/{project.id}/groups/{group.id}/sessions/{day2.id}/material"
    group_page = unescape(client.get(f"/projects/{project.id}/groups/{group.id}").text)
    assert "Reprendre le rapport intermédiaire" in group_page
    assert client.post(refresh).status_code == 302
    material = _material(day2)
    assert ("finding", "previous", FINDINGS[1]) in material
    assert len([key for key in material if key[0] == "proposal"]) == 2  # replaced, not doubled
    # once day 2 has started its material no longer changes
    client.post(f"/sessions/{day2.id}/status", data={"status": "live"})
    assert client.post(refresh).status_code == 409
    assert login(app.test_client(), "outsider").post(refresh).status_code == 403


def test_every_story_day_one_analysed_comes_to_day_two_in_its_order(app, staff):
    """Day 1 analysed two stories (two MAG sequences): day 2 starts with both, marked as
    analysed, in the order day 1 took them, and day 2's report lists them as its analysed
    stories."""
    from conftest import decide_everything
    from test_shaping import change
    from test_stories import choose

    client = login(app.test_client(), "facilitator")
    project = make_project(client, themes=1)
    group = make_group(client, project)
    day1 = new_group_session(client, project, group, "Jour 1")
    for _time in range(2):
        assert change(client, day1, "add", 0, addition="mag-sequence").status_code == 200
    client.post(f"/sessions/{day1.id}/status", data={"status": "live"})
    people = [join(app, day1, name) for name in ("Zéphyr", "Quartz", "Yuzu")]
    go_to(client, day1, 1)
    for index, (browser, url) in enumerate(people):  # three stories; B is written first
        title = f"Récit {'BAC'[index]}"
        assert submit(browser, url, 1, f"{title}, vécu au guichet.", title=title).status_code == 200
    stories = {c.title: c for c in db.session.scalars(db.select(Contribution).filter_by(
        session_id=day1.id, kind="story"))}
    choose(client, day1, people, stories["Récit A"])
    choose(client, day1, people, stories["Récit B"], "--2")
    client.post(f"/sessions/{day1.id}/status", data={"status": "closed"})

    day2 = new_group_session(client, project, group, "Jour 2")
    carried = db.session.scalars(db.select(Contribution).filter_by(session_id=day2.id, kind="story")
                                 .order_by(Contribution.id)).all()
    assert [(story.title, story.origin) for story in carried] == [
        ("Récit A", "chosen"), ("Récit B", "chosen"), ("Récit C", "previous")]
    assert [story.source_id for story in carried[:2]] == [stories["Récit A"].id, stories["Récit B"].id]
    assert db.session.get(WorkshopSession, day2.id).chosen_story_id == carried[0].id
    decide_everything(client, day2.id)
    report = client.get(f"/sessions/{day2.id}/synthesis/export.md").text
    assert report.index("Récit analysé n° 1 : Récit A") < report.index("Récit analysé n° 2 : Récit B")
    assert "Récit analysé n° 3" not in report
