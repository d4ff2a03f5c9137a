"""Issue #12's session in Chromium: five participants (one the only manager) type personal data
into stories, stakes and interpretations, the rapporteur into a note and the formula; the
rapporteur reviews every value in the browser, downloads the six exports and none names anyone;
then the report is declared final and the personal data purged."""

import io
import re

from docx import Document
from playwright.sync_api import expect
from test_disclosure_app import (
    ACCOUNTS,
    ENJEU,
    FORMULA,
    INTERPRETATIONS,
    NOTE,
    PEOPLE,
    STORY,
    THEME_LABEL,
    assert_nothing_identifies_anyone,
)

from .conftest import PHONE, SCREENSHOTS, add_rapporteur, login, new_context, new_session
from .test_session import console_click, next_step, send


def join_with_profile(page, code: str, pseudonym: str, profile: dict) -> None:
    page.goto("/join")
    page.fill("#code", code)
    page.click("button.primary")
    page.fill("#pseudonym", pseudonym)
    page.fill("#organisation", profile["organisation"])
    for name in ("organisation_size", "service", "function", "hierarchy", "seniority"):
        page.select_option(f"#{name}", profile[name])
    page.get_by_role("button", name="Rejoindre la séance").click()
    page.wait_for_url("**/p/*", wait_until="domcontentloaded")
    expect(page.locator(".whoami")).to_contain_text(pseudonym)


def download(page, button: str) -> tuple[str, bytes]:
    with page.expect_download() as started:
        page.get_by_role("button", name=button, exact=True).click()
    return started.value.suggested_filename, started.value.path().read_bytes()


def six_exports(desk, sid: int) -> dict[str, str]:
    desk.goto(f"/sessions/{sid}/synthesis")
    out = {}
    for key, link in (("md", "Markdown"), ("docx", "DOCX"), ("json", "JSON"),
                      ("csv", "CSV des contributions"), ("votes", "CSV des votes")):
        name, data = download(desk, link)
        out[key + " file name"] = name
        if key == "docx":
            document = Document(io.BytesIO(data))
            parts = [p.text for p in document.paragraphs]
            parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
            out[key] = "\n".join(parts)
        else:
            out[key] = data.decode("utf-8")
    desk.goto(f"/sessions/{sid}/synthesis/print")
    out["print"] = desk.locator("body").inner_text()
    return out


