"""Application-wide guarantees: migrations, CSRF, languages, throttling, command line."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from conftest import PASSWORD, app_config, database_copy, empty_database
from flask_migrate import upgrade

from workshop import create_app
from workshop.core.accounts import User
from workshop.core.extensions import db
from workshop.sessions.models import WorkshopSession


def test_migrations_build_an_empty_database_that_matches_the_models(tmp_path):
    app = create_app(app_config(empty_database(tmp_path, "empty.sqlite3")))
    with app.app_context():
        upgrade()
        tables = set(db.inspect(db.engine).get_table_names())
        assert {"user", "workshop_session", "staff_role", "step_state", "participant",
                "contribution", "contribution_revision", "vote", "note"} <= tables
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == [], "models changed without a migration"


def test_posts_without_csrf_token_are_refused(tmp_path, migrated_template):
    database = database_copy(tmp_path, migrated_template, "csrf.sqlite3")
    app = create_app({**app_config(database), "WTF_CSRF_ENABLED": True})
    client = app.test_client()
    response = client.post("/join", data={"code": "ABCDEF"})
    assert response.status_code == 400
    assert "expiré" in response.get_data(as_text=True)
    page = client.get("/join").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    assert client.post("/join", data={"code": "ABCDEF", "csrf_token": token}).status_code == 404
    htmx = client.post("/join", data={"code": "ABCDEF"}, headers={"X-CSRFToken": token})
    assert htmx.status_code == 404


def test_join_code_guessing_is_throttled(tmp_path, migrated_template):
    database = database_copy(tmp_path, migrated_template, "limit.sqlite3")
    app = create_app({**app_config(database), "RATELIMIT_ENABLED": True})
    client = app.test_client()
    statuses = [client.post("/join", data={"code": f"AAAA{i:02d}"}).status_code for i in range(25)]
    assert statuses[:20] == [404] * 20
    assert statuses[-1] == 429


def test_language_switch_and_default(client):
    assert 'lang="fr"' in client.get("/join").get_data(as_text=True)
    response = client.post("/lang/nl", data={"next": "/join"})
    assert response.status_code == 302 and response.headers["Location"] == "/join"
    assert 'lang="nl"' in client.get("/join").get_data(as_text=True)
    client.post("/lang/xx", data={"next": "https://evil.example"})
    assert 'lang="fr"' in client.get("/join").get_data(as_text=True)


def test_every_page_offers_the_language_switch(client):
    page = client.get("/join").get_data(as_text=True)
    for code in ("fr", "nl", "en"):
        assert f'/lang/{code}"' in page


def test_cli_creates_staff_accounts_and_refuses_duplicates(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "marie", "--name", "Marie",
                                 "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).filter_by(username="marie"))
    assert user.check_password(PASSWORD) and user.password_hash != PASSWORD
    again = runner.invoke(args=["users", "create", "marie", "--password", PASSWORD])
    assert again.exit_code != 0 and "already exists" in again.output
    short = runner.invoke(args=["users", "create", "paul", "--password", "short"])
    assert short.exit_code != 0


def test_demo_creates_a_session_at_the_interpretation_round_and_prints_the_urls(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    session = db.session.scalar(db.select(WorkshopSession).filter_by(method_key="mag-classique"))
    assert session.status == "live" and session.step.kind.name == "interpretation_round"
    assert session.chosen_story is not None and session.language == "fr"
    for label in ("animatrice", "/console", "/projector", f"/join/{session.join_code}"):
        assert label in result.output
    login = app.test_client().post("/login", data={"username": "animatrice",
                                                   "password": "demo-tourdetable"})
    assert login.status_code == 302
    sessions = db.session.scalar(db.select(db.func.count(WorkshopSession.id)))
    skipped = runner.invoke(args=["demo", "--if-empty"])
    assert "no demo added" in skipped.output
    assert db.session.scalar(db.select(db.func.count(WorkshopSession.id))) == sessions


def test_unknown_pages_get_a_clear_message(client):
    response = client.get("/nowhere")
    assert response.status_code == 404 and "existe pas" in response.get_data(as_text=True)


def test_pages_carry_security_headers_and_no_inline_script(client):
    response = client.get("/join")
    policy = response.headers["Content-Security-Policy"]
    script_policy = policy.split("script-src")[1].split(";")[0]
    assert "'self'" in script_policy and "unsafe-inline" not in script_policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    page = response.get_data(as_text=True)
    assert "<script>" not in page and "<script src=" in page
    cookie = client.post("/lang/nl", data={"next": "/join"}).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
