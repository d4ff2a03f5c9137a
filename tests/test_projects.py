"""Research projects: themes with initial findings, thematic groups, and a group's day 1 → day 2."""

import re
from html import unescape

from conftest import go_to, join, login, submit

from workshop.core.extensions import db
from workshop.research.models import Project, Theme, WorkshopGroup
from workshop.sessions.models import Contribution, Participant, WorkshopSession

FINDINGS = ("Les travailleurs sociaux manquent de temps pour l'accompagnement.",
            "Les procédures changent sans concertation avec la première ligne.")


def make_project(client, themes=3) -> Project:
    response = client.post("/projects/new", data={"title": "Accompagnement social en CPAS"})
    assert response.status_code == 302
    project = db.session.scalars(db.select(Project).order_by(Project.id.desc())).first()
    for number in range(1, themes + 1):
        response = client.post(f"/projects/{project.id}/themes", data={
            "theme-title": f"Thème {number}", "theme-note": f"Note du thème {number}",
            "theme-initial_findings": "\n".join(FINDINGS) + "\n\n"})
        assert response.status_code == 302
    return project


def make_group(client, project, theme_index=0, name="Groupe A") -> WorkshopGroup:
    theme = project.themes[theme_index]
    response = client.post(f"/projects/{project.id}/groups", data={
        "group-name": name, "group-theme": theme.id, "group-capacity": 10,
        "group-first_date": "2026-03-02", "group-second_date": "2026-03-16"})
    assert response.status_code == 302, unescape(response.text)
    return db.session.scalars(db.select(WorkshopGroup).filter_by(name=name)).one()


def new_group_session(client, project, group, title="Jour") -> WorkshopSession:
    response = client.post(f"/projects/{project.id}/groups/{group.id}/sessions",
                           data={"title": title, "language": "fr", "scheduled_for": "2026-03-02"})
    assert response.status_code == 302, unescape(response.text)
    session_id = int(re.search(r"/sessions/(\d+)/", response.headers["Location"]).group(1))
    return db.session.get(WorkshopSession, session_id)


def test_coordinator_creates_a_project_with_themes_and_groups(app, staff):
    client = login(app.test_client(), "facilitator")
    project = make_project(client)
    assert [theme.title for theme in project.themes] == ["Thème 1", "Thème 2", "Thème 3"]
    assert project.themes[0].findings == list(FINDINGS)
    for index, name in enumerate(("Groupe A", "Groupe B", "Groupe C")):
        make_group(client, project, index, name)
    page = unescape(client.get(f"/projects/{project.id}").text)
    assert "Groupe B" in page and "Thème 3" in page and FINDINGS[1] in page
    assert "Accompagnement social en CPAS" in client.get("/projects/").text

    # a theme can be edited
    theme = project.themes[0]
    response = client.post(f"/projects/{project.id}/themes/{theme.id}", data={
        "title": "Temps d'accompagnement", "note": "", "initial_findings": "Un seul constat"})
    assert response.status_code == 302
    assert db.session.get(Theme, theme.id).findings == ["Un seul constat"]


def test_bad_project_input_is_refused_and_nothing_is_stored(app, staff):
    client = login(app.test_client(), "facilitator")
    assert client.post("/projects/new", data={"title": ""}).status_code == 400
    assert db.session.scalar(db.select(db.func.count(Project.id))) == 0
    project = make_project(client, themes=0)
    response = client.post(f"/projects/{project.id}/groups", data={"group-name": "G", "group-capacity": 10})
    assert response.status_code == 409
    assert "thème" in unescape(response.text)
    client.post(f"/projects/{project.id}/themes", data={"theme-title": "T"})
    response = client.post(f"/projects/{project.id}/groups", data={
        "group-name": "", "group-theme": project.themes[0].id, "group-capacity": 10})
    assert response.status_code == 400
    response = client.post(f"/projects/{project.id}/themes", data={"theme-title": ""})
    assert response.status_code == 400
    assert len(db.session.get(Project, project.id).themes) == 1
    assert db.session.scalar(db.select(db.func.count(WorkshopGroup.id))) == 0


