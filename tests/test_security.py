"""Security: Socket.IO against every role, CSRF on HTMX posts, hostile text everywhere, cookie flags."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from conftest import decide_everything, go_to, join, login, submit, token_of
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop import create_app
from workshop.core.config import load_config
from workshop.core.extensions import db
from workshop.sessions.lifecycle import create_session
from workshop.sessions.models import Contribution, Participant

ROLES = ("anonymous", "other-participant", "participant", "observer", "rapporteur", "facilitator")
STAFF = ("observer", "rapporteur", "facilitator")


@pytest.fixture
def people(app, mag, staff):
    """An HTTP client and, for participants, a token, for each role."""
    other = create_session("Autre séance", "mag-classique", staff["outsider"])
    other.status = "live"
    db.session.commit()
    participant, url = join(app, mag, "Lune")
    outsider, other_url = join(app, other, "Loutre")
    return {"anonymous": (app.test_client(), None),
            "other-participant": (outsider, token_of(other_url)),
            "participant": (participant, token_of(url)),
            **{role: (login(app.test_client(), role), None) for role in STAFF}}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("audience", ("participant", "projector", "console"))
def test_socket_connections_against_every_role(app, mag, people, socket_client, role, audience):
    """Only a participant's own token opens the participant channel; only session staff watch."""
    client, token = people[role]
    auth = {"audience": audience, "lang": "fr"}
    auth.update(token=token) if audience == "participant" else auth.update(session=mag.id)
    live = socket_client(client, **auth)
    if audience == "participant":
        allowed = role in ("participant", "other-participant")
    else:
        allowed = role in STAFF
    assert live.is_connected() is allowed
    if not allowed:
        return
    live.get_received()
    # A new contribution in this session reaches only those who are part of it.
    participant, participant_token = people["participant"]
    submit(participant, f"/p/{participant_token}", 0, "Un récit", title="Titre")
    received = [message["name"] for message in live.get_received()]
    if role == "other-participant":
        assert received == []
    else:
        assert ("fragment" if audience != "console" else "changed") in received


@pytest.mark.parametrize("role", ROLES)
def test_heartbeat_and_unknown_events_against_every_role(app, mag, people, socket_client, role):
    client, token = people[role]
    auth = ({"audience": "participant", "token": token} if token else
            {"audience": "console", "session": mag.id})
    live = socket_client(client, **auth)
    if role == "anonymous":
        assert not live.is_connected()
        return
    answer = live.emit("heartbeat", callback=True)
    assert answer["ok"] is (token is not None), answer
    live.get_received()
    assert live.emit("wizard", {"session": mag.id, "step": 13}, callback=True) is None
    assert live.emit("fragment", {"target": "projector-live", "html": "<script>"}, callback=True) is None
    assert live.is_connected()
    assert db.session.get(type(mag), mag.id).current_step == 0  # nothing moved
    assert not any(message["name"] == "fragment" for message in live.get_received())


def test_reserved_events_sent_by_a_client_are_ignored(app, mag, staff, people, socket_client):
    """A client that sends "connect" with forged auth (a staff audience, another participant's
    token) or "disconnect" re-runs nothing: same rooms, still present, nothing re-sent."""
    client, token = people["participant"]
    _heron, heron_url = join(app, mag, "Héron")
    live = socket_client(client, audience="participant", token=token, lang="fr")
    assert live.is_connected()
    sid = live.socketio.server.manager.sid_from_eio_sid(live.eio_sid, "/")
    rooms_before = sorted(live.socketio.server.rooms(sid))
    live.get_received()
    for auth in ({"audience": "console", "session": mag.id},
                 {"audience": "participant", "token": token_of(heron_url), "lang": "nl"},
                 {"audience": "projector", "session": mag.id, "lang": "en"}):
        assert live.emit("connect", auth, callback=True) is None
    assert live.emit("disconnect", callback=True) is None
    assert live.emit("connect_error", {"message": "x"}, callback=True) is None
    assert sorted(live.socketio.server.rooms(sid)) == rooms_before
    assert live.is_connected()
    assert live.get_received() == []  # no presence change announced, nothing re-joined
    participant = db.session.scalar(db.select(Participant).filter_by(token=token))
    assert participant.connected  # a forged "disconnect" did not mark Lune as gone


