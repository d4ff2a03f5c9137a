"""Live updates over Socket.IO: who hears what, when, and what is refused."""

import math
import time

from conftest import go_to, join, login, submit, token_of

from workshop.core.extensions import db
from workshop.sessions.models import Contribution


def fragments(sio, target):
    return [msg["args"][0]["html"] for msg in sio.get_received()
            if msg["name"] == "fragment" and msg["args"][0]["target"] == target]


def names(sio):
    return [msg["name"] for msg in sio.get_received()]


def test_two_participants_and_a_projector_see_each_others_changes(app, mag, staff, socket_client):
    facilitator = login(app.test_client(), "facilitator")
    projector = socket_client(facilitator, audience="projector", session=mag.id, lang="fr")
    console = socket_client(facilitator, audience="console", session=mag.id)
    (lune, lune_url), (heron, heron_url) = join(app, mag, "Lune"), join(app, mag, "Héron")
    lune_live = socket_client(audience="participant", token=token_of(lune_url), lang="fr")
    heron_live = socket_client(audience="participant", token=token_of(heron_url), lang="nl")
    assert all(s.is_connected() for s in (projector, console, lune_live, heron_live))
    for sio in (projector, console, lune_live, heron_live):
        sio.get_received()

    submit(lune, lune_url, 0, "Deux semaines de téléphones renvoyés", title="Téléphones")
    # Hidden until revealed: everyone sees the count, nobody sees the text yet.
    assert "1 récit proposé" in fragments(projector, "projector-live")[-1]
    assert "Téléphones" not in fragments(heron_live, "shared")[-1]
    assert "changed" in names(console)

    facilitator.post(f"/sessions/{mag.id}/reveal", data={"revealed": "1"})
    assert "Téléphones" in fragments(projector, "projector-live")[-1]
    assert "Téléphones" in fragments(heron_live, "shared")[-1]

    submit(heron, heron_url, 0, "Un dossier parfait, une question oubliée", title="Garantie")
    lune_view = fragments(lune_live, "shared")[-1]
    assert "Garantie" in lune_view and "Téléphones" in lune_view
    projector_view = fragments(projector, "projector-live")[-1]
    assert "Lune" not in projector_view and "Héron" not in projector_view  # never who wrote what

    facilitator.post(f"/sessions/{mag.id}/step", data={"move": "next"})
    for sio in (lune_live, heron_live):
        received = sio.get_received()
        assert any(m["name"] == "refresh" and "step" in m["args"][0]["what"] for m in received)
        assert any(m["name"] == "fragment" and "Choix du récit" in m["args"][0]["html"]
                   or "Keuze van het verhaal" in m["args"][0].get("html", "") for m in received
                   if m["name"] == "fragment")


def test_each_room_gets_its_own_language(app, mag, staff, socket_client):
    facilitator = login(app.test_client(), "facilitator")
    _browser, url = join(app, mag, "Lune")
    dutch = socket_client(audience="participant", token=token_of(url), lang="nl")
    french = socket_client(facilitator, audience="projector", session=mag.id, lang="fr")
    facilitator.post(f"/sessions/{mag.id}/step", data={"move": "next", "confirm": 1})
    assert "Keuze van het verhaal" in fragments(dutch, "shared")[-1]
    assert "Choix du récit" in fragments(french, "projector-live")[-1]


def test_timer_is_the_same_on_every_screen(app, mag, staff, socket_client):
    facilitator = login(app.test_client(), "facilitator")
    _browser, url = join(app, mag, "Lune")
    participant = socket_client(audience="participant", token=token_of(url), lang="fr")
    projector = socket_client(facilitator, audience="projector", session=mag.id, lang="fr")
    facilitator.post(f"/sessions/{mag.id}/timer", data={"action": "start"})

    def ends_at(html):
        return html.split('data-ends-at="')[1].split('"')[0]

    shared, projected = fragments(participant, "shared")[-1], fragments(projector, "projector-live")[-1]
    assert ends_at(shared) and ends_at(shared) == ends_at(projected)


def test_only_the_people_concerned_refetch_their_own_part(app, mag, staff, socket_client):
    facilitator = login(app.test_client(), "facilitator")
    (lune, lune_url), (_heron, heron_url) = join(app, mag, "Lune"), join(app, mag, "Héron")
    lune_live = socket_client(audience="participant", token=token_of(lune_url))
    heron_live = socket_client(audience="participant", token=token_of(heron_url))
    submit(lune, lune_url, 0, "Texte", title="Titre")
    lune_live.get_received(), heron_live.get_received()
    item = db.session.scalar(db.select(Contribution))
    facilitator.post(f"/sessions/{mag.id}/contributions/{item.id}/hide", data={"hidden": "1"})
    assert "refresh" in names(lune_live)
    assert "refresh" not in names(heron_live)


