"""A whole classic MAG session in Chromium: a console, a projector and four participants, one on a phone."""

import io
import re

from docx import Document
from playwright.sync_api import expect

from .conftest import PHONE, SCREENSHOTS, add_rapporteur, join, login, new_context, new_session

NAMES = ("Lune", "Héron", "Galet", "Ardoise")


def console_click(console, label: str):
    """Click a console button and wait for the console's HTMX answer."""
    with console.expect_response(lambda r: r.request.method == "POST" and "/sessions/" in r.url) as answer:
        console.get_by_role("button", name=label, exact=True).first.click()
    assert answer.value.status == 200, answer.value.text()


def next_step(console, title: str):
    console_click(console, "Étape suivante →")
    expect(console.locator(".steps [aria-current=step]")).to_contain_text(title)


def send(page, step: int, text: str, title: str | None = None, level: str | None = None):
    mine = page.locator("#mine")
    expect(mine.locator(f"input[name=step][value='{step}']")).to_have_count(1)  # refreshed for the step
    page.wait_for_timeout(450)  # the refresh after a step change is spread over 400 ms
    if title is not None:
        mine.locator("input[name=title]").fill(title)
    if level is not None:
        mine.locator(f"input[name=level][value={level}]").check()
    mine.locator("textarea[data-draft]").fill(text)
    mine.get_by_role("button", name="Envoyer", exact=True).click()
    expect(mine.locator(".saved")).to_contain_text("Enregistré")
    expect(mine.locator(".own")).to_contain_text(text[:30])


def agree_grow(projector) -> list[str]:
    return projector.locator("#projector-live .bar--agree").evaluate_all(
        "bars => bars.map(b => getComputedStyle(b).flexGrow)")


