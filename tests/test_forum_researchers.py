"""A project's researchers have equal rights in its forum: each opens any atelier's console and
its rapporteur's notes without staffing themselves, as the forum's creator does; the steering
committee and a researcher of another project do not."""

from conftest import login
from test_project_synthesis import _two_groups_after_day_one
from test_projects import make_project

from workshop.core.extensions import db
from workshop.forum.models import Forum


def _forum_and_people(app):
    creator, project, groups, sessions = _two_groups_after_day_one(app)
    response = creator.post(f"/projects/{project.id}/forums", data={"title": "Forum", "ateliers": 2})
    assert response.status_code == 302
    forum = db.session.scalar(db.select(Forum).filter_by(project_id=project.id))
    for atelier in forum.ateliers:
        creator.post(f"/sessions/{atelier.session_id}/status", data={"status": "live"})
    creator.post(f"/projects/{project.id}/team", data={"username": "researcher", "role": "researcher"})
    creator.post(f"/projects/{project.id}/team", data={"username": "observer", "role": "committee"})
    outsider = login(app.test_client(), "outsider")
    make_project(outsider, themes=1)  # a researcher, of another project
    return forum, {name: login(app.test_client(), name) for name in ("researcher", "observer")} | {
        "outsider": outsider}


def test_every_researcher_of_the_project_runs_each_atelier_without_staffing(app, staff):
    forum, people = _forum_and_people(app)
    colleague = people["researcher"]
    for atelier in forum.ateliers:
        sid = atelier.session_id
        assert staff["researcher"].id not in {role.user_id for role in atelier.session.staff}
        assert colleague.get(f"/sessions/{sid}/console").status_code == 200
        assert colleague.get(f"/sessions/{sid}/notes").status_code == 200
        assert colleague.get(f"/sessions/{sid}/forum").status_code == 200
    # the same rights as the creator: the colleague drives an atelier (here, closes it)
    first = forum.ateliers[0]
    response = colleague.post(f"/sessions/{first.session_id}/status", data={"status": "closed"})
    assert response.status_code == 200
    assert db.session.get(type(first.session), first.session_id).status == "closed"


def test_the_committee_and_another_projects_researcher_get_no_console(app, staff):
    forum, people = _forum_and_people(app)
    sid = forum.ateliers[0].session_id
    for name in ("observer", "outsider"):
        browser = people[name]
        assert browser.get(f"/sessions/{sid}/console").status_code == 403, name
        assert browser.get(f"/sessions/{sid}/notes").status_code == 403, name
        assert browser.post(f"/sessions/{sid}/status", data={"status": "closed"}).status_code == 403, name
    assert db.session.get(type(forum.ateliers[0].session), sid).status == "live"


def test_the_consoles_live_room_lets_in_the_projects_researchers_only(app, staff, socket_client):
    forum, people = _forum_and_people(app)
    sid = forum.ateliers[1].session_id
    assert socket_client(people["researcher"], audience="console", session=sid).is_connected()
    assert not socket_client(people["observer"], audience="console", session=sid).is_connected()
    assert not socket_client(people["outsider"], audience="console", session=sid).is_connected()
