"""Hostile text in a real browser: it never runs, never breaks the layout, and no page breaks the CSP."""

from playwright.sync_api import expect

from .conftest import PHONE, join, login, new_context, new_session

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""
LONG = "W" * 400
TITLE = "<script>window.__pwned=1</script>"
TEXT = (f'<img src=x onerror="window.__pwned=1;alert(1)"> {LONG} <a href="javascript:window.__pwned=1">x</a> '
        "\u202eevil.exe\u202c 👩🏽‍⚕️🔥 <svg onload=alert(1)> https://exemple.be/" + "x" * 150)
PSEUDONYM = "<img src=x onerror=alert(1)>"


def watched(context, dialogs):
    context.add_init_script(WATCH)
    context.on("page", lambda page: page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss())))
    return context


def assert_safe(page, dialogs):
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    assert page.evaluate("window.__csp") == [], page.url
    assert page.locator("img[src=x], svg[onload]").count() == 0
    overflowing = page.evaluate("""() => [...document.querySelectorAll('.card, main p, td, li')]
        .filter(el => el.getClientRects().length && el.scrollWidth > el.clientWidth + 1
                && getComputedStyle(el).overflowX !== 'auto')
        .map(el => el.className + ': ' + el.scrollWidth + '>' + el.clientWidth)""")
    assert overflowing == [], (page.url, overflowing)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def test_hostile_text_never_runs_nor_breaks_the_layout(browser, server):
    dialogs = []
    staff = watched(new_context(browser, server, viewport={"width": 1280, "height": 900}), dialogs)
    console = staff.new_page()
    login(console)
    sid = new_session(console, title="<b>Séance</b> " + TITLE)
    console.get_by_role("button", name="Démarrer la séance").click()
    expect(console.locator(".console-head")).to_contain_text("En cours")
    code = console.locator(".console-head p.muted").inner_text().rsplit(" ", 1)[-1]

    phone = watched(new_context(browser, server, **PHONE), dialogs).new_page()
    join(phone, code, PSEUDONYM)
    phone.locator("#mine input[name=title]").fill(TITLE)
    phone.locator("#mine textarea").fill(TEXT)
    phone.locator("#mine button.primary").click()
    expect(phone.locator("#mine .own")).to_contain_text("evil")
    console.reload()
    console.get_by_role("button", name="Montrer au projecteur").click()

    beamer = watched(new_context(browser, server, viewport={"width": 1920, "height": 1080},
                                 storage_state=staff.storage_state()), dialogs)
    projector = beamer.new_page()
    projector.goto(f"/sessions/{sid}/projector")
    expect(projector.locator("#projector-live .card")).to_contain_text(LONG)
    expect(projector.locator("#projector-live .card h3")).to_have_text(TITLE)
    console.reload()
    expect(console.locator(".moderation")).to_contain_text(PSEUDONYM)
    phone.reload()
    expect(phone.locator(".whoami")).to_contain_text(PSEUDONYM)
    for page in (projector, console, phone):
        expect(page.locator(".card", has_text="evil").first).to_have_css("overflow-wrap", "anywhere")
        assert_safe(page, dialogs)


def test_no_page_reports_a_content_security_policy_violation(browser, server):
    dialogs, messages = [], []
    staff = watched(new_context(browser, server), dialogs)
    page = staff.new_page()
    page.on("console", lambda message: messages.append(message.text))
    for path in ("/join", "/login"):
        page.goto(path)
        assert_safe(page, dialogs)
    login(page)
    sid = new_session(page, title="CSP")
    paths = ["/", "/sessions/new", f"/sessions/{sid}/console", f"/sessions/{sid}/projector",
             f"/sessions/{sid}/team", f"/sessions/{sid}/synthesis", f"/sessions/{sid}/synthesis/review"]
    code = page.locator(".console-head p.muted").inner_text().rsplit(" ", 1)[-1]
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert_safe(page, dialogs)
    participant = watched(new_context(browser, server), dialogs).new_page()
    participant.on("console", lambda message: messages.append(message.text))
    join(participant, code, "Lune")
    participant.wait_for_load_state("networkidle")
    assert_safe(participant, dialogs)
    assert not [text for text in messages if "Content Security Policy" in text], messages


def test_the_widest_join_code_fits_on_the_projector(browser, server):
    """Join codes are random: one of the widest letters must still fit its column, read from afar."""
    for (width, height), wide in (((1920, 1080), "MWMWMW"), ((1280, 720), "WMWMWM")):
        context = new_context(browser, server, viewport={"width": width, "height": height})
        page = context.new_page()
        login(page)
        session_id = new_session(page, title="Code large")
        server.query("update workshop_session set join_code = ? where id = ?", wide, session_id)
        page.goto(f"/sessions/{session_id}/projector")
        code = page.locator(".join-code")
        expect(code).to_have_text(wide)
        assert code.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), (width, code.evaluate(
            "el => el.scrollWidth + '>' + el.clientWidth"))
        context.close()
