"""Every route refuses whoever may not use it: anonymous visitors, outsiders, each staff role."""

import pytest
from conftest import join, login, token_of

from workshop.core.extensions import db
from workshop.sessions.models import Participant, WorkshopSession

DRIVE_ACTIONS = [("step", {"move": "next"}), ("status", {"status": "closed"}),
                 ("timer", {"action": "start"}), ("reveal", {"revealed": "1"}),
                 ("votes", {"open": "0"}), ("story", {"contribution": "1"}),
                 ("speaking-order", {"action": "next"}), ("contributions/1/hide", {"hidden": "1"}),
                 ("contributions/1/edit", {"text": "x"}), ("contributions/1/merge", {"into": "2"}),
                 ("contributions/1/position", {"kind": "convergence"}),
                 ("team", {"username": "outsider", "role": "observer"})]
VIEW_PAGES = ["console", "console/state", "console/presence", "projector", "projector/live",
              "qr.svg", "notes", "notes/list"]


@pytest.mark.parametrize("path", VIEW_PAGES)
def test_anonymous_visitors_are_sent_to_login(app, mag, path):
    response = app.test_client().get(f"/sessions/{mag.id}/{path}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", VIEW_PAGES)
def test_staff_of_another_session_cannot_look(app, mag, staff, path):
    response = login(app.test_client(), "outsider").get(f"/sessions/{mag.id}/{path}")
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["rapporteur", "researcher", "observer"])
def test_every_staff_role_can_look(app, mag, staff, role):
    client = login(app.test_client(), role)
    for path in VIEW_PAGES:
        assert client.get(f"/sessions/{mag.id}/{path}").status_code == 200, path


@pytest.mark.parametrize("role", ["rapporteur", "researcher", "observer", "outsider"])
@pytest.mark.parametrize(("action", "data"), DRIVE_ACTIONS)
def test_only_the_facilitator_drives(app, mag, staff, role, action, data):
    client = login(app.test_client(), role)
    before = (mag.current_step, mag.status)
    response = client.post(f"/sessions/{mag.id}/{action}", data=data)
    assert response.status_code == 403
    session = db.session.get(WorkshopSession, mag.id)
    assert (session.current_step, session.status) == before


def test_observers_cannot_write_and_only_rapporteurs_take_notes(app, mag, staff):
    observer = login(app.test_client(), "observer")
    assert observer.post(f"/sessions/{mag.id}/staff-contributions",
                         data={"kind": "theory", "text": "x"}).status_code == 403
    for role in ("observer", "researcher", "facilitator"):
        client = login(app.test_client(), role)
        assert client.post(f"/sessions/{mag.id}/notes", data={"text": "x"}).status_code == 403, role


def test_observer_console_has_no_driving_buttons(app, mag, staff):
    page = login(app.test_client(), "observer").get(f"/sessions/{mag.id}/console")
    assert "Étape suivante" not in page.get_data(as_text=True)
    page = login(app.test_client(), "facilitator").get(f"/sessions/{mag.id}/console")
    assert "Étape suivante" in page.get_data(as_text=True)


def test_a_participant_cannot_call_facilitator_actions(app, mag):
    browser, _url = join(app, mag, "Lune")
    for action, data in DRIVE_ACTIONS:
        response = browser.post(f"/sessions/{mag.id}/{action}", data=data)
        assert response.status_code == 302 and "/login" in response.headers["Location"], action
    assert browser.get(f"/sessions/{mag.id}/console").status_code == 302
    assert db.session.get(WorkshopSession, mag.id).current_step == 0


def test_a_participant_of_another_session_cannot_act_here(app, mag, staff):
    from workshop.sessions.lifecycle import create_session

    other = create_session("Autre", "mag-classique", staff["facilitator"])
    other.status = "live"
    db.session.commit()
    _browser, url = join(app, other, "Ailleurs")
    stranger = app.test_client()
    own_browser, own_url = join(app, mag, "Lune")
    own_browser.post(f"{own_url}/contributions", data={"step": 0, "text": "Ici", "title": "T"})
    item_id = db.session.scalar(db.select(db.func.max(db.text("contribution.id"))).select_from(
        db.text("contribution")))
    # Acting with their own link on an item of this session is refused.
    response = stranger.post(f"{url}/contributions/{item_id}/withdraw")
    assert response.status_code == 404
    assert db.session.scalar(db.select(db.func.count(Participant.id))) == 2
    assert token_of(url) != token_of(own_url)


def test_staff_home_and_new_session_need_login(app):
    for path in ("/", "/sessions/new"):
        response = app.test_client().get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_login_refuses_wrong_password_and_ignores_foreign_next(app, staff):
    client = app.test_client()
    wrong = client.post("/login", data={"username": "facilitator", "password": "nope"})
    assert wrong.status_code == 401 and "incorrect" in wrong.get_data(as_text=True)
    from conftest import PASSWORD

    response = client.post("/login?next=https://evil.example/", data={
        "username": "facilitator", "password": PASSWORD})
    assert response.headers["Location"] == "/"


PARTICIPANT_ROUTES = [("get", ""), ("get", "/mine"), ("get", "/shared"),
                      ("post", "/contributions"), ("post", "/contributions/1"),
                      ("post", "/contributions/1/withdraw"), ("post", "/evaluation"),
                      ("post", "/votes"), ("post", "/votes/withdraw")]


@pytest.mark.parametrize(("method", "path"), PARTICIPANT_ROUTES)
@pytest.mark.parametrize("who", ["anonymous", "facilitator"])
def test_participant_routes_need_a_real_personal_link(app, mag, staff, method, path, who):
    """Neither a stranger nor staff can act as a participant without the personal link."""
    client = app.test_client() if who == "anonymous" else login(app.test_client(), who)
    data = {"step": 0, "text": "x", "title": "x", "kind": "agreement", "contribution": 1, "value": "agree"}
    kwargs = {"data": data} if method == "post" else {}
    response = getattr(client, method)(f"/p/forged-token-000{path}", **kwargs)
    assert response.status_code == 404
    assert db.session.scalar(db.select(db.func.count(Participant.id))) == 0


@pytest.mark.parametrize(("role", "status"), [("rapporteur", 403), ("researcher", 403), ("observer", 403),
                                              ("outsider", 403), ("facilitator", 200)])
def test_only_the_facilitator_manages_the_team(app, mag, staff, role, status):
    response = login(app.test_client(), role).get(f"/sessions/{mag.id}/team")
    assert response.status_code == status
