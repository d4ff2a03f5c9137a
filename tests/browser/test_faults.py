"""Faults: the server dies mid-round and comes back; retried submissions; drafts kept offline."""

import time

from playwright.sync_api import expect

from .conftest import join, jump_to, login, make_server, new_context, new_session

ROUND = "6. Premier tour de table"


def online(page):
    """Connected: "En direct" (not merely "not offline", which the first "Connexion…" also is)."""
    expect(page.locator("#live-status")).to_have_text("En direct", timeout=20_000)


def send(page, text):
    page.locator("#mine textarea[data-draft]").fill(text)
    page.locator("#mine button.primary").click()
    expect(page.locator("#mine .own")).to_contain_text(text)


def stored(server, text) -> int:
    return server.query("select count(*) from contribution where text = ?", text)[0][0]


def test_the_server_dies_mid_round_and_everyone_catches_up(browser, tmp_path):
    server = make_server(tmp_path).start()
    try:
        staff = new_context(browser, server, viewport={"width": 1280, "height": 900})
        console = staff.new_page()
        login(console)
        sid = new_session(console)
        console.get_by_role("button", name="Démarrer la séance").click()
        expect(console.locator(".console-head")).to_contain_text("En cours")
        beamer = new_context(browser, server, viewport={"width": 1920, "height": 1080},
                             storage_state=staff.storage_state())
        projector = beamer.new_page()
        projector.goto(f"/sessions/{sid}/projector")
        projector.evaluate("window.__sameDocument = true")
        code = projector.locator(".join-code").inner_text().strip()
        lune = new_context(browser, server).new_page()
        join(lune, code, "Lune")
        heron = new_context(browser, server).new_page()
        join(heron, code, "Héron")
        jump_to(console, ROUND)
        expect(projector.locator(".step-title")).to_contain_text("Premier tour de table")
        console.get_by_role("button", name="Montrer au projecteur").click()
        expect(lune.locator("#mine input[name=step][value='5']")).to_have_count(1)
        lune.wait_for_timeout(450)
        send(lune, "Avant la panne : le temps de liaison est invisible.")
        expect(projector.locator("#projector-live .card")).to_have_count(1)

        # The server is killed in the middle of the round: every page says it is reconnecting.
        server.kill()
        for page in (projector, lune, heron, console):
            expect(page.locator("#live-status")).to_have_class("live-status live-status--offline")
        # Héron goes on typing meanwhile.
        draft = "Pendant la panne, j'écrivais ceci."
        heron.locator("#mine textarea[data-draft]").fill(draft)
        # The projector's own network is down too, so it reconnects only after what follows.
        beamer.set_offline(True)
        time.sleep(1)

        server.start()  # same port, same database
        lune.reload()
        expect(lune.locator("#mine .own")).to_contain_text("Avant la panne")  # confirmed, still there
        send(lune, "Après la panne : qui coordonne ?")  # made while the projector is disconnected
        expect(projector.locator("#live-status")).to_have_class("live-status live-status--offline")
        expect(projector.locator("#projector-live .card")).to_have_count(1)
        beamer.set_offline(False)
        for page in (projector, lune, heron, console):
            online(page)
        # The projector catches up without a reload (live:resync re-fetch or the push).
        expect(projector.locator("#projector-live .card")).to_have_count(2)
        expect(projector.locator("#projector-live")).to_contain_text("qui coordonne")
        assert projector.evaluate("window.__sameDocument") is True
        expect(console.locator(".moderation")).to_contain_text("qui coordonne")
        assert stored(server, "Avant la panne : le temps de liaison est invisible.") == 1

        # Héron's draft survived the outage and a reload, and is sent once.
        expect(heron.locator("#mine textarea[data-draft]")).to_have_value(draft)
        heron.reload()
        expect(heron.locator("#mine textarea[data-draft]")).to_have_value(draft)
        heron.locator("#mine button.primary").click()
        expect(heron.locator("#mine .own")).to_contain_text(draft)
        expect(projector.locator("#projector-live .card")).to_have_count(3)
        assert stored(server, draft) == 1
    finally:
        server.kill()
        for context in browser.contexts:
            context.close()


