"""A validation forum in Chromium (issue #5): three ateliers at the same time on the same findings.

The forum's creator imports a cross-group synthesis and opens the plenary view; two participants
per atelier, on phones, answer the three questions on a finding (one of them with the keyboard
alone); each atelier's rapporteur watches the answers come in, then records a verdict. The
plenary shows every verdict as it is recorded, without a reload, and marks the finding divergent.
"""

import json
import re
import subprocess
import sys

from playwright.sync_api import expect

from .conftest import HERE, PASSWORD, PHONE, ROOT, join, login, new_context, tab_to
from .test_accessibility import serious_violations
from .test_hostile import WATCH

RAPPORTEURS = ("rapporteur1", "rapporteur2", "rapporteur3")
FINDING = "Le temps administratif déborde sur le temps d'accompagnement."
MATERIAL = {
    "format": "tourdetable.project-synthesis/1",
    "axes": [
        {"id": "a1", "label": "Le temps de travail",
         "findings": [
             {"id": "f1", "text": FINDING, "group": "Groupe A", "session": "Jour 1"},
             {"id": "f2", "text": "Les urgences fixent l'agenda des travailleurs sociaux.",
              "group": "Groupe B", "session": "Jour 1"}],
         "proposals": [{"id": "p1", "text": "Un temps d'intervision mensuel"}]},
        {"id": "a2", "label": "La relation avec les usagers",
         "findings": [{"id": "f3", "text": "Les usagers attendent d'être rappelés.", "group": "Groupe A",
                       "session": "Jour 1"}],
         "proposals": []},
    ],
}
AMENDED = "Le temps administratif déborde sur l'accompagnement dans les grands CPAS."
VERDICTS = ("Validé", "Invalidé", "Amendé")


def add_staff(server, *names):
    """Staff accounts beyond the suite's two, as `serve.py setup` makes them (re-running the
    migrations is a no-op)."""
    subprocess.run([sys.executable, str(HERE / "serve.py"), "setup", PASSWORD, *names],
                   env=server.env, cwd=ROOT, check=True, capture_output=True)


def watched(browser, server, **options):
    """A browser context whose pages record any Content Security Policy violation in window.__csp."""
    context = new_context(browser, server, **options)
    context.add_init_script(WATCH)
    return context


def assert_no_csp_violation(page):
    assert page.evaluate("window.__csp") == [], page.url


def join_atelier(page, code: str, pseudonym: str):
    """Join with the atelier's code: its participant lands on its questions (/p/<token>/forum)."""
    join(page, code, pseudonym, lands="**/p/*/forum")
    expect(page.locator(".whoami")).to_contain_text(pseudonym)


def answer(page, finding, covered: bool, everywhere: bool, priority: str | None, words: str):
    """Answer the questions on a target with the mouse (priority: a proposal's only), and wait
    for the confirmation."""
    form = page.locator(finding)
    coverage = "Aspects principaux couverts" if covered else "Lacunes importantes"
    form.get_by_role("radio", name=coverage).check()
    if not covered:
        form.get_by_label("Quelles lacunes ?").fill(words)
    form.get_by_role("radio", name=("Valable pour toutes les organisations" if everywhere
                                    else "Seulement pour certaines")).check()
    if not everywhere:
        form.get_by_label("Lesquelles, et pourquoi").fill(words)
    if priority:
        form.get_by_role("radio", name=priority, exact=True).check()
    form.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.locator(finding).locator(".saved")).to_contain_text("Réponse enregistrée")
    expect(page.locator(finding).get_by_role("button", name="Modifier ma réponse")).to_be_visible()


def answer_with_the_keyboard(page, finding, words: str):
    """Gaps, only some organisations: Tab between the fields, arrows within a question."""
    tab_to(page, f"{finding} input[name=coverage]")
    page.keyboard.press("ArrowDown")  # from the first choice to the second, "Lacunes importantes"
    tab_to(page, f"{finding} textarea[name=gaps]")
    page.keyboard.type(words)
    tab_to(page, f"{finding} input[name=scope]")
    page.keyboard.press("ArrowDown")  # "Seulement pour certaines"
    tab_to(page, f"{finding} textarea[name=scope_which]")
    page.keyboard.type("Les petits CPAS, faute de personnel administratif.")
    tab_to(page, f"{finding} button.primary")
    page.keyboard.press("Enter")
    form = page.locator(finding)
    expect(form.locator(".saved")).to_contain_text("Réponse enregistrée")
    expect(form.get_by_role("radio", name="Lacunes importantes")).to_be_checked()
    expect(form.get_by_role("radio", name="Seulement pour certaines")).to_be_checked()
    expect(form.locator("input[name=priority]")).to_have_count(0)  # asked of proposals only
    expect(form.get_by_label("Quelles lacunes ?")).to_have_value(words)


