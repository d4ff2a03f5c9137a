"""Staff accounts: logout, a password change and deactivation revoke every cookie (remember-me
included), the first account is an administrator who invites colleagues with a single-use
expiring link and deactivates accounts, and a guessed password is throttled per account."""

from datetime import timedelta

import pytest
from conftest import PASSWORD, app_config, database_copy, login, main_content, make_user

from workshop import create_app
from workshop.core.accounts import User
from workshop.core.clock import utcnow
from workshop.core.extensions import db
from workshop.core.staff_admin import Invitation


def cookies_of(client) -> dict:
    return {name: client.get_cookie(name).value for name in ("session", "remember_token")
            if client.get_cookie(name)}


def opens_staff_pages(app, cookies: dict) -> bool:
    """A browser holding only these cookies (say, copied before a logout) reaches the staff home."""
    browser = app.test_client()
    for name, value in cookies.items():
        browser.set_cookie(name, value)
    return browser.get("/").status_code == 200


def remember_only(cookies: dict) -> dict:
    return {"remember_token": cookies["remember_token"]}


@pytest.fixture
def admin(app):
    user = make_user("admin")
    user.is_admin = True
    db.session.commit()
    return user


def test_logout_revokes_the_session_cookie_and_the_remember_me_cookie(app, staff):
    browser = login(app.test_client(), "facilitator")
    stolen = cookies_of(browser)
    assert opens_staff_pages(app, stolen) and opens_staff_pages(app, remember_only(stolen))
    browser.post("/logout")
    assert not opens_staff_pages(app, stolen)
    assert not opens_staff_pages(app, remember_only(stolen))


def test_a_password_change_logs_every_other_device_out_and_keeps_this_one(app, staff):
    laptop = login(app.test_client(), "facilitator")
    phone_cookies = cookies_of(login(app.test_client(), "facilitator"))
    response = laptop.post("/account/password", data={"current": PASSWORD, "new": "a new long secret",
                                                      "confirm": "a new long secret"})
    assert response.status_code == 302
    assert laptop.get("/").status_code == 200
    assert not opens_staff_pages(app, phone_cookies)
    assert not opens_staff_pages(app, remember_only(phone_cookies))
    assert app.test_client().post("/login", data={"username": "facilitator",
                                                  "password": "a new long secret"}).status_code == 302


def test_a_password_change_needs_the_current_password_and_says_what_is_wrong(app, staff):
    browser = login(app.test_client(), "facilitator")
    wrong = browser.post("/account/password", data={"current": "not it", "new": "a new long secret",
                                                    "confirm": "a new long secret"})
    assert wrong.status_code == 403 and "pas votre mot de passe actuel" in wrong.get_data(as_text=True)
    short = browser.post("/account/password", data={"current": PASSWORD, "new": "short", "confirm": "short"})
    assert short.status_code == 400
    mismatch = browser.post("/account/password", data={"current": PASSWORD, "new": "a new long secret",
                                                       "confirm": "another long secret"})
    assert mismatch.status_code == 400
    assert db.session.scalar(db.select(User).filter_by(username="facilitator")).check_password(PASSWORD)


def test_the_first_account_made_by_the_cli_is_an_administrator(app):
    runner = app.test_cli_runner()
    for name in ("first", "second"):
        result = runner.invoke(args=["users", "create", name, "--password", "long enough pw"])
        assert result.exit_code == 0, result.output
    users = {user.username: user for user in db.session.scalars(db.select(User))}
    assert users["first"].is_admin and not users["second"].is_admin


def test_only_an_administrator_sees_and_runs_the_accounts_screens(app, staff, admin):
    colleague = login(app.test_client(), "facilitator")
    assert colleague.get("/staff/accounts").status_code == 403
    assert colleague.post("/staff/accounts/invitations").status_code == 403
    assert colleague.post(f"/staff/accounts/{admin.id}/deactivate").status_code == 403
    assert app.test_client().get("/staff/accounts").status_code == 302  # to the login page
    page = login(app.test_client(), "admin").get("/staff/accounts").get_data(as_text=True)
    assert "Facilitator" in page and "Désactiver" in page


def invite(app, note="Lea") -> str:
    response = login(app.test_client(), "admin").post("/staff/accounts/invitations", data={"note": note})
    assert response.status_code == 201
    return response.get_data(as_text=True).split('class="invitation-link" value="')[1].split('"')[0]


NEW_ACCOUNT = {"username": "lea", "display_name": "Léa", "password": "lea's long secret",
               "confirm": "lea's long secret"}


def test_an_invitation_link_makes_one_account_once(app, admin):
    link = invite(app).replace("http://localhost", "")
    invitee = app.test_client()
    assert invitee.get(link).status_code == 200
    response = invitee.post(link, data=NEW_ACCOUNT)
    assert response.status_code == 302 and invitee.get("/").status_code == 200
    lea = db.session.scalar(db.select(User).filter_by(username="lea"))
    assert lea.display_name == "Léa" and not lea.is_admin
    again = app.test_client().post(link, data={**NEW_ACCOUNT, "username": "lea2"})
    assert again.status_code == 410
    assert db.session.scalar(db.select(db.func.count(User.id))) == 2