def test_only_the_coordinator_sees_and_changes_a_project(app, staff):
    owner = login(app.test_client(), "facilitator")
    project = make_project(owner, themes=1)
    group = make_group(owner, project)
    other = login(app.test_client(), "outsider")
    assert other.get(f"/projects/{project.id}").status_code == 403
    assert other.post(f"/projects/{project.id}/themes", data={"theme-title": "X"}).status_code == 403
    assert other.post(f"/projects/{project.id}/groups/{group.id}/sessions",
                      data={"title": "X", "language": "fr"}).status_code == 403
    assert "Accompagnement" not in other.get("/projects/").text
    anonymous = app.test_client()
    assert anonymous.get(f"/projects/{project.id}").status_code == 302  # to the login page
    assert owner.get("/projects/999").status_code == 404


def _agree(browser, url, item, value):
    response = browser.post(f"{url}/votes", data={"kind": "agreement", "contribution": item.id,
                                                  "value": value})
    assert response.status_code == 200, unescape(response.text)


def test_first_session_of_a_group_starts_from_the_themes_initial_findings(app, staff):
    client = login(app.test_client(), "facilitator")
    project = make_project(client, themes=1)
    group = make_group(client, project)
    session = new_group_session(client, project, group, "Jour 1")
    assert session.method_key == "recherche-action" and session.group_id == group.id
    initial = db.session.scalars(db.select(Contribution).filter_by(session_id=session.id)).all()
    assert [(item.kind, item.origin, item.text) for item in initial] == [
        ("finding", "initial", text) for text in FINDINGS]

    client.post(f"/sessions/{session.id}/status", data={"status": "live"})
    browser, url = join(app, session, "Alix")
    page = unescape(browser.get(url).text)
    assert "Constats" in page and FINDINGS[0] in page and "Constat initial" in page
    # the group completes the findings, then positions itself on each
    assert submit(browser, url, 0, "Les outils informatiques ralentissent le travail.").status_code == 200
    client.post(f"/sessions/{session.id}/votes", data={"open": "1"})
    added = db.session.scalars(db.select(Contribution).filter_by(session_id=session.id,
                                                                 origin=None)).one()
    _agree(browser, url, initial[0], "agree")
    _agree(browser, url, added, "disagree")
    mine = browser.get(f"{url}/mine").text
    assert mine.count("Votre position") == 2
    # visions to a horizon year are written then positioned the same way
    go_to(client, session, 3)
    vision_text = "En 2030, chaque CPAS a un temps d'accompagnement protégé."
    assert submit(browser, url, 3, vision_text).status_code == 200
    client.post(f"/sessions/{session.id}/votes", data={"open": "1"})
    vision = db.session.scalars(db.select(Contribution).filter_by(session_id=session.id,
                                                                  kind="vision")).one()
    _agree(browser, url, vision, "agree")
    assert "En 2030" in browser.get(f"{url}/mine").text  # phones list a vote step's items in their own part


def _run_day_one(app, client, session):
    """Four people: one finding agreed by all, one that divides them, two ranked proposals."""
    client.post(f"/sessions/{session.id}/status", data={"status": "live"})
    people = [join(app, session, name, service="ssg", function="social_worker")
              for name in ("Alix", "Bo", "Cyd", "Dani")]
    initial = db.session.scalars(db.select(Contribution).filter_by(session_id=session.id)
                                 .order_by(Contribution.id)).all()
    client.post(f"/sessions/{session.id}/votes", data={"open": "1"})
    for index, (browser, url) in enumerate(people):
        _agree(browser, url, initial[0], "agree")
        _agree(browser, url, initial[1], "agree" if index % 2 else "disagree")
    go_to(client, session, 4)
    alix, alix_url = people[0]
    for text, level, actor in (("Protéger un temps d'accompagnement", "organisation", "Direction du CPAS"),
                               ("Former aux nouvelles procédures", "practice", "")):
        assert submit(alix, alix_url, 4, text, level=level, actor=actor).status_code == 200
    client.post(f"/sessions/{session.id}/votes", data={"open": "1"})
    first = db.session.scalars(db.select(Contribution).filter_by(session_id=session.id,
                                                                 kind="proposal")).first()
    for browser, url in people:
        assert browser.post(f"{url}/votes", data={"kind": "priority", "contribution": first.id}
                            ).status_code == 200
    return people


