"""The projector: its own read-only link, revocable; the pages the facilitator turns."""

from conftest import join, login, submit

from workshop.core.extensions import db


def make_link(facilitator, session) -> str:
    facilitator.post(f"/sessions/{session.id}/projector-link", data={"action": "new"})
    db.session.refresh(session)
    return f"/projector/{session.projector_secret}"


def test_the_projector_link_shows_the_projector_without_a_login(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    browser, url = join(app, mag, "Lune")
    submit(browser, url, 0, "Le dossier égaré dans le couloir", title="Dossier")
    link = make_link(facilitator, mag)
    assert link in facilitator.get(f"/sessions/{mag.id}/console").get_data(as_text=True)
    room_pc = app.test_client()  # nobody logged in
    page = room_pc.get(link)
    assert page.status_code == 200 and mag.join_code in page.get_data(as_text=True)
    assert "Se déconnecter" not in page.get_data(as_text=True)  # no navigation, no staff menu
    assert room_pc.get(f"{link}/live").status_code == 200
    assert room_pc.get(f"{link}/qr.svg").mimetype == "image/svg+xml"
    # read-only: the link opens no staff screen and drives nothing
    assert room_pc.get(f"/sessions/{mag.id}/console").status_code in (302, 401)
    assert room_pc.post(f"/sessions/{mag.id}/step", data={"move": "next"}).status_code in (302, 401)


def test_a_revoked_or_renewed_link_answers_404_and_its_live_connection_is_refused(
        app, mag, staff, socket_client):
    facilitator = login(app.test_client(), "facilitator")
    old = make_link(facilitator, mag)
    secret = old.rsplit("/", 1)[1]
    live = socket_client(audience="projector", secret=secret, lang="fr")
    assert live.is_connected()
    new = make_link(facilitator, mag)
    assert new != old
    room_pc = app.test_client()
    assert room_pc.get(old).status_code == 404 and room_pc.get(f"{old}/live").status_code == 404
    assert room_pc.get(new).status_code == 200
    assert not live.is_connected()  # closed by the renewal
    assert not socket_client(audience="projector", secret=secret, lang="fr").is_connected()
    facilitator.post(f"/sessions/{mag.id}/projector-link", data={"action": "revoke"})
    assert room_pc.get(new).status_code == 404


def test_only_the_facilitator_makes_the_link(app, mag, staff):
    rapporteur = login(app.test_client(), "rapporteur")
    assert rapporteur.post(f"/sessions/{mag.id}/projector-link", data={"action": "new"}).status_code == 403
    db.session.refresh(mag)
    assert mag.projector_secret is None


def test_the_facilitator_turns_the_projectors_pages(app, mag, staff, socket_client):
    facilitator = login(app.test_client(), "facilitator")
    projector = socket_client(facilitator, audience="projector", session=mag.id, lang="fr")
    turn = f"/sessions/{mag.id}/projector-page"
    assert facilitator.post(turn, data={"move": "previous"}).status_code == 200  # stays on the first
    facilitator.post(turn, data={"move": "next"})
    console = facilitator.post(turn, data={"move": "next"}).get_data(as_text=True)
    assert "Projecteur : page 3" in console
    pushed = [m["args"][0]["html"] for m in projector.get_received() if m["name"] == "fragment"]
    assert 'data-page="2"' in pushed[-1]
    assert facilitator.post(turn, data={"move": "sideways"}).status_code == 400


def test_the_projector_speaks_the_sessions_language_not_the_browsers(app, mag, staff):
    mag.language = "nl"
    db.session.commit()
    facilitator = login(app.test_client(), "facilitator")
    facilitator.post("/lang/en", data={"next": "/"})  # the facilitator reads English
    link = make_link(facilitator, mag)
    for screen, url in ((facilitator, f"/sessions/{mag.id}/projector"),
                        (app.test_client(), link)):  # the room's PC, a French browser
        page = screen.get(url, headers={"Accept-Language": "fr"}).get_data(as_text=True)
        assert '<html lang="nl">' in page and "Neem deel aan de sessie:" in page
        live = screen.get(f"{url}/live", headers={"Accept-Language": "fr"}).get_data(as_text=True)
        assert "Verhaalvoorstellen" in live and "Propositions de récits" not in live
    assert '<html lang="en">' in facilitator.get(f"/sessions/{mag.id}/console").get_data(as_text=True)


def test_a_link_revoked_on_another_worker_ends_this_workers_connections_at_its_sweep(
        app, mag, staff, socket_client):
    """Another worker revoked the link: its message never reached this worker's connection, which
    this worker's sweep (``Leases``, every 15 s) then ends; a staff projector stays."""
    facilitator = login(app.test_client(), "facilitator")
    secret = make_link(facilitator, mag).rsplit("/", 1)[1]
    room_pc = socket_client(audience="projector", secret=secret, lang="fr")
    staff_screen = socket_client(facilitator, audience="projector", session=mag.id, lang="fr")
    mag.projector_secret = None  # as the other worker's revocation left the database
    db.session.commit()
    assert room_pc.is_connected()
    with app.app_context():
        app.extensions["live_leases"].end_revoked()  # what the sweep runs
    assert not room_pc.is_connected() and staff_screen.is_connected()
