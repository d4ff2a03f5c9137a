"""The rapporteur types what is said aloud, keyboard only, while the room goes on."""

from playwright.sync_api import expect

from .conftest import PHONE, SCREENSHOTS, add_rapporteur, join, jump_to, login, new_context, new_session
from .test_session import console_click


def test_the_rapporteur_types_a_spoken_round_with_the_keyboard(browser, server):
    staff = new_context(browser, server, viewport={"width": 1400, "height": 1000})
    console = staff.new_page()
    login(console)
    sid = new_session(console, "Paroles dites")
    add_rapporteur(console, sid)
    console.goto(f"/sessions/{sid}/console")
    console_click(console, "Démarrer la séance")
    code = server.query("SELECT join_code FROM workshop_session WHERE id = ?", sid)[0][0]

    phones = new_context(browser, server, **PHONE)
    phone = phones.new_page()
    join(phone, code, "Lune")
    for name in ("Soleil", "Comète"):  # two people without a device, registered by name
        other = phones.browser.new_context(base_url=server.url).new_page()
        join(other, code, name)
        other.context.close()
    jump_to(console, "6. Premier tour de table")

    desk = new_context(browser, server, viewport={"width": 1280, "height": 900})
    notes = desk.new_page()
    login(notes, "rapporteuse")
    notes.goto(f"/sessions/{sid}/notes")
    form = notes.locator("form[data-spoken]")
    expect(form.locator("select[name=kind]")).to_have_value("interpretation")
    form.locator("select[name=speaker]").select_option(label="Comète")
    text = form.locator("textarea[name=text]")
    text.click()
    notes.keyboard.type("Elle a protégé l'enfant en se taisant.")
    notes.keyboard.press("Enter")
    expect(notes.locator("#spoken-entered")).to_contain_text("interprétation de Comète")
    expect(text).to_have_value("")
    expect(text).to_be_focused()
    notes.keyboard.type("Le service manquait de temps,")
    notes.keyboard.press("Shift+Enter")
    notes.keyboard.type("et de mots.")
    form.locator("select[name=speaker]").select_option(label="Lune")
    text.press("Enter")
    expect(notes.locator("#spoken-entered")).to_contain_text("interprétation de Lune")
    notes.screenshot(path=str(SCREENSHOTS / "spoken-notes.png"), full_page=True)
    rows = server.query("SELECT text, spoken FROM contribution WHERE session_id = ? ORDER BY id", sid)
    assert rows == [("Elle a protégé l'enfant en se taisant.", 1),
                    ("Le service manquait de temps,\net de mots.", 1)]

    # Lune finds it on her phone and corrects it
    phone.reload()
    mine = phone.locator("#mine")
    expect(mine).to_contain_text("Saisie par l'équipe")
    mine.get_by_text("Modifier").click()
    mine.locator(".own textarea[name=text]").fill("Le service manquait de temps.")
    mine.get_by_role("button", name="Enregistrer la modification").click()
    expect(mine.locator(".saved")).to_contain_text("Modification enregistrée")
    phone.screenshot(path=str(SCREENSHOTS / "spoken-phone.png"), full_page=True)

    console.get_by_role("button", name="Montrer au projecteur").click()
    projector = staff.new_page()
    projector.goto(f"/sessions/{sid}/projector")
    live = projector.locator("#projector-live")
    expect(live).to_contain_text("Le service manquait de temps.")
    said = live.locator("li", has_text="Elle a protégé")  # the round's turns name people; items never
    for name in ("Comète", "Lune"):
        expect(said).not_to_contain_text(name)
        expect(live.locator("li", has_text="Le service manquait")).not_to_contain_text(name)
    console.screenshot(path=str(SCREENSHOTS / "spoken-console.png"), full_page=True)
    for context in (staff, phones, desk):
        context.close()
