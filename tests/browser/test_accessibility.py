"""Accessibility: axe-core finds no serious or critical problem; keyboard alone is enough to take part."""

from playwright.sync_api import expect

from .conftest import AXE, add_rapporteur, jump_to, login, new_context, new_session, tab_to

AXE_SOURCE = AXE.read_text()


def serious_violations(page) -> list[str]:
    page.evaluate(AXE_SOURCE)  # evaluated, not injected as a tag: the app's CSP forbids inline script
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_no_serious_accessibility_violation_on_any_page(browser, server):
    staff = new_context(browser, server)
    page = staff.new_page()
    found = {}
    for path in ("/join", "/login"):
        page.goto(path)
        found[path] = serious_violations(page)
    login(page)
    sid = new_session(page, title="Accessibilité")
    page.get_by_role("button", name="Démarrer la séance").click()
    expect(page.locator(".console-head")).to_contain_text("En cours")
    code = page.locator(".console-head p.muted").inner_text().rsplit(" ", 1)[-1]
    participant = new_context(browser, server, viewport={"width": 390, "height": 844}).new_page()
    participant.goto(f"/join/{code}")
    found["join/<code>"] = serious_violations(participant)
    participant.fill("#pseudonym", "Lune")
    participant.press("#pseudonym", "Enter")
    participant.wait_for_url("**/p/*")
    found["participant: stories"] = serious_violations(participant)
    participant.locator("#mine input[name=title]").fill("Un lundi")
    participant.locator("#mine textarea").fill("Le dossier s'est perdu entre deux services.")
    participant.locator("#mine button.primary").click()
    expect(participant.locator("#mine .saved")).to_be_visible()
    found["participant: saved"] = serious_violations(participant)
    for step in ("10. Positionnement", "13. Perspectives pratiques", "14. Évaluation"):
        page.goto(f"/sessions/{sid}/console")
        jump_to(page, step)
        participant.reload()
        found[f"participant: {step}"] = serious_violations(participant)
        found[f"console: {step}"] = serious_violations(page)
    for path in ("/", "/sessions/new", f"/sessions/{sid}/projector", f"/sessions/{sid}/team",
                 f"/sessions/{sid}/synthesis", f"/sessions/{sid}/synthesis/review"):
        page.goto(path)
        found[path] = serious_violations(page)
    rapporteur = new_context(browser, server).new_page()
    add_rapporteur(page, sid)
    login(rapporteur, "rapporteuse")
    rapporteur.goto(f"/sessions/{sid}/notes")
    found["notes"] = serious_violations(rapporteur)
    bad = [f"{where}: {problem}" for where, problems in found.items() for problem in problems]
    assert not bad, "\n".join(bad)


def test_joining_and_contributing_with_the_keyboard_alone(browser, server):
    staff = new_context(browser, server)
    console = staff.new_page()
    login(console)
    sid = new_session(console, title="Clavier")
    console.get_by_role("button", name="Démarrer la séance").click()
    expect(console.locator(".console-head")).to_contain_text("En cours")
    code = console.locator(".console-head p.muted").inner_text().rsplit(" ", 1)[-1]

    page = new_context(browser, server).new_page()
    page.goto("/join")
    tab_to(page, "#code")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/join/{code}")
    tab_to(page, "#pseudonym")
    page.keyboard.type("Clavier")
    tab_to(page, "button.primary")
    page.keyboard.press("Enter")
    page.wait_for_url("**/p/*")
    tab_to(page, "#mine input[name=title]")
    page.keyboard.type("Au guichet")
    tab_to(page, "#mine textarea")
    page.keyboard.type("Tout au clavier, sans souris.")
    tab_to(page, "#mine button.primary")
    page.keyboard.press("Enter")
    expect(page.locator("#mine .saved")).to_contain_text("Enregistré")
    expect(page.locator("#mine .own")).to_contain_text("Tout au clavier")
    console.goto(f"/sessions/{sid}/console")
    expect(console.locator(".moderation")).to_contain_text("Tout au clavier")
    staff.close()
    page.context.close()


def test_the_projector_is_readable_from_the_back_of_the_room(browser, server):
    staff = new_context(browser, server, viewport={"width": 1920, "height": 1080})
    page = staff.new_page()
    login(page)
    sid = new_session(page, title="Projecteur lisible")
    page.goto(f"/sessions/{sid}/projector")
    sizes = page.evaluate("""() => Object.fromEntries(['.step-title', '.step-prompt', '.join-code',
        '.big-count', '.timer'].map(sel => [sel,
            parseFloat(getComputedStyle(document.querySelector(sel)).fontSize)]))""")
    assert sizes[".step-title"] >= 60 and sizes[".join-code"] >= 60, sizes
    assert min(sizes.values()) >= 32, sizes  # about 1 cm letters at 6 m on a 2 m wide screen
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")  # no scrolling
    assert serious_violations(page) == []  # includes colour contrast
    staff.close()