def test_connections_without_the_right_credentials_are_refused(app, mag, staff, socket_client):
    assert not socket_client(audience="participant", token="forged").is_connected()
    assert not socket_client(audience="projector", session=mag.id).is_connected()  # anonymous
    outsider = login(app.test_client(), "outsider")
    assert not socket_client(outsider, audience="console", session=mag.id).is_connected()
    assert not socket_client(outsider, audience="console", session="1; DROP").is_connected()
    assert not socket_client(audience="wizard").is_connected()
    observer = login(app.test_client(), "observer")
    assert socket_client(observer, audience="console", session=mag.id).is_connected()


def test_malformed_events_get_an_error_and_the_session_goes_on(app, mag, staff, socket_client):
    facilitator = login(app.test_client(), "facilitator")
    browser, url = join(app, mag, "Lune")
    live = socket_client(audience="participant", token=token_of(url))
    answer = live.emit("heartbeat", "not a dict", callback=True)
    assert answer == {"ok": False, "error": "heartbeat takes no data"}
    staff_live = socket_client(facilitator, audience="console", session=mag.id)
    assert staff_live.emit("heartbeat", callback=True)["ok"] is False  # only participants
    live.emit("no-such-event", {"x": 1})
    assert live.is_connected()
    assert live.emit("heartbeat", callback=True) == {"ok": True}
    live.get_received()
    submit(browser, url, 0, "Toujours là", title="T")
    assert fragments(live, "shared")


def test_presence_follows_connections(app, mag, staff, socket_client):
    facilitator = login(app.test_client(), "facilitator")
    _browser, url = join(app, mag, "Lune")
    presence = f"/sessions/{mag.id}/console/presence"
    assert 'class="offline"' in facilitator.get(presence).get_data(as_text=True)
    console = socket_client(facilitator, audience="console", session=mag.id)
    live = socket_client(audience="participant", token=token_of(url))
    assert 'class="online"' in facilitator.get(presence).get_data(as_text=True)
    assert any(m["name"] == "changed" and "presence" in m["args"][0]["what"]
               for m in console.get_received())
    live.disconnect()
    assert 'class="offline"' in facilitator.get(presence).get_data(as_text=True)


def test_console_shows_who_has_submitted_in_the_current_step(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    browser, url = join(app, mag, "Lune")
    join(app, mag, "Héron")
    submit(browser, url, 0, "Texte", title="Titre")
    presence = facilitator.get(f"/sessions/{mag.id}/console/presence").get_data(as_text=True)
    lune_row = presence.split("Lune")[1].split("</li>")[0]
    heron_row = presence.split("Héron")[1].split("</li>")[0]
    assert "✓ 1" in lune_row and "✓" not in heron_row


def test_bursts_are_coalesced_into_one_render_per_room(app, mag, staff, socket_client):
    facilitator = login(app.test_client(), "facilitator")
    projector = socket_client(facilitator, audience="projector", session=mag.id, lang="fr")
    people = [join(app, mag, f"P{i}") for i in range(6)]
    projector.get_received()
    window = app.config["LIVE_COALESCE_SECONDS"] = 1.0
    started = time.monotonic()
    for index, (browser, url) in enumerate(people):
        submit(browser, url, 0, f"Texte {index}", title=f"Titre {index}")
    windows = math.ceil((time.monotonic() - started) / window)  # more on a slow machine
    time.sleep(window + 0.6)
    pushed = fragments(projector, "projector-live")
    # Six changes: the first at once, the others gathered, one render per window they span.
    assert 1 <= len(pushed) <= 1 + windows < 6
    assert "6 récits proposés" in pushed[-1]


def test_an_isolated_change_is_not_held_back_by_the_coalescing_window(app, mag, staff, socket_client):
    facilitator = login(app.test_client(), "facilitator")
    projector = socket_client(facilitator, audience="projector", session=mag.id, lang="fr")
    browser, url = join(app, mag, "Lune")
    projector.get_received()
    app.config["LIVE_COALESCE_SECONDS"] = 30.0
    submit(browser, url, 0, "Un seul texte", title="Seul")
    deadline, pushed = time.monotonic() + 5, []
    while not pushed and time.monotonic() < deadline:
        time.sleep(0.05)
        pushed = fragments(projector, "projector-live")
    assert pushed and "1 récit proposé" in pushed[-1]  # at once, not 30 s later


def test_a_reconnecting_page_refetches_its_state(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    browser, url = join(app, mag, "Lune")
    go_to(facilitator, mag, 3)
    # What the page's resync fetches is the current state, whatever was missed.
    assert "Enjeux" in browser.get(f"{url}/shared").get_data(as_text=True)
    assert "Enjeux" in facilitator.get(f"/sessions/{mag.id}/projector/live").get_data(as_text=True)
    page = browser.get(url).get_data(as_text=True)
    assert 'hx-trigger="live:resync from:body"' in page