def test_a_full_session_in_real_browsers(browser, server):
    staff = new_context(browser, server, viewport={"width": 1400, "height": 1000})
    console = staff.new_page()
    console.on("dialog", lambda dialog: dialog.accept())
    login(console)
    sid = new_session(console)
    add_rapporteur(console, sid)
    console.goto(f"/sessions/{sid}/console")
    console_click(console, "Démarrer la séance")

    beamer = new_context(browser, server, viewport={"width": 1920, "height": 1080},
                         storage_state=staff.storage_state())
    projector = beamer.new_page()
    projector.goto(f"/sessions/{sid}/projector")
    projector.evaluate("window.__sameDocument = true")  # gone if the page ever reloads
    code = projector.locator(".join-code").inner_text().strip()
    expect(projector.locator("#live-status")).not_to_have_class(re.compile("offline"))

    people = {}
    for index, name in enumerate(NAMES):
        context = new_context(browser, server, **(PHONE if index == 0 else {}))
        page = context.new_page()
        join(page, code, name)
        expect(page.locator(".whoami")).to_contain_text(name)
        people[name] = page
    phone = people["Lune"]

    # 1. Story proposals: the projector counts them, then shows them, without a reload.
    for index, (name, page) in enumerate(people.items()):
        send(page, 0, f"Ce qui est arrivé à {name}.", title=f"Récit {'ABCD'[index]}")
        expect(projector.locator(".big-count")).to_contain_text(f"{index + 1} récit")
    console_click(console, "Montrer au projecteur")
    expect(projector.locator("#projector-live .card")).to_have_count(4)
    expect(projector.locator("#projector-live")).to_contain_text("Récit C")

    # 2. Everyone votes for Héron's story (Héron for Lune's); the console confirms the choice.
    next_step(console, "Choix du récit")
    for name, page in people.items():
        wanted = "Récit A" if name == "Héron" else "Récit B"
        card = page.locator("#mine .vote-list li", has_text=wanted)
        card.get_by_role("button", name="Choisir ce récit").click()
        expect(page.locator("#mine .saved")).to_contain_text("Vote enregistré")
    expect(projector.locator("#projector-live")).not_to_contain_text("voix")  # hidden until shown
    console_click(console, "Montrer les résultats")
    expect(projector.locator("#projector-live")).to_contain_text("3 voix")
    with console.expect_response(lambda r: r.url.endswith("/story")):
        console.locator(".card li", has_text="Récit B").get_by_role("button", name="Choisir ce récit").click()
    expect(projector.locator(".chosen")).to_contain_text("Récit B")
    narrator = people["Héron"]
    expect(narrator.locator(".role-badge")).to_be_visible()

    # 3-5. Narration, stakes, questions.
    next_step(console, "Narration")
    send(narrator, 2, "Tout a commencé un lundi.\nPuis le dossier s'est perdu.")
    expect(projector.locator(".narration")).to_contain_text("le dossier s'est perdu")
    next_step(console, "Enjeux")
    next_step(console, "Questions")
    send(phone, 4, "Combien de temps a duré le suivi ?")

    # 6. First round: the speaking order advances on the projector and on the speaker's phone.
    next_step(console, "Premier tour de table")
    others = [name for name in NAMES if name != "Héron"]
    order = console.locator(".speaking-order li").all_inner_texts()
    speakers = [re.sub(r"[↑↓]", "", text).strip() for text in order]
    assert sorted(speakers) == sorted(others)
    for turn, speaker in enumerate(speakers):
        expect(projector.locator(".turn-now")).to_contain_text(speaker)
        expect(people[speaker].locator(".your-turn")).to_be_visible()
        send(people[speaker], 5, f"Interprétation {turn} : le système protège l'institution.")
        expect(projector.locator(".big-count")).to_contain_text(f"{turn + 1} interprétation")
        console_click(console, "Tour suivant →")
        expect(people[speaker].locator(".your-turn")).to_have_count(0)
    expect(projector.locator(".turn-now")).to_contain_text("Le tour de table est terminé")
    console_click(console, "Montrer au projecteur")
    expect(projector.locator("#projector-live .card")).to_have_count(3)

    # 7-9. Reaction, second round, reaction.
    next_step(console, "Réaction du narrateur")
    next_step(console, "Second tour de table")
    next_step(console, "Réaction du narrateur")

    # 10. Positioning, with results shown live: the bars on the projector move as positions come in.
    next_step(console, "Positionnement")
    expect(projector.locator("#projector-live .position")).to_have_count(3)
    console.wait_for_timeout(450)  # the console's own re-fetch after the step change, not mid-swap
    with console.expect_response(lambda r: r.url.endswith("/results")):
        console.select_option("select[name=results_shown]", "live")
    expect(projector.locator("#projector-live .bar--agree")).to_have_count(3)  # shown once pushed
    assert agree_grow(projector) == ["0", "0", "0"]
    for count, page in enumerate(people.values(), start=1):
        first = page.locator("#mine .vote-list li").first
        first.get_by_role("button", name="D'accord", exact=True).click()
        expect(first.locator(".my-vote")).to_contain_text("d'accord")
        expect(projector.locator("#projector-live .bar--agree").first).to_have_css("flex-grow", str(count))
    assert agree_grow(projector)[1:] == ["0", "0"]
    phone.screenshot(path=str(SCREENSHOTS / "participant.png"), full_page=True)

    # 11-13. Convergences, theory, then proposals with priority dots.
    next_step(console, "Convergences et divergences")
    expect(projector.locator(".class--convergence")).to_contain_text("Interprétation")
    next_step(console, "Apports théoriques")
    next_step(console, "Perspectives pratiques")
    send(people["Galet"], 12, "Un temps d'intervision mensuel", level="practice")
    console_click(console, "Ouvrir le vote")
    add = phone.locator("#mine .dot-buttons").first.get_by_role("button", name="Ajouter un point")
    add.click()
    expect(phone.locator("#mine .dots").first).to_contain_text("1 point de votre part")
    expect(projector.locator(".ranking")).to_contain_text("1 point")

    # 14. Evaluation, then close.
    next_step(console, "Évaluation")
    console_click(console, "Clore la séance")
    expect(projector.locator("#projector-live")).to_contain_text("Évaluation")
    assert projector.evaluate("window.__sameDocument") is True  # every update arrived live

    # The rapporteur reviews personal data, then downloads the DOCX, which opens.
    desk = new_context(browser, server)
    rapporteur = desk.new_page()
    login(rapporteur, "rapporteuse")
    rapporteur.goto(f"/sessions/{sid}/synthesis/review")
    radios = rapporteur.locator("input[type=radio][value=redact]")
    if radios.count():
        for radio in radios.all():
            radio.check()
        rapporteur.get_by_role("button", name="Enregistrer les décisions").click()
    rapporteur.goto(f"/sessions/{sid}/synthesis")
    with rapporteur.expect_download() as download:
        rapporteur.get_by_role("button", name="DOCX", exact=True).click()
    document = Document(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Le temps invisible" in text
    assert "Interprétation" in text or any("Interprétation" in cell.text for table in document.tables
                                           for row in table.rows for cell in row.cells)
    for context in browser.contexts:
        context.close()