def test_day_two_carries_participants_and_starts_from_day_one_synthesis(app, staff):
    client = login(app.test_client(), "facilitator")
    project = make_project(client, themes=1)
    group = make_group(client, project)
    day1 = new_group_session(client, project, group, "Jour 1")
    client.post(f"/sessions/{day1.id}/team", data={"username": "rapporteur", "role": "rapporteur"})
    _run_day_one(app, client, day1)

    # day 2 waits for day 1 to be closed
    response = client.post(f"/projects/{project.id}/groups/{group.id}/sessions",
                           data={"title": "Jour 2", "language": "fr"})
    assert response.status_code == 409 and "Clôturez" in unescape(response.text)
    client.post(f"/sessions/{day1.id}/status", data={"status": "closed"})
    day2 = new_group_session(client, project, group, "Jour 2")

    assert day2.previous_session_id == day1.id and day2.group_id == group.id
    assert {role.role for role in day2.staff} == {"facilitator", "rapporteur"}
    carried = db.session.scalars(db.select(Participant).filter_by(session_id=day2.id)
                                 .order_by(Participant.id)).all()
    assert [p.pseudonym for p in carried] == ["Alix", "Bo", "Cyd", "Dani"]
    assert all(p.carried_from_id and p.service == "ssg" and p.attended is None for p in carried)
    day1_tokens = set(db.session.scalars(db.select(Participant.token).filter_by(session_id=day1.id)))
    assert not day1_tokens & {p.token for p in carried}

    material = {(item.kind, item.origin, item.text): item for item in db.session.scalars(
        db.select(Contribution).filter_by(session_id=day2.id))}
    assert set(material) == {
        ("finding", "previous", FINDINGS[0]),
        ("finding", "divergence", FINDINGS[1]),
        ("proposal", "previous", "Protéger un temps d'accompagnement"),
        ("proposal", "previous", "Former aux nouvelles procédures")}
    proposal = material[("proposal", "previous", "Protéger un temps d'accompagnement")]
    assert (proposal.level, proposal.actor, proposal.step_index) == ("organisation",
                                                                     "Direction du CPAS", 4)
    source = db.session.get(Contribution, proposal.source_id)
    assert source.session_id == day1.id and source.text == proposal.text

    # the day 1 personal link leads to day 2; the new link works on the imported material
    day1_alix = db.session.get(Participant, carried[0].carried_from_id)
    old_page = unescape(app.test_client().get(f"/p/{day1_alix.token}").text)
    assert "continue dans une nouvelle séance" in old_page and f"/p/{carried[0].token}" in old_page
    client.post(f"/sessions/{day2.id}/status", data={"status": "live"})
    browser = app.test_client()
    page = unescape(browser.get(f"/p/{carried[0].token}").text)
    assert "Alix" in page and FINDINGS[1] in page and "Divergence restée ouverte" in page

    # attendance is recorded per session
    response = client.post(f"/projects/{project.id}/groups/{group.id}/sessions/{day2.id}/attendance",
                           data={"present": [str(carried[0].id), str(carried[2].id)]})
    assert response.status_code == 302
    assert [p.attended for p in db.session.scalars(db.select(Participant).filter_by(
        session_id=day2.id).order_by(Participant.id))] == [True, False, True, False]
    assert db.session.scalar(db.select(db.func.count(Participant.id)).filter_by(
        session_id=day1.id, attended=True)) == 0
    group_page = client.get(f"/projects/{project.id}/groups/{group.id}").text
    assert "2 présent·es sur 4" in group_page
    foreign = db.session.scalars(db.select(Participant).filter_by(session_id=day1.id)).first()
    response = client.post(f"/projects/{project.id}/groups/{group.id}/sessions/{day2.id}/attendance",
                           data={"present": [str(foreign.id)]})
    assert response.status_code == 400


def test_every_screen_of_a_recherche_action_session_renders(app, staff):
    client = login(app.test_client(), "facilitator")
    project = make_project(client, themes=1)
    group = make_group(client, project)
    session = new_group_session(client, project, group, "Jour 1")
    client.post(f"/sessions/{session.id}/team", data={"username": "rapporteur", "role": "rapporteur"})
    browsers = _run_day_one(app, client, session)
    browser, url = browsers[0]
    for index, step in enumerate(session.method.steps):
        go_to(client, session, index)
        assert step.titles["fr"] in unescape(client.get(f"/sessions/{session.id}/console").text)
        assert client.get(f"/sessions/{session.id}/projector").status_code == 200
        assert step.titles["fr"] in unescape(browser.get(url).text)
    rapporteur = login(app.test_client(), "rapporteur")
    synthesis_page = unescape(rapporteur.get(f"/sessions/{session.id}/synthesis").text)
    assert FINDINGS[0] in synthesis_page
    markdown = rapporteur.get(f"/sessions/{session.id}/synthesis/export.md")
    assert markdown.status_code == 200 and FINDINGS[1] in markdown.text
    assert "Protéger un temps d'accompagnement" in markdown.text
