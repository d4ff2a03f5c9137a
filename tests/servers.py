"""Real server processes for the tests that need them (two workers, racing requests): start,
wait until serving, stop; and a browser's way in (CSRF token, join)."""

import html
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def answers(address) -> bool:
    try:
        socket.create_connection(address, timeout=1).close()
        return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(process, port: int, timeout: float = 90) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"worker on port {port} exited with {process.returncode}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/join", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"worker on port {port} did not answer within {timeout} s")


def stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextmanager
def serving(database_url: str, log: Path, *options: str, **environment: str):
    """The app in a process of its own (``python -m workshop.serve``, threaded) on ``database_url``;
    yields its base URL and stops it afterwards."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "server-tests",
           "PYTHONUNBUFFERED": "1", **environment}
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "workshop.serve", "--host", "127.0.0.1", "--port", str(port), *options],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_serving(process, port)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


def csrf_token(page: str) -> str:
    """The token every page carries for HTMX, in <body hx-headers='{"X-CSRFToken": "..."}'>."""
    headers = re.search(r"hx-headers='([^']*)'", page).group(1)
    return re.search(r'"X-CSRFToken": "([^"]+)"', html.unescape(headers)).group(1)


def join_through(base: str, code: str, pseudonym: str):
    """A browser joining a session, with the real CSRF token; returns (session, token)."""
    import requests

    browser = requests.Session()
    page = browser.get(f"{base}/join/{code}", timeout=5)
    assert page.status_code == 200
    response = browser.post(f"{base}/join/{code}", data={"pseudonym": pseudonym},
                            headers={"X-CSRFToken": csrf_token(page.text)}, allow_redirects=False,
                            timeout=5)
    assert response.status_code == 302, response.text
    return browser, re.search(r"/p/([^/?]+)", response.headers["Location"]).group(1)
