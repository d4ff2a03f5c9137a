"""Shared fixtures: an app on a fresh database built by the migrations, staff, participants."""

import atexit
import html
import os
import re
import shutil
import threading

import pytest
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_socketio.test_client import SocketIOTestClient

from workshop import create_app
from workshop.core.accounts import User
from workshop.core.extensions import db, socketio
from workshop.sessions.lifecycle import create_session
from workshop.sessions.models import StaffRole

PASSWORD = "correct horse battery"


def app_config(database_uri: str) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "LIVE_COALESCE_SECONDS": 0,  # broadcasts go out at once, so tests can read them
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": False,  # one test below checks CSRF with it on
        "SERVER_NAME": "localhost",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast in tests; real accounts keep scrypt
        "PRELOAD_PIPELINES": False,  # loaded on first use; the browser tests' server preloads
    }


def run_database(url: str | None) -> str | None:
    """A database of this run's own beside the one named (``test_<pid>`` for ``test``), so two
    runs at once (a developer's and CI's) never empty each other's tables; dropped at the end.
    Without the right to create databases, the named one is used as it is."""
    if not url:
        return None
    import sqlalchemy

    server = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT")
    name = f"{server.url.database}_{os.getpid()}"
    try:
        with server.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sqlalchemy.exc.DBAPIError:
        return url
    finally:
        server.dispose()
    atexit.register(drop_database, url, name)
    return server.url.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str, name: str) -> None:
    import sqlalchemy

    server = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    server.dispose()


# When set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test), every test runs on
# PostgreSQL instead of a per-test SQLite copy: migrated once per run, emptied before each test.
TEST_DATABASE_URL = run_database(os.environ.get("TEST_DATABASE_URL"))