def _csrf_token(client, path):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def test_htmx_posts_of_participants_and_console_need_the_csrf_token(app, mag, staff):
    participant, url = join(app, mag, "Lune")
    facilitator = login(app.test_client(), "facilitator")
    app.config["WTF_CSRF_ENABLED"] = True
    assert submit(participant, url, 0, "Sans jeton", title="x").status_code == 400
    assert facilitator.post(f"/sessions/{mag.id}/step", data={"move": "next"}).status_code == 400
    assert db.session.scalar(db.select(db.func.count(Contribution.id))) == 0
    assert db.session.get(type(mag), mag.id).current_step == 0
    # With the token HTMX sends in its header (hx-headers on <body>), both go through.
    token = _csrf_token(participant, url)
    headers = {"X-CSRFToken": token, "HX-Request": "true"}
    assert participant.post(f"{url}/contributions", headers=headers,
                            data={"step": 0, "text": "Avec jeton", "title": "x"}).status_code == 200
    console_token = _csrf_token(facilitator, f"/sessions/{mag.id}/console")
    assert facilitator.post(f"/sessions/{mag.id}/step", data={"move": "next"},
                            headers={"X-CSRFToken": console_token}).status_code == 200
    assert db.session.get(type(mag), mag.id).current_step == 1


# --- hostile text -----------------------------------------------------------------------------

PAYLOADS = ["<script>window.__pwned=1</script>", '<img src=x onerror="window.__pwned=1">',
            '" onmouseover="window.__pwned=1" x="', "<a href='javascript:window.__pwned=1'>lien</a>",
            "javascript:alert(1)", "</textarea><script>alert(1)</script>", "{{ 7*7 }}",
            "\u202eevil\u202c txt.exe", "👩🏽‍⚕️🔥 émoji", "\x00nul\x00", "A" * 300, "&lt;script&gt;"]
hostile = st.lists(st.one_of(st.sampled_from(PAYLOADS), st.text(min_size=1, max_size=30)),
                   min_size=1, max_size=4).map(" ".join).filter(lambda text: text.strip())


class Markup(HTMLParser):
    """What a browser would build from the page: its tags and their real attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert(html: str, static_scripts: int, own_frames: int = 0):
    """No markup from users survives: only our own <script src> tags and frames of our own
    pages (the console's miniature of the projector), no handler attributes."""
    tags = Markup(html).tags
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert len(scripts) == static_scripts and all(a.get("src", "").startswith("/static/") for a in scripts)
    frames = [attrs for tag, attrs in tags if tag == "iframe"]
    assert len(frames) == own_frames and all(a.get("src", "").startswith("/sessions/") for a in frames)
    assert not [tag for tag, _attrs in tags if tag in ("object", "embed")]
    for tag, attrs in tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (tag, attrs)
    assert "<script>window.__pwned" not in html


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hostile, title=hostile, pseudonym=hostile)
def test_hostile_text_is_stored_and_shown_inert_everywhere(app, staff, text, title, pseudonym):
    """Each example runs in a session of its own: what one example drew (a pseudonym) never
    meets another's. A pseudonym with invisible or control characters is refused (400)."""
    facilitator = login(app.test_client(), "facilitator")
    mag = create_session("Séance hostile", "mag-classique", staff["facilitator"])
    mag.status = "live"
    db.session.commit()
    client = app.test_client()
    joined = client.post(f"/join/{mag.join_code}", data={"pseudonym": pseudonym.strip()[:40]})
    assert joined.status_code in (302, 400), joined.status_code
    if joined.status_code != 302:
        return
    url = joined.headers["Location"]
    answer = client.post(f"{url}/contributions", data={"step": 0, "text": text, "title": title[:200]},
                         headers={"HX-Request": "true"})  # as the page sends it: a fragment back
    assert answer.status_code in (200, 400)
    assert_inert(answer.get_data(as_text=True), 0)
    facilitator.post(f"/sessions/{mag.id}/reveal", data={"revealed": "1"})
    for page, scripts, frames in ((facilitator.get(f"/sessions/{mag.id}/projector"), 5, 0),
                                  (facilitator.get(f"/sessions/{mag.id}/console"), 5, 1),
                                  (client.get(url), 4, 0)):
        assert page.status_code == 200
        assert_inert(page.get_data(as_text=True), scripts, frames)


def _closed_session_with_hostile_text(app, mag):
    client, url = join(app, mag, "Lune")
    assert submit(client, url, 0, HOSTILE_WORDS, title="<script>alert(1)</script>").status_code == 200
    facilitator = login(app.test_client(), "facilitator")
    go_to(facilitator, mag, 5)
    other, other_url = join(app, mag, "Héron")
    assert submit(other, other_url, 5, "=cmd|' /C calc'!A0 " + HOSTILE_WORDS).status_code == 200
    facilitator.post(f"/sessions/{mag.id}/status", data={"status": "closed"})
    rapporteur = login(app.test_client(), "rapporteur")
    decide_everything(rapporteur, mag.id, lambda kind: "keep")
    return rapporteur


HOSTILE_WORDS = '<img src=x onerror="alert(1)"> ' + "B" * 200 + " \u202eevil 👩🏽‍⚕️ fin"


