"""The real app server in a subprocess, and Chromium driven by Playwright.

Without Chromium (or Playwright) every browser test is skipped with a clear reason."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
# The README's screenshots are refreshed only on demand (UPDATE_SCREENSHOTS=1), so a test run
# leaves the working tree clean.
SCREENSHOTS = (ROOT / "docs" / "screenshots" if os.environ.get("UPDATE_SCREENSHOTS")
               else Path(os.environ.get("TMPDIR", "/tmp")) / "tourdetable-screenshots")
SCREENSHOTS.mkdir(parents=True, exist_ok=True)
AXE = next(HERE.glob("vendor/axe-core-*.min.js"))
PASSWORD = "correct horse battery"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """The app as it runs for real: its own process, a migrated SQLite file, a loopback port."""

    def __init__(self, database: Path):
        self.database = database
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}",
                    "SECRET_KEY": "browser-tests", "LIVE_COALESCE_SECONDS": "0.05"}
        self.process = None

    def start(self):
        self.process = subprocess.Popen([sys.executable, str(HERE / "serve.py"), str(self.port)],
                                        env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90  # a loaded machine takes long to import the app
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/join", timeout=1)
                return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("the app server exited at start") from None
                time.sleep(0.1)
        raise RuntimeError("the app server did not start")

    def kill(self):
        """Like a crash: SIGKILL, no clean shutdown."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(5)

    def query(self, sql: str, *params):
        import sqlite3

        with sqlite3.connect(self.database) as connection:
            return connection.execute(sql, params).fetchall()


def make_server(tmp_path: Path) -> Server:
    """A migrated database with two staff accounts (one process: importing the app takes seconds)."""
    server = Server(tmp_path / "app.sqlite3")
    subprocess.run([sys.executable, str(HERE / "serve.py"), "setup", PASSWORD, "animatrice", "rapporteuse"],
                   env=server.env, cwd=ROOT, check=True, capture_output=True)
    return server


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        pytest.skip("Chromium not installed: browser tests skipped")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright not installed: browser tests skipped")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(browser, tmp_path_factory):
    """One server for the whole browser suite (the fault tests start their own)."""
    server = make_server(tmp_path_factory.mktemp("browser")).start()
    yield server
    server.kill()


def new_context(browser, server, **options):
    context = browser.new_context(base_url=server.url, locale="fr-BE", **options)
    context.set_default_timeout(10_000)
    return context


def login(page, username="animatrice"):
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/", wait_until="domcontentloaded")


def new_session(page, title="Le temps invisible") -> int:
    """Create a session from the staff home, as a facilitator does; returns its id."""
    page.goto("/sessions/new")
    page.fill("input[name=title]", title)
    page.select_option("select[name=method]", "mag-classique")
    page.click("form button.primary")
    page.wait_for_url("**/console", wait_until="domcontentloaded")
    return int(page.url.split("/sessions/")[1].split("/")[0])


def add_rapporteur(page, sid: int, username: str = "rapporteuse") -> None:
    """Give the session a rapporteur from its team page, as a facilitator does."""
    page.goto(f"/sessions/{sid}/team")
    page.fill("input[name=username]", username)
    page.select_option("select[name=role]", "rapporteur")
    with page.expect_navigation():  # the form posts in the background, then the page reloads
        page.click("form button.primary")


def join(page, code: str, pseudonym: str, lands: str = "**/p/*") -> str:
    """Join with the code, as on the join page; returns the personal page's URL (an atelier's
    participant lands on its questions: ``lands="**/p/*/forum"``)."""
    page.goto("/join")
    page.fill("#code", code)
    page.click("button.primary")
    page.fill("#pseudonym", pseudonym)
    page.press("#pseudonym", "Enter")
    page.wait_for_url(lands, wait_until="domcontentloaded")
    return page.url


def jump_to(console, step: str) -> None:
    """Click a step of the console's progress bar ("6. Premier tour de table") and, when the
    console asks (a jump over steps, a need not met), confirm."""
    from playwright.sync_api import expect

    number, title = step.split(". ", 1)
    with console.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/step")) as answer:
        console.get_by_role("button", name=f"Aller à l'étape {number} : {title}").click()
    if answer.value.status == 409:
        console.get_by_role("button", name="Y aller quand même").click()
    expect(console.locator(".steps [aria-current=step]")).to_contain_text(title)


def tab_to(page, selector: str, presses: int = 80, key: str = "Tab"):
    """Press Tab (or ``key``, e.g. Shift+Tab) until the element is focused, as a keyboard user does."""
    for _ in range(presses):
        page.keyboard.press(key)
        if page.evaluate("sel => document.activeElement.matches(sel)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with {key}")