def reset_schema(database_uri: str) -> None:
    """Drop everything in the test database, so the migrations start from nothing."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(database_uri)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


def truncate_all(app) -> None:
    """Empty every table (the migrations' alembic_version excepted) and restart the sequences."""
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """The migrations run once; each test gets a copy of the resulting database (SQLite), or
    the shared TEST_DATABASE_URL database emptied (PostgreSQL)."""
    if TEST_DATABASE_URL:
        reset_schema(TEST_DATABASE_URL)
        app = create_app(app_config(TEST_DATABASE_URL))
        with app.app_context():
            upgrade()
            db.engine.dispose()
        return TEST_DATABASE_URL
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    app = create_app(app_config(f"sqlite:///{path}"))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return path


def empty_database(tmp_path, name: str) -> str:
    """A database with nothing in it: a new SQLite file, or the PostgreSQL test database wiped
    (the next `upgrade()` rebuilds the same schema the other tests expect)."""
    if TEST_DATABASE_URL:
        reset_schema(TEST_DATABASE_URL)
        return TEST_DATABASE_URL
    return f"sqlite:///{tmp_path / name}"


def database_copy(tmp_path, migrated_template, name: str) -> str:
    """A migrated database of the test's own: a copy of the SQLite template, or the PostgreSQL
    test database emptied."""
    if TEST_DATABASE_URL:
        app = create_app(app_config(TEST_DATABASE_URL))
        with app.app_context():
            truncate_all(app)
            db.engine.dispose()
        return TEST_DATABASE_URL
    database = tmp_path / name
    shutil.copyfile(migrated_template, database)
    return f"sqlite:///{database}"


class IsolatedClient(FlaskClient):
    """Each request gets its own app context, as in production: its own `g` (the logged-in
    user) and its own database session, rolled back if the request did not commit. The test's
    own session is expired afterwards so it reads what the request stored."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture
def app(tmp_path, migrated_template):
    if TEST_DATABASE_URL:
        app = create_app(app_config(TEST_DATABASE_URL))
    else:
        database = tmp_path / "test.sqlite3"
        shutil.copyfile(migrated_template, database)
        app = create_app(app_config(f"sqlite:///{database}"))
    app.test_client_class = IsolatedClient
    with app.app_context():
        if TEST_DATABASE_URL:
            truncate_all(app)
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


def make_user(username: str) -> User:
    user = User(username=username, display_name=username.title())
    user.set_password(PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user


@pytest.fixture
def staff(app):
    """One staff member per role, plus one with no role in the session."""
    return {name: make_user(name) for name in
            ("facilitator", "rapporteur", "researcher", "observer", "outsider")}


@pytest.fixture
def mag(app, staff):
    """A live classic MAG session with its staff in their roles."""
    session = create_session("Séance test", "mag-classique", staff["facilitator"])
    for role in ("rapporteur", "researcher", "observer"):
        session.staff.append(StaffRole(user_id=staff[role].id, role=role))
    session.status = "live"
    db.session.commit()
    return session


def login(client, username: str):
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def join(app, session, pseudonym: str, **profile):
    """A new browser joining the session; returns (client, personal page URL)."""
    client = app.test_client()
    response = client.post(f"/join/{session.join_code}", data={"pseudonym": pseudonym, **profile})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client, response.headers["Location"]


def token_of(url: str) -> str:
    return re.search(r"/p/([^/?]+)", url).group(1)


class IsolatedSocketClient(SocketIOTestClient):
    """Each Socket.IO call in its own app context, as in production (see IsolatedClient)."""

    def connect(self, *args, **kwargs):
        with self.app.app_context():
            super().connect(*args, **kwargs)
        db.session.expire_all()

    def disconnect(self, *args, **kwargs):
        with self.app.app_context():
            super().disconnect(*args, **kwargs)
        db.session.expire_all()

    def emit(self, *args, **kwargs):
        with self.app.app_context():
            result = super().emit(*args, **kwargs)
        db.session.expire_all()
        return result


@pytest.fixture
def socket_client(app):
    """Factory for Socket.IO test clients sharing an HTTP client's cookies."""
    clients = []

    def connect(http_client=None, **auth):
        sio = IsolatedSocketClient(app, socketio, flask_test_client=http_client, auth=auth)
        clients.append(sio)
        return sio

    yield connect
    for sio in clients:
        if sio.is_connected():
            sio.disconnect()


def at_once(app, count: int, send) -> list[int]:
    """The status codes of ``send(i)`` for i in range(count), each sent from its own thread at
    the same instant (released by a barrier), in an app context of its own as in production."""
    barrier, statuses = threading.Barrier(count), [None] * count

    def run(index):
        barrier.wait()
        with app.app_context():
            statuses[index] = send(index).status_code

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def go_to(client, session, index: int):
    response = client.post(f"/sessions/{session.id}/step", data={"index": index, "confirm": 1})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def submit(participant_client, url, step, text, **fields):
    return participant_client.post(f"{url}/contributions", data={"step": step, "text": text, **fields})


def review_values(review_html: str) -> dict[str, str]:
    """The review page's distinct values: {form field name: kind}."""
    names = {html.unescape(name) for name in re.findall(r'name="(value:[^"]+)"', review_html)}
    return {name: name.split(":")[1] for name in names}


def decide_everything(client, session_id: int, decide=lambda kind: "redact"):
    """The rapporteur decides every distinct value of the review (``decide(kind)``)."""
    review = client.get(f"/sessions/{session_id}/synthesis/review").get_data(as_text=True)
    decisions = {name: decide(kind) for name, kind in review_values(review).items()}
    if decisions:
        response = client.post(f"/sessions/{session_id}/synthesis/review", data=decisions)
        assert response.status_code == 303, response.get_data(as_text=True)
    return decisions


def pytest_report_header(config):
    if TEST_DATABASE_URL:
        return f"database: PostgreSQL, {TEST_DATABASE_URL.rsplit('@', 1)[-1]} (emptied before each test)"
    return "database: SQLite, a copy of a migrated template per test (TEST_DATABASE_URL not set)"


def main_content(response) -> str:
    """What a page says to the person (its <main>), without the per-request CSRF token."""
    return response.get_data(as_text=True).split('<main id="main">')[1].split("</main>")[0]