def test_hostile_text_in_the_synthesis_page_docx_and_csv_stays_text(app, mag, staff):
    """The synthesis page, the DOCX and the CSV carry the words as written; nothing runs from them."""
    rapporteur = _closed_session_with_hostile_text(app, mag)
    page = rapporteur.get(f"/sessions/{mag.id}/synthesis")
    assert page.status_code == 200
    assert_inert(page.get_data(as_text=True), 6)  # and the workspace's drag and drop
    table = rapporteur.get(f"/sessions/{mag.id}/synthesis/export.csv")
    assert table.status_code == 200
    rows = list(csv.reader(io.StringIO(table.get_data(as_text=True))))
    assert any("B" * 200 in cell for row in rows for cell in row)
    document = rapporteur.get(f"/sessions/{mag.id}/synthesis/export.docx")
    assert document.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(document.data)).paragraphs)
    assert "B" * 200 in text and "<img src=x" in text  # shown as text, as written


def test_a_nul_byte_in_a_contribution_does_not_break_the_docx(app, mag, staff):
    client, url = join(app, mag, "Octet")
    assert submit(client, url, 0, "avant\x00après", title="Titre").status_code == 200
    rapporteur = _closed_session_with_hostile_text(app, mag)
    document = rapporteur.get(f"/sessions/{mag.id}/synthesis/export.docx")
    assert document.status_code == 200
    report = Document(io.BytesIO(document.data))
    cells = [cell.text for table in report.tables for row in table.rows for cell in row.cells]
    assert any("avantaprès" in text for text in [p.text for p in report.paragraphs] + cells)


def test_control_characters_are_dropped_from_every_field_and_refused_in_links(app, mag, staff,
                                                                               socket_client):
    """A NUL byte (refused by PostgreSQL, fatal to DOCX) anywhere a request can carry one: in a
    pseudonym or a login it is dropped; in a link or a live connection's token it leads nowhere."""
    client = app.test_client()
    joined = client.post(f"/join/{mag.join_code}", data={"pseudonym": "\x00Lu\x07ne\x00"})
    assert joined.status_code == 302
    assert "Lune" in client.get(joined.headers["Location"]).get_data(as_text=True)
    assert app.test_client().post("/login", data={"username": "facilitator\x00",
                                                  "password": "correct horse battery"}).status_code == 302
    assert app.test_client().get(f"/join/{mag.join_code}%00").status_code == 404
    assert app.test_client().get("/p/%00abcdefgh").status_code == 404
    live = socket_client(audience="participant", token="\x00" + token_of(joined.headers["Location"]))
    assert not live.is_connected()


def test_hostile_text_in_the_markdown_and_csv_exports_cannot_run(app, mag, staff):
    rapporteur = _closed_session_with_hostile_text(app, mag)
    markdown = rapporteur.get(f"/sessions/{mag.id}/synthesis/export.md").get_data(as_text=True)
    assert "<script" not in markdown.lower() and "<img" not in markdown.lower()
    table = rapporteur.get(f"/sessions/{mag.id}/synthesis/export.csv").get_data(as_text=True)
    for row in csv.reader(io.StringIO(table)):
        assert not any(cell[:1] in ("=", "+", "@") for cell in row), row  # no spreadsheet formula


# --- cookies ----------------------------------------------------------------------------------

def test_cookies_are_not_secure_over_plain_http(app, staff):
    response = app.test_client().post("/login", data={"username": "facilitator",
                                                     "password": "correct horse battery"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


@pytest.mark.parametrize("setting", [{"PREFERRED_URL_SCHEME": "https"}, {"SECURE_COOKIES": True}])
def test_cookies_are_secure_behind_https(app, mag, staff, setting):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                      "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False, **setting})
    client = app.test_client()
    login_cookies = client.post("/login", data={"username": "facilitator", "remember": "y",
                                               "password": "correct horse battery"}).headers
    joined = app.test_client().post(f"/join/{mag.join_code}", data={"pseudonym": "Lune"}).headers
    language = app.test_client().post("/lang/nl", data={"next": "/join"}).headers
    for headers in (login_cookies, joined, language):
        cookies = headers.get_all("Set-Cookie")
        assert cookies and all("; Secure" in cookie for cookie in cookies), cookies


@pytest.mark.parametrize(("environment", "secure"), [({}, False), ({"SECURE_COOKIES": "1"}, True),
                                                     ({"PREFERRED_URL_SCHEME": "https"}, True)])
def test_secure_cookies_from_the_environment(tmp_path, monkeypatch, environment, secure):
    monkeypatch.delenv("SECURE_COOKIES", raising=False)
    monkeypatch.delenv("PREFERRED_URL_SCHEME", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    config = load_config(tmp_path)
    assert config["SESSION_COOKIE_SECURE"] is secure and config["REMEMBER_COOKIE_SECURE"] is secure
