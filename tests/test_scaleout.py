"""Two real server processes sharing one database and Redis: a change made through worker A
reaches a participant whose live connection is on worker B."""

import os
import subprocess
import sys
import threading
import time
from types import SimpleNamespace

import pytest
from conftest import app_config
from flask_migrate import upgrade
from servers import ROOT, answers, csrf_token, free_port, join_through, stop, wait_until_serving

from workshop import create_app
from workshop.core.accounts import User
from workshop.core.extensions import db
from workshop.sessions.lifecycle import create_session

REDIS = ("127.0.0.1", 6379)


@pytest.fixture
def live_session(tmp_path):
    """A migrated SQLite file holding one live session; returns (database URL, join code)."""
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    app = create_app(app_config(url))
    with app.app_context():
        upgrade()
        user = User(username="animatrice", display_name="Animatrice")
        user.set_password("not used here")
        db.session.add(user)
        db.session.commit()
        session = create_session("Deux serveurs", "mag-classique", user)
        session.status = "live"
        db.session.commit()
        code = session.join_code
        db.session.remove()
        db.engine.dispose()
    return url, code


@pytest.fixture
def two_workers(tmp_path, live_session):
    """Workers A and B: separate processes, one database, one Redis message queue."""
    if not answers(REDIS):
        pytest.skip("Redis does not answer on 127.0.0.1:6379: the two-worker test needs it")
    pytest.importorskip("redis", reason="the redis client package is not installed")
    url, code = live_session
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "two-workers-test",
           "SOCKETIO_MESSAGE_QUEUE": f"redis://{REDIS[0]}:{REDIS[1]}/7", "PYTHONUNBUFFERED": "1"}
    processes, ports = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = open(tmp_path / f"worker-{name}.log", "w")  # noqa: SIM115 (closed with the process)
            processes.append((subprocess.Popen(
                [sys.executable, "-m", "workshop.serve", "--host", "127.0.0.1", "--port", str(port)],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT), log))
            ports.append(port)
        for (process, _log), port in zip(processes, ports, strict=True):
            wait_until_serving(process, port)
        yield code, [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process, log in processes:
            stop(process)
            log.close()


def test_a_change_through_worker_a_reaches_a_participant_on_worker_b(two_workers):
    """Worker A renders the update in the languages of worker B's participants (a French and
    a Dutch one), and worker B delivers it."""
    import socketio

    code, (worker_a, worker_b) = two_workers
    writer, writer_token = join_through(worker_a, code, "Héron")
    expected = {"fr": "1 récit proposé", "nl": "1 verhaal voorgesteld"}
    clients, arrived, received = [], {language: threading.Event() for language in expected}, []
    for language, text in expected.items():
        _browser, token = join_through(worker_b, code, f"Lune {language}")
        client = socketio.Client(reconnection=False)

        def on_fragment(data, text=text, event=arrived[language]):
            received.append(data)
            if data["target"] == "shared" and text in data["html"]:
                event.set()

        client.on("fragment", on_fragment)
        client.connect(worker_b, auth={"audience": "participant", "token": token, "lang": language},
                       transports=["websocket"], wait_timeout=5)
        clients.append(client)
    try:
        assert not any(event.is_set() for event in arrived.values())
        page = writer.get(f"{worker_a}/p/{writer_token}", timeout=5)
        assert page.status_code == 200
        response = writer.post(f"{worker_a}/p/{writer_token}/contributions",
                               data={"step": 0, "title": "Téléphones", "text": "Deux semaines d'appels"},
                               headers={"X-CSRFToken": csrf_token(page.text)}, timeout=5)
        assert response.status_code == 200, response.text
        for language, event in arrived.items():
            assert event.wait(timeout=5), f"worker B's {language} participant got only {received!r}"
    finally:
        for client in clients:
            client.disconnect()


def test_a_worker_renders_for_the_languages_listened_to_on_other_workers(monkeypatch):
    """With a message queue, a worker sees through Redis which language rooms have members on
    the other workers, and renders only for those."""
    if not answers(REDIS):
        pytest.skip("Redis does not answer on 127.0.0.1:6379: the listener test needs it")
    redis = pytest.importorskip("redis", reason="the redis client package is not installed")
    from workshop.core.live import listeners as module

    url = f"redis://{REDIS[0]}:{REDIS[1]}/7"
    app = SimpleNamespace(config={"SOCKETIO_MESSAGE_QUEUE": url})  # not create_app: it would
    # switch this process's Socket.IO server to the queue for the tests that follow
    worker_a, worker_b = module.Listeners(), module.Listeners()
    monkeypatch.setattr(module.socketio, "start_background_task", lambda *args: None)
    rooms = [f"s{os.getpid()}:participants:{language}" for language in ("fr", "nl", "en")]
    redis.Redis.from_url(url).delete(*(module.KEY + name for name in rooms))

    assert worker_a.listened(app, rooms) == set()
    worker_b.joined(app, rooms[1])
    assert worker_a.listened(app, rooms) == {rooms[1]}  # a Dutch participant on worker B

    later = time.time() + module.TTL_SECONDS + 1
    monkeypatch.setattr(module.time, "time", lambda: later)
    assert worker_a.listened(app, rooms) == set()  # worker B stopped renewing: it is forgotten