def test_the_issue_session_in_real_browsers(browser, server):
    staff = new_context(browser, server, viewport={"width": 1400, "height": 1000})
    console = staff.new_page()
    console.on("dialog", lambda dialog: dialog.accept())
    login(console)
    sid = new_session(console, "Groupe permanence — journée 1")
    add_rapporteur(console, sid)
    console.goto(f"/sessions/{sid}/console")
    console_click(console, "Démarrer la séance")
    code = re.search(r"Code : (\w+)", console.locator("main").inner_text()).group(1)

    people = {}
    for index, (name, profile) in enumerate(PEOPLE.items()):
        page = new_context(browser, server, **(PHONE if index == 0 else {})).new_page()
        join_with_profile(page, code, name, profile)
        people[name] = page

    send(people["Ketje"], 0, STORY, title="La famille Dupont")
    send(people["Zinneke"], 0, ACCOUNTS, title="Le dossier oublié")
    send(people["Gaufre"], 0, "Le logiciel impose douze écrans pour une aide urgente.", title="Douze écrans")
    next_step(console, "Choix du récit")
    for page in people.values():
        card = page.locator("#mine .vote-list li", has_text="La famille Dupont")
        card.get_by_role("button", name="Choisir ce récit").click()
        expect(page.locator("#mine .saved")).to_contain_text("Vote enregistré")
    with console.expect_response(lambda r: r.url.endswith("/story")):
        console.locator(".card li", has_text="La famille Dupont").get_by_role(
            "button", name="Choisir ce récit").click()
    next_step(console, "Narration")
    send(people["Ketje"], 2, STORY + " Elle attend parfois deux heures.")
    next_step(console, "Enjeux")
    send(people["Ketje"], 3, ENJEU)
    next_step(console, "Questions")
    next_step(console, "Premier tour de table")
    order = [re.sub(r"[↑↓]", "", text).strip()
             for text in console.locator(".speaking-order li").all_inner_texts()]
    writers = dict(zip(("Zinneke", "Praline", "Kriek"), INTERPRETATIONS, strict=True))
    for speaker in order:
        if speaker in writers:
            send(people[speaker], 5, writers[speaker])
        console_click(console, "Tour suivant →")
    for title in ("Réaction du narrateur", "Second tour de table", "Réaction du narrateur", "Positionnement"):
        next_step(console, title)
    for name, page in people.items():
        items = page.locator("#mine .vote-list li")
        expect(items).to_have_count(3)
        for index in range(3):
            agree = (index == 1) == (name == "Kriek")
            item = items.nth(index)
            item.get_by_role("button", name="D'accord" if agree else "Pas d'accord", exact=True).click()
            expect(item.locator(".my-vote")).to_be_visible()
    # a participant's page says how to take everything back, until the session closes
    expect(people["Praline"].get_by_role("link", name="Retirer toutes mes contributions")).to_be_visible()

    desk_context = new_context(browser, server, viewport={"width": 1280, "height": 900})
    desk = desk_context.new_page()
    login(desk, "rapporteuse")
    desk.goto(f"/sessions/{sid}/notes")
    desk.fill("textarea[name=text]", NOTE)
    desk.get_by_role("button", name="Ajouter la note").click()
    expect(desk.locator("#notes")).to_contain_text("revient sans cesse")
    console_click(console, "Clore la séance")
    people["Praline"].reload()
    expect(people["Praline"].get_by_role("link", name="Retirer toutes mes contributions")).to_have_count(0)

    desk.goto(f"/sessions/{sid}/synthesis")
    desk.fill("input[name=text]", FORMULA)
    desk.get_by_role("button", name="Enregistrer la formule").click()
    expect(desk.locator(".formula-form input[name=text]")).to_have_value(FORMULA)
    rename = desk.locator("article.theme-card").first.get_by_label("Intitulé du thème (modifiable)")
    desk.wait_for_load_state("networkidle")  # the formula's swap of the workspace has landed
    rename.fill(THEME_LABEL)
    with desk.expect_response(lambda r: "rename" in r.url and r.request.method == "POST"):
        rename.press("Enter")  # renamed in place
    expect(desk.locator("article.theme-card .theme-label").first).to_have_value(THEME_LABEL)
    with desk.expect_response(lambda r: "/export.docx" in r.url) as blocked:
        desk.goto(f"/sessions/{sid}/synthesis/export.docx")
    assert blocked.value.status == 409

    # The review, in the browser: one line per distinct value, then every one hidden.
    desk.goto(f"/sessions/{sid}/synthesis/review")
    values = desk.locator(".review-value")
    expect(desk.locator("main")).to_contain_text("passages restent à décider")
    texts = values.all_inner_texts()
    joined = "\n".join(texts)
    for datum in ("Dupont", "Kowalczyk", "0475 12 34 56", "85.07.30-033.61", "BE68 5390 0754 7035",
                  "x (dot) y at gmail.com", "Ketje"):
        assert datum in joined, datum
    desk.screenshot(path=str(SCREENSHOTS / "review.png"), full_page=True)
    dupont = values.filter(has=desk.locator("legend mark", has_text=re.compile(r"^Dupont$")))
    expect(dupont.locator("legend")).to_contain_text("6 occurrences")
    dupont.get_by_text("Voir les occurrences").click()
    expect(dupont.locator(".review-occurrences li")).to_have_count(6)
    desk.screenshot(path=str(SCREENSHOTS / "review-occurrences.png"), full_page=True)
    for value in values.all():
        value.get_by_label("Masquer partout").check()
    desk.get_by_role("button", name="Enregistrer les décisions").click()
    expect(desk.locator("main")).to_contain_text("Tous les passages sont décidés")

    exports = six_exports(desk, sid)
    assert_nothing_identifies_anyone(exports)
    assert "La famille [nom]" in exports["md"] and "récit de [pseudonyme]" in exports["print"]

    # Final, then the facilitator erases the personal data; the exports stay as they were.
    desk.goto(f"/sessions/{sid}/personal-data")
    desk.get_by_role("button", name="Déclarer le rapport final").click()
    expect(desk.locator("main")).to_contain_text("Rapport final depuis le")
    console.goto(f"/sessions/{sid}/personal-data")
    console.get_by_label("J'ai compris : l'effacement est définitif.").check()
    console.get_by_role("button", name="Effacer les données personnelles").click()
    expect(console.locator("main")).to_contain_text("Données personnelles effacées le")
    expect(console.locator("table")).to_contain_text("données personnelles effacées")
    console.screenshot(path=str(SCREENSHOTS / "personal-data.png"), full_page=True)
    after = six_exports(desk, sid)
    assert_nothing_identifies_anyone(after)
    assert after["md"] == exports["md"]
    people["Ketje"].reload()
    expect(people["Ketje"].locator("main")).to_contain_text("n'est pas valable")
    for context in browser.contexts:
        context.close()