def test_a_retried_submission_is_stored_once_and_one_sent_offline_goes_on_reconnection(browser, server):
    staff = new_context(browser, server)
    console = staff.new_page()
    login(console)
    new_session(console, title="Reprises")
    console.get_by_role("button", name="Démarrer la séance").click()
    expect(console.locator(".console-head")).to_contain_text("En cours")
    code = console.locator(".console-head p.muted").inner_text().rsplit(" ", 1)[-1]
    context = new_context(browser, server)
    page = context.new_page()
    join(page, code, "Galet")

    # The same form posted twice (a retry after a timeout): one contribution.
    text = "Un récit envoyé deux fois"
    page.locator("#mine input[name=title]").fill("Deux fois")
    page.locator("#mine textarea[data-draft]").fill(text)
    statuses = page.evaluate("""async () => {
        const form = document.querySelector('#mine form');
        const post = () => fetch(form.getAttribute('hx-post'), {method: 'POST', body: new FormData(form),
                                                               headers: {'HX-Request': 'true'}});
        return [(await post()).status, (await post()).status];
    }""")
    assert statuses == [200, 200]
    assert stored(server, text) == 1

    # Connection lost while typing, then sent: said at once, kept whole, and sent once when the
    # connection returns.
    context = new_context(browser, server)
    page = context.new_page()
    join(page, code, "Ardoise")
    online(page)
    context.set_offline(True)
    expect(page.locator("#live-status")).to_have_class("live-status live-status--offline")
    draft = "Je tape sans réseau"
    page.locator("#mine textarea[data-draft]").fill(draft)
    page.locator("#mine input[name=title]").fill("Hors ligne")
    page.locator("#mine button.primary").click()  # fails: no network
    expect(page.locator("#mine form .unsent")).to_contain_text("Pas de connexion")
    expect(page.locator("#mine textarea[data-draft]")).to_have_value(draft)
    expect(page.locator("#mine input[name=title]")).to_have_value("Hors ligne")
    assert stored(server, draft) == 0
    context.set_offline(False)
    online(page)
    expect(page.locator("#mine .own")).to_contain_text(draft)
    expect(page.locator("#mine form .unsent")).to_have_count(0)
    page.reload()
    expect(page.locator("#mine .own")).to_contain_text(draft)
    assert stored(server, draft) == 1
    for context in browser.contexts:
        context.close()


def test_an_overloaded_server_s_503_is_sent_again_with_the_same_key(browser, server):
    """Under a burst the server answers 503 with Retry-After. Here the first answer is lost
    after the server stored the story (the worst case): the page sends the form again after
    the delay, with the same idempotency key, and the story is stored once."""
    staff = new_context(browser, server)
    console = staff.new_page()
    login(console)
    new_session(console, title="Fin du minuteur")
    console.get_by_role("button", name="Démarrer la séance").click()
    expect(console.locator(".console-head")).to_contain_text("En cours")
    code = console.locator(".console-head p.muted").inner_text().rsplit(" ", 1)[-1]
    context = new_context(browser, server)
    page = context.new_page()
    join(page, code, "Silex")
    posts = []

    def overloaded_once(route):
        posts.append(route.request.post_data)
        if len(posts) == 1:
            route.fetch()  # the server stores it; its answer is replaced by an overload
            route.fulfill(status=503, headers={"Retry-After": "1", "HX-Retarget": "#flash",
                                               "HX-Reswap": "innerHTML", "Content-Type": "text/html"},
                          body="<p role=alert>Le serveur est très sollicité</p>")
        else:
            route.continue_()

    page.route("**/contributions", overloaded_once)
    text = "Le minuteur sonne, tout le monde envoie"
    page.locator("#mine input[name=title]").fill("Fin du temps")
    page.locator("#mine textarea[data-draft]").fill(text)
    page.locator("#mine button.primary").click()
    expect(page.locator("#mine .own")).to_contain_text(text, timeout=15_000)
    assert len(posts) == 2
    key = [part for part in posts[0].split("&") if part.startswith("client_key=")]
    assert key and key[0] in posts[1].split("&")  # the same idempotency key
    assert stored(server, text) == 1
    context.close()
    staff.close()