def test_three_ateliers_validate_the_same_finding_and_the_plenary_follows_live(browser, server, tmp_path):
    add_staff(server, *RAPPORTEURS)
    messages = []

    # The forum's creator imports the synthesis: a forum of three ateliers.
    staff = watched(browser, server, viewport={"width": 1400, "height": 1000})
    desk = staff.new_page()
    desk.on("console", lambda message: messages.append(message.text))
    login(desk)
    material = tmp_path / "synthese.json"
    material.write_text(json.dumps(MATERIAL, ensure_ascii=False), encoding="utf-8")
    desk.goto("/forums/import")
    desk.get_by_label("Titre du forum").fill("Forum CPAS")
    desk.get_by_label("Nombre d'ateliers").fill("3")
    desk.get_by_label("Synthèse transversale (JSON)").set_input_files(material)
    desk.get_by_role("button", name="Créer le forum").click()
    desk.wait_for_url(re.compile(r"/forums/\d+$"), wait_until="domcontentloaded")
    forum_id = int(desk.url.rsplit("/", 1)[1])
    ateliers = desk.locator("section.card", has=desk.get_by_role("heading", name=re.compile("^Atelier")))
    expect(ateliers).to_have_count(3)
    codes = [atelier.locator("strong").first.inner_text().strip() for atelier in ateliers.all()]
    sessions = [int(re.search(r"/sessions/(\d+)/", atelier.get_by_role("link", name="Console")
                              .get_attribute("href")).group(1)) for atelier in ateliers.all()]
    assert len(set(codes)) == 3 and len(set(sessions)) == 3

    # Each atelier gets its rapporteur, and starts from its console.
    for sid, username in zip(sessions, RAPPORTEURS, strict=True):
        desk.goto(f"/sessions/{sid}/team")
        desk.fill("input[name=username]", username)
        desk.select_option("select[name=role]", "rapporteur")
        desk.get_by_role("button", name="Ajouter à l'équipe").click()
        expect(desk.locator("main ul")).to_contain_text(f"{username.title()} — ")
        desk.goto(f"/sessions/{sid}/console")
        desk.get_by_role("button", name="Démarrer la séance").click()
        expect(desk.locator(".console-head")).to_contain_text("En cours")

    # The plenary, on the main projector, is open before anything is answered.
    beamer = watched(browser, server, viewport={"width": 1920, "height": 1080},
                     storage_state=staff.storage_state())
    plenary = beamer.new_page()
    plenary.on("console", lambda message: messages.append(message.text))
    plenary.goto(f"/forums/{forum_id}/plenary")
    plenary.evaluate("window.__sameDocument = true")  # gone if the page ever reloads
    expect(plenary.locator("#live-status")).not_to_have_class(re.compile("offline"))
    row = plenary.locator("#plenary-finding-f1")
    expect(row).to_contain_text(FINDING)
    expect(row.locator("td")).to_have_count(3)
    expect(row.locator("td", has_text="en cours")).to_have_count(3)
    expect(row).not_to_have_class(re.compile("divergent"))
    assert serious_violations(plenary) == []

    # Each rapporteur opens the atelier's verdicts page: nothing answered yet.
    desks = []
    for sid, username in zip(sessions, RAPPORTEURS, strict=True):
        page = watched(browser, server).new_page()
        page.on("console", lambda message: messages.append(message.text))
        login(page, username)
        page.goto(f"/sessions/{sid}/forum")
        expect(page.locator("#summary-finding-f1")).to_contain_text("Aucune réponse pour l'instant")
        expect(page.locator("#live-status")).not_to_have_class(re.compile("offline"))
        page.evaluate("window.__sameDocument = true")
        desks.append(page)

    # Two participants per atelier join on their phones; all six have the same finding to answer.
    people = []
    for number, code in enumerate(codes, start=1):
        for name in (f"Lune{number}", f"Galet{number}"):
            page = watched(browser, server, **PHONE).new_page()
            page.on("console", lambda message: messages.append(message.text))
            join_atelier(page, code, name)
            expect(page.locator("h1")).to_contain_text(f"Atelier {number}")
            expect(page.locator("#finding-f1")).to_contain_text(FINDING)
            expect(page.locator("#live-status")).not_to_have_class(re.compile("offline"))
            people.append(page)
    assert serious_violations(people[0]) == []

    # They answer, the ateliers in turn; each rapporteur's count goes up without a reload.
    for index, page in enumerate(people):
        first = index % 2 == 0  # the atelier's first participant to answer
        if index == 0:
            answer_with_the_keyboard(page, "#finding-f1", "Le temps des trajets à domicile")
        else:
            answer(page, "#finding-f1", covered=not first, everywhere=first,
                   priority=None, words=f"Lacune vue par le participant {index}")
        summary = desks[index // 2].locator("#summary-finding-f1")
        expect(summary).to_contain_text("1 réponse —" if first else "2 réponses —")
    expect(desks[0].locator("#summary-finding-f1")).to_contain_text("Le temps des trajets à domicile")
    expect(desks[0].locator("#summary-finding-f1")).to_contain_text("Les petits CPAS")
    expect(desks[1].locator("#summary-finding-f1")).to_contain_text("Lacune vue par le participant 3")
    expect(desks[2].locator("#summary-finding-f1")).to_contain_text("Lacunes importantes : 1")
    expect(desks[0].locator("#summary-finding-f2")).to_contain_text("Aucune réponse pour l'instant")
    assert serious_violations(people[0]) == []  # with the saved answer and its confirmation

    # The three rapporteurs record their verdicts at the same moment: fill in, then send all three.
    forms = [page.locator("#finding-f1 form") for page in desks]
    for form, verdict in zip(forms, VERDICTS, strict=True):
        form.get_by_role("radio", name=verdict, exact=True).check()
    forms[1].get_by_label("Lacunes", exact=True).fill("Ne tient pas compte du télétravail.")
    forms[2].get_by_label("Formulation amendée").fill(AMENDED)
    for form in forms:
        form.get_by_role("button", name="Enregistrer le verdict").click()
    for page in desks:
        expect(page.locator("#finding-f1 .saved")).to_contain_text("Verdict enregistré")

    # The plenary shows the three verdicts side by side, live, and the finding as divergent.
    cells = row.locator("td")
    expect(cells.nth(0)).to_contain_text("Validé")
    expect(cells.nth(1)).to_contain_text("Invalidé")
    expect(cells.nth(2)).to_contain_text("Amendé")
    expect(row).to_have_class(re.compile(r"\bdivergent\b"))
    expect(row).to_contain_text("Les ateliers divergent sur ce constat.")
    expect(plenary.locator("#plenary-finding-f2 td", has_text="en cours")).to_have_count(3)
    expect(plenary.locator("tr.divergent")).to_have_count(1)
    expect(plenary.locator("tbody tr").first).to_have_id("plenary-finding-f1")  # divergent rows first

    # The coordinator puts the finding in debate: every atelier's verdict and amendment, whole.
    desk.goto(f"/forums/{forum_id}")
    desk.get_by_label("Mettre en débat").select_option("finding:f1")
    desk.get_by_role("button", name="Débattre").click()
    focus = plenary.locator(".plenary-focus")
    expect(focus).to_contain_text(FINDING)
    expect(focus.locator(".focus-atelier").nth(1)).to_contain_text("Ne tient pas compte du télétravail.")
    expect(focus.locator(".focus-atelier").nth(2)).to_contain_text(AMENDED)
    expect(focus).to_contain_text("Les ateliers divergent sur ce constat.")
    assert plenary.evaluate("window.__sameDocument") is True  # every verdict and the focus arrived live
    assert all(page.evaluate("window.__sameDocument") for page in desks)
    assert serious_violations(plenary) == []  # with verdicts and the divergence shown

    for page in [desk, plenary, *desks, *people]:
        assert_no_csp_violation(page)
    assert not [text for text in messages if "Content Security Policy" in text], messages
    for context in browser.contexts:
        context.close()


def open_forum(desk, tmp_path, ateliers: int, title: str = "Forum CPAS") -> tuple[int, list[str], list[int]]:
    """Import the synthesis as the forum's creator: (forum id, join codes, session ids)."""
    material = tmp_path / "synthese.json"
    material.write_text(json.dumps(MATERIAL, ensure_ascii=False), encoding="utf-8")
    desk.goto("/forums/import")
    desk.get_by_label("Titre du forum").fill(title)
    desk.get_by_label("Nombre d'ateliers").fill(str(ateliers))
    desk.get_by_label("Synthèse transversale (JSON)").set_input_files(material)
    desk.get_by_role("button", name="Créer le forum").click()
    desk.wait_for_url(re.compile(r"/forums/\d+$"), wait_until="domcontentloaded")
    forum_id = int(desk.url.rsplit("/", 1)[1])
    cards = desk.locator("section.card", has=desk.get_by_role("heading", name=re.compile("^Atelier")))
    expect(cards).to_have_count(ateliers)
    codes = [card.locator("strong").first.inner_text().strip() for card in cards.all()]
    sessions = [int(re.search(r"/sessions/(\d+)/", card.get_by_role("link", name="Console")
                              .get_attribute("href")).group(1)) for card in cards.all()]
    return forum_id, codes, sessions


ARDOISE = ("select {} from forum_answer join participant on participant.id = forum_answer.participant_id"
           " where participant.pseudonym = 'Ardoise'")


def test_an_answer_changed_offline_is_kept_said_unsent_and_sent_once_on_reconnection(
        browser, server, tmp_path):
    staff = new_context(browser, server)
    desk = staff.new_page()
    login(desk)
    _forum_id, (code,), (sid,) = open_forum(desk, tmp_path, 1, "Forum hors ligne")
    desk.goto(f"/sessions/{sid}/console")
    desk.get_by_role("button", name="Démarrer la séance").click()
    expect(desk.locator(".console-head")).to_contain_text("En cours")

    phone = new_context(browser, server, **PHONE)
    page = phone.new_page()
    join_atelier(page, code, "Ardoise")
    expect(page.locator("#live-status")).to_have_text("En direct")
    answer(page, "#proposal-p1", covered=True, everywhere=True, priority="Oui", words="")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)

    # The connection drops; she changes her answer and sends it.
    phone.set_offline(True)
    expect(page.locator("#live-status")).to_have_text("Reconnexion…")
    form = page.locator("#proposal-p1")
    form.get_by_role("radio", name="Lacunes importantes").check()
    expect(form.locator(".saved")).to_have_count(0)  # changed: no longer what was saved
    form.get_by_label("Quelles lacunes ?").fill("Les permanences du soir")
    form.get_by_role("radio", name="Non", exact=True).check()
    form.get_by_role("button", name="Modifier ma réponse").click()
    # At once: not sent, said so; the whole form as she left it, no "saved".
    expect(form.locator(".unsent")).to_contain_text("Pas de connexion")
    expect(form.locator(".saved")).to_have_count(0)
    expect(form.get_by_role("radio", name="Lacunes importantes")).to_be_checked()
    expect(form.get_by_role("radio", name="Non", exact=True)).to_be_checked()
    expect(form.get_by_label("Quelles lacunes ?")).to_have_value("Les permanences du soir")
    assert server.query(ARDOISE.format("coverage, priority")) == [("covered", "yes")]

    # The connection returns: the form goes once, "saved" comes with the server's answer, and
    # the page's re-fetch after reconnecting did not put the old answer back.
    posts.clear()
    phone.set_offline(False)
    expect(page.locator("#live-status")).to_have_text("En direct", timeout=20_000)
    expect(form.locator(".saved")).to_contain_text("Réponse enregistrée", timeout=15_000)
    expect(form.locator(".unsent")).to_have_count(0)
    expect(form.get_by_role("radio", name="Lacunes importantes")).to_be_checked()
    expect(form.get_by_role("radio", name="Non", exact=True)).to_be_checked()
    expect(form.get_by_label("Quelles lacunes ?")).to_have_value("Les permanences du soir")
    page.wait_for_timeout(500)  # anything else that would go out
    assert len([url for url in posts if "/forum/" in url]) == 1  # the answer, sent once
    assert server.query(ARDOISE.format("coverage, gaps, priority")) == [
        ("gaps", "Les permanences du soir", "no")]

    # Another change, left unsent while offline: a re-fetch of her questions keeps it.
    phone.set_offline(True)
    expect(page.locator("#live-status")).to_have_text("Reconnexion…")
    form.get_by_role("radio", name="En partie", exact=True).check()
    phone.set_offline(False)
    expect(page.locator("#live-status")).to_have_text("En direct", timeout=20_000)
    page.evaluate("htmx.trigger(document.body, 'live:resync')")
    page.wait_for_timeout(800)
    expect(form.get_by_role("radio", name="En partie", exact=True)).to_be_checked()
    expect(form.locator(".saved")).to_have_count(0)
    for context in browser.contexts:
        context.close()