def test_an_unknown_a_spent_and_an_expired_link_get_the_same_answer(app, admin):
    link = invite(app).replace("http://localhost", "")
    db.session.execute(db.update(Invitation).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()
    expired = app.test_client().get(link)
    unknown = app.test_client().get("/invitation/not-a-real-token")
    assert expired.status_code == unknown.status_code == 410
    assert main_content(expired) == main_content(unknown)


def test_an_invitee_keeps_what_was_typed_when_the_username_is_taken(app, admin, staff):
    link = invite(app).replace("http://localhost", "")
    response = app.test_client().post(link, data={**NEW_ACCOUNT, "username": "facilitator"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "déjà pris" in page and 'value="Léa"' in page
    assert app.test_client().post(link, data=NEW_ACCOUNT).status_code == 302  # the link still works


def test_deactivation_shuts_every_cookie_out_and_refuses_the_login(app, staff, admin):
    cookies = cookies_of(login(app.test_client(), "facilitator"))
    facilitator = db.session.scalar(db.select(User).filter_by(username="facilitator"))
    admin_browser = login(app.test_client(), "admin")
    assert admin_browser.post(f"/staff/accounts/{facilitator.id}/deactivate").status_code == 302
    assert not opens_staff_pages(app, cookies) and not opens_staff_pages(app, remember_only(cookies))
    refused = app.test_client().post("/login", data={"username": "facilitator", "password": PASSWORD})
    assert refused.status_code == 403 and "désactivé" in refused.get_data(as_text=True)
    assert admin_browser.post(f"/staff/accounts/{admin.id}/deactivate").status_code == 409
    admin_browser.post(f"/staff/accounts/{facilitator.id}/reactivate")
    login(app.test_client(), "facilitator")


def test_wrong_passwords_block_that_account_from_any_address(tmp_path, migrated_template):
    app = create_app({**app_config(database_copy(tmp_path, migrated_template, "throttle.sqlite3")),
                      "RATELIMIT_ENABLED": True})
    with app.app_context():
        make_user("facilitator")
        make_user("rapporteur")
        statuses = [app.test_client().post("/login", data={"username": "Facilitator", "password": "guess"},
                                           environ_base={"REMOTE_ADDR": f"10.0.0.{i}"}).status_code
                    for i in range(6)]
        assert statuses == [401] * 5 + [429]
        right = app.test_client().post("/login", data={"username": "facilitator", "password": PASSWORD},
                                       environ_base={"REMOTE_ADDR": "10.0.1.1"})
        assert right.status_code == 429 and "bloqué pendant 15 minutes" in right.get_data(as_text=True)
        assert 'value="facilitator"' in right.get_data(as_text=True) and right.headers["Retry-After"]
        other = app.test_client().post("/login", data={"username": "rapporteur", "password": PASSWORD},
                                       environ_base={"REMOTE_ADDR": "10.0.1.2"})
        assert other.status_code == 302
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "/%0d%0a/evil.example",
                                    "/\\evil.example", "https://evil.example", "%0a//evil.example",
                                    "/%E2%80%8B/evil.example", "javascript:alert(1)"])
def test_login_never_redirects_to_another_host(app, staff, target):
    response = app.test_client().post(f"/login?next={target}",
                                      data={"username": "facilitator", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_login_follows_a_path_on_this_host(app, staff):
    response = app.test_client().post("/login?next=/staff/accounts%3Fx%3D1",
                                      data={"username": "facilitator", "password": PASSWORD})
    assert response.headers["Location"] == "/staff/accounts?x=1"


def test_a_deactivated_administrators_invitations_stop_working(app, admin, staff):
    second = make_user("second")
    second.is_admin = True
    db.session.commit()
    link = invite(app).replace("http://localhost", "")
    login(app.test_client(), "second").post(f"/staff/accounts/{admin.id}/deactivate")
    assert app.test_client().get(link).status_code == 410


def test_a_logout_ends_the_open_live_connections_of_that_login(app, mag, staff, socket_client):
    """A console left open on a laptop stops receiving the room's contributions once its
    person logs out elsewhere; a colleague's console stays connected."""
    laptop = login(app.test_client(), "facilitator")
    console = socket_client(laptop, audience="console", session=mag.id)
    other = login(app.test_client(), "rapporteur")
    colleague = socket_client(other, audience="console", session=mag.id)
    assert console.is_connected() and colleague.is_connected()
    login(app.test_client(), "facilitator").post("/logout")  # the same account, from elsewhere
    assert not console.is_connected()
    assert colleague.is_connected()


def test_a_deactivation_ends_the_accounts_live_connections(app, mag, staff, admin, socket_client):
    console = socket_client(login(app.test_client(), "rapporteur"), audience="console", session=mag.id)
    assert console.is_connected()
    login(app.test_client(), "admin").post(f"/staff/accounts/{staff['rapporteur'].id}/deactivate")
    assert not console.is_connected()


@pytest.mark.parametrize(("language", "message"), [("fr", "Connectez-vous pour ouvrir cette page."),
                                                   ("nl", "Meld u aan om deze pagina te openen."),
                                                   ("en", "Log in to open this page.")])
def test_the_login_page_says_why_in_the_readers_language(app, language, message):
    browser = app.test_client()
    sent_to = browser.get("/", headers={"Accept-Language": language})
    assert sent_to.status_code == 302 and "/login" in sent_to.headers["Location"]
    page = browser.get(sent_to.headers["Location"], headers={"Accept-Language": language})
    assert message in page.get_data(as_text=True)
