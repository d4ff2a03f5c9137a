"""Web hardening: guessed join codes and links are throttled per address (only misses count),
an unknown code and a closed session answer the same, and X-Forwarded-For is believed only
from the configured proxies."""

import io

import pytest
from conftest import app_config, database_copy, main_content, make_user

from workshop import create_app
from workshop.core.extensions import db
from workshop.core.proxies import TrustedProxies, parse_networks
from workshop.sessions.lifecycle import create_session


@pytest.fixture
def throttled(tmp_path, migrated_template):
    """An app with its throttles on, behind a proxy at 10.0.0.1, and a live session."""
    app = create_app({**app_config(database_copy(tmp_path, migrated_template, "web.sqlite3")),
                      "RATELIMIT_ENABLED": True, "TRUSTED_PROXIES": "10.0.0.1, 172.16.0.0/12"})
    with app.app_context():
        session = create_session("Séance", "mag-classique", make_user("facilitator"))
        session.status = "live"
        db.session.commit()
        app.join_code = session.join_code
        yield app
        db.session.remove()
        db.engine.dispose()


def statuses(app, paths, **environ):
    client = app.test_client()
    return [client.get(path, environ_base=environ).status_code for path in paths]


GUESSES = [f"/join/ZZZZ{i:02d}" for i in range(31)]


def test_guessing_join_codes_is_throttled_per_address(throttled):
    assert statuses(throttled, GUESSES, REMOTE_ADDR="203.0.113.5") == [404] * 30 + [429]
    # the right code from the same address waits too; another address is not held up
    assert statuses(throttled, [f"/join/{throttled.join_code}"], REMOTE_ADDR="203.0.113.5") == [429]
    assert statuses(throttled, [f"/join/{throttled.join_code}"], REMOTE_ADDR="203.0.113.6") == [200]


def test_a_room_using_its_code_is_never_throttled(throttled):
    assert set(statuses(throttled, [f"/join/{throttled.join_code}"] * 100,
                        REMOTE_ADDR="203.0.113.7")) == {200}


def test_guessing_personal_links_is_throttled_per_address(throttled):
    paths = [f"/p/guess{i}" for i in range(31)]
    assert statuses(throttled, paths, REMOTE_ADDR="203.0.113.8") == [404] * 30 + [429]


def test_guessing_projector_links_is_throttled_per_address(throttled):
    paths = [f"/projector/guessed-secret-number-{i:04d}" for i in range(31)]
    assert statuses(throttled, paths, REMOTE_ADDR="203.0.113.10") == [404] * 30 + [429]


def test_a_spoofed_forwarded_address_from_a_browser_changes_nothing(throttled):
    client = throttled.test_client()
    answers = [client.get(path, environ_base={"REMOTE_ADDR": "203.0.113.9"},
                          headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code
               for i, path in enumerate(GUESSES)]
    assert answers[-1] == 429


def test_the_configured_proxy_is_believed(throttled):
    client = throttled.test_client()
    answers = [client.get(path, environ_base={"REMOTE_ADDR": "10.0.0.1"},
                          headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code
               for i, path in enumerate(GUESSES)]
    assert answers == [404] * 31  # 31 browsers behind the proxy, one guess each


def test_the_browser_behind_a_chain_of_proxies_is_the_rightmost_untrusted_address():
    proxies = TrustedProxies(None, parse_networks("10.0.0.1, 172.16.0.0/12"))
    assert proxies.client_address("10.0.0.1", "1.2.3.4, 198.51.100.7, 172.16.5.5") == "198.51.100.7"
    assert proxies.client_address("10.0.0.1", "") == "10.0.0.1"
    assert proxies.client_address("10.0.0.1", "198.51.100.7, not-an-address") == "10.0.0.1"


def test_an_unknown_code_and_a_closed_session_get_the_same_answer(app, mag):
    mag.status = "closed"
    db.session.commit()
    closed = app.test_client().get(f"/join/{mag.join_code}")
    unknown = app.test_client().get("/join/ZZZZZZ")
    assert closed.status_code == unknown.status_code == 404
    assert main_content(closed) == main_content(unknown)
    posted = app.test_client().post("/join", data={"code": mag.join_code})
    assert posted.status_code == 404 and main_content(posted).count("aucune séance ouverte") == 1


HOSTILE_FILES = {
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "deep object": b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    "huge number": b'{"format": ' + b"9" * 100_000 + b"}",
    "not UTF-8": b"\xff\xfe\x00{}",
    "too big": b'["' + b"x" * (5 * 1024 * 1024) + b'"]',
}


@pytest.mark.parametrize("name", HOSTILE_FILES)
@pytest.mark.parametrize("route", ["/sessions/import", "/forums/import"])
def test_hostile_json_imports_get_a_400_with_a_message(app, staff, route, name):
    from conftest import login

    client = login(app.test_client(), "facilitator")
    response = client.post(route, data={"title": "x", "ateliers": 1,
                                        "file": (io.BytesIO(HOSTILE_FILES[name]), "f.json")},
                           headers={"HX-Request": "true"})
    assert response.status_code == 400, name
    text = response.get_data(as_text=True)
    assert "JSON lisible" in text or "trop volumineux" in text
