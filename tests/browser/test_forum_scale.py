"""The forum at full scale in Chromium (issue #18): 8 ateliers of 10 phone participants.

The coordinator imports a synthesis of 3 axes and 15 findings, creates 8 ateliers, staffs them
all from one form and starts them. Eighty participants join and answer: most over plain HTTP
(as many phones would, without the cost of 80 browsers), two of them on phones in Chromium,
which show their progress ("3/21") and the next question without an answer. Verdicts come in
from every atelier; the plenary, on a 1920×1080 projector, shows the tally of all 8 ateliers
without scrolling, then follows the coordinator's move to the focus live. The overview counts
every atelier's participants, answers and verdicts.
"""

import json
import re
from concurrent.futures import ThreadPoolExecutor

import requests
from playwright.sync_api import expect

from .conftest import PHONE, SCREENSHOTS, login, new_context
from .test_forum import assert_no_csp_violation, join_atelier, watched

ATELIERS, PEOPLE = 8, 10
FINDING = "Le temps administratif déborde sur le temps d'accompagnement des usagers, surtout en fin de mois."
MATERIAL = {
    "format": "tourdetable.project-synthesis/1",
    "axes": [
        {
            "id": f"a{a}",
            "label": label,
            "findings": [
                {
                    "id": f"f{a}{n}",
                    "text": f"{FINDING} (constat {a}.{n})",
                    "group": "Groupe A",
                    "session": "Jour 1",
                }
                for n in range(1, 6)
            ],
            "proposals": [{"id": f"p{a}", "text": "Un temps d'intervision mensuel pour chaque équipe"}],
        }
        for a, label in enumerate(
            ("Le temps de travail", "La relation avec les usagers", "L'organisation du centre"), start=1
        )
    ],
}
TARGETS = [("axis", axis["id"]) for axis in MATERIAL["axes"]] + [
    (kind, item["id"])
    for kind in ("finding", "proposal")
    for axis in MATERIAL["axes"]
    for item in axis[f"{kind}s"]
]
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _csrf(text: str) -> str:
    return CSRF.search(text).group(1)


def _join_and_answer(server_url: str, code: str, pseudonym: str, answered: int) -> None:
    """A phone over HTTP: join with the code, answer ``answered`` targets."""
    http = requests.Session()
    page = http.get(f"{server_url}/join/{code}", timeout=30)
    landed = http.post(
        f"{server_url}/join/{code}", data={"pseudonym": pseudonym, "csrf_token": _csrf(page.text)}, timeout=30
    )
    assert landed.status_code == 200 and landed.url.endswith("/forum"), (landed.status_code, landed.url)
    token = _csrf(landed.text)
    for index, (kind, target_id) in enumerate(TARGETS[:answered]):
        data = {
            "csrf_token": token,
            "coverage": "gaps" if index % 3 == 0 else "covered",
            "scope": "all",
            "priority": ("yes", "partly", "no")[index % 3],
            "gaps": f"Une lacune vue en {code}",
        }
        assert http.post(f"{landed.url}/{kind}/{target_id}", data=data, timeout=30).status_code == 200


def _record_verdicts(server_url: str, cookies, session_id: int, atelier: int) -> None:
    http = requests.Session()
    for cookie in cookies:
        http.cookies.set(cookie["name"], cookie["value"])
    token = _csrf(http.get(f"{server_url}/sessions/{session_id}/forum", timeout=30).text)
    for index, (kind, target_id) in enumerate(TARGETS):
        verdict = (
            "amended"
            if (index + atelier) % 7 == 0
            else "invalidated"
            if index == 4 and atelier % 2
            else "validated"
        )
        data = {
            "csrf_token": token,
            "verdict": verdict,
            "version": "0",
            "amended": f"Formulation revue par l'atelier {atelier}, plus précise sur la fin de mois."
            if verdict == "amended"
            else "",
        }
        response = http.post(
            f"{server_url}/sessions/{session_id}/forum/verdicts/{kind}/{target_id}", data=data, timeout=30
        )
        assert response.status_code in (200, 302), response.status_code


def fits(page) -> bool:
    return page.evaluate(
        "document.scrollingElement.scrollHeight <= window.innerHeight + 1"
        " && document.scrollingElement.scrollWidth <= window.innerWidth + 1"
    )


def test_eight_ateliers_of_ten_phones_and_a_plenary_in_tally_and_focus(browser, server, tmp_path):
    # The coordinator imports the synthesis: a forum of 8 ateliers.
    staff = watched(browser, server, viewport={"width": 1400, "height": 1000})
    desk = staff.new_page()
    login(desk)
    material = tmp_path / "synthese.json"
    material.write_text(json.dumps(MATERIAL, ensure_ascii=False), encoding="utf-8")
    desk.goto("/forums/import")
    desk.get_by_label("Titre du forum").fill("Forum des CPAS bruxellois")
    desk.get_by_label("Nombre d'ateliers").fill(str(ATELIERS))
    desk.get_by_label("Synthèse transversale (JSON)").set_input_files(material)
    desk.get_by_role("button", name="Créer le forum").click()
    desk.wait_for_url(re.compile(r"/forums/\d+$"), wait_until="domcontentloaded")
    forum_id = int(desk.url.rsplit("/", 1)[1])
    cards = desk.locator("section.atelier-card")
    expect(cards).to_have_count(ATELIERS)
    codes = [card.locator("strong").first.inner_text().strip() for card in cards.all()]
    sessions = [
        int(
            re.search(
                r"/sessions/(\d+)/", card.get_by_role("link", name="Console").get_attribute("href")
            ).group(1)
        )
        for card in cards.all()
    ]

    # One form staffs every atelier: the rapporteuse in all eight.
    staffing = desk.locator("#staffing")
    staffing.get_by_label("Identifiant du membre de l'équipe").fill("rapporteuse")
    staffing.get_by_label("Rôle").select_option("rapporteur")
    for box in staffing.locator("input[name=atelier]").all():
        box.check()
    staffing.get_by_role("button", name="Ajouter aux ateliers cochés").click()
    expect(desk.locator("#staffing .saved")).to_contain_text("Équipe mise à jour.")
    expect(desk.locator("#overview tbody tr").first).to_contain_text("Rapporteuse")

    # Every atelier starts (from its console, as the coordinator's HTTP session).
    http = requests.Session()
    for cookie in staff.cookies():
        http.cookies.set(cookie["name"], cookie["value"])
    token = _csrf(http.get(f"{server.url}/sessions/{sessions[0]}/console", timeout=30).text)
    for sid in sessions:
        started = http.post(
            f"{server.url}/sessions/{sid}/status", data={"status": "live", "csrf_token": token}, timeout=30
        )
        assert started.status_code < 400, started.status_code
    desk.reload()
    expect(desk.locator("#overview tbody tr", has_text="En cours")).to_have_count(ATELIERS)

    # The plenary on the main projector, open before anything is recorded.
    beamer = watched(
        browser, server, viewport={"width": 1920, "height": 1080}, storage_state=staff.storage_state()
    )
    plenary = beamer.new_page()
    plenary.goto(f"/forums/{forum_id}/plenary")
    expect(plenary.locator("#live-status")).not_to_have_class(re.compile("offline"))
    plenary.evaluate("window.__sameDocument = true")

    # Two phones in Chromium, in atelier 1; the 78 others over HTTP, eight at a time.
    phones = []
    for name in ("Lune", "Galet"):
        page = watched(browser, server, **PHONE).new_page()
        join_atelier(page, codes[0], name)
        expect(page.locator("#forum-progress")).to_contain_text(f"0/{len(TARGETS)}")
        phones.append(page)
    people = [
        (code, f"P{atelier}-{n}")
        for atelier, code in enumerate(codes, start=1)
        for n in range(1, PEOPLE + 1)
        if not (atelier == 1 and n > PEOPLE - 2)
    ]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda person: _join_and_answer(server.url, *person, answered=3), people))

    # A phone answers one question: its progress says so, the next unanswered is a tap away.
    phone = phones[0]
    form = phone.locator("#axis-a1")
    form.get_by_role("radio", name="Aspects principaux couverts").check()
    form.get_by_role("radio", name="Valable pour toutes les organisations").check()
    form.get_by_role("button", name="Envoyer ma réponse").click()
    expect(form.locator(".saved")).to_contain_text("Réponse enregistrée")
    expect(phone.locator("#forum-progress")).to_contain_text(f"1/{len(TARGETS)}")
    phone.locator("#forum-progress").get_by_role("link", name="Prochaine sans réponse").click()
    assert phone.evaluate("location.hash") == "#finding-f11"  # the axis answered, its first finding next
    phone.screenshot(path=str(SCREENSHOTS / "forum-phone-390.png"))

    # Every atelier's rapporteur records its verdicts (one account, eight ateliers).
    rapporteuse = new_context(browser, server)
    login(rapporteuse.new_page(), "rapporteuse")
    cookies = rapporteuse.cookies()
    with ThreadPoolExecutor(4) as pool:
        list(
            pool.map(
                lambda args: _record_verdicts(server.url, cookies, *args),
                [(sid, number) for number, sid in enumerate(sessions, start=1)],
            )
        )

    # The tally: all 8 ateliers, every target, divergent rows first, without scrolling.
    expect(plenary.locator("table.plenary-tally thead th.tally-atelier")).to_have_count(ATELIERS)
    rows = plenary.locator("table.plenary-tally tbody tr")
    expect(rows.first).to_have_class(re.compile(r"\bdivergent\b"))
    expect(plenary.locator("table.plenary-tally tbody td .pending")).to_have_count(0)
    shown = rows.count()
    pages = plenary.locator(".plenary-caption").inner_text()
    assert shown == len(TARGETS) or "page 1 sur" in pages, (shown, pages)
    assert fits(plenary)
    plenary.screenshot(path=str(SCREENSHOTS / "forum-plenary-tally-1920.png"))

    # The coordinator puts a finding in debate from the overview: the projector follows live.
    desk.goto(f"/forums/{forum_id}")
    control = desk.locator("#plenary-control")
    control.get_by_label("Mettre en débat").select_option("finding:f11")
    control.get_by_role("button", name="Débattre").click()
    expect(desk.locator("#plenary-control .current")).to_contain_text("le débat sur")
    focus = plenary.locator(".plenary-focus")
    expect(focus).to_contain_text("(constat 1.1)")
    expect(focus.locator(".focus-atelier")).to_have_count(ATELIERS)
    expect(focus).to_contain_text("Formulation revue par l'atelier")
    assert fits(plenary)
    plenary.screenshot(path=str(SCREENSHOTS / "forum-plenary-focus-1920.png"))
    desk.locator("#plenary-control").get_by_role("button", name="Suivant", exact=True).click()
    expect(focus).to_contain_text("(constat 1.2)")
    assert plenary.evaluate("window.__sameDocument") is True  # every move arrived live

    # The overview counts everything: 10 joined in each atelier, every verdict recorded.
    overview = desk.locator("#overview tbody tr")
    expect(overview).to_have_count(ATELIERS)
    for row in overview.all():
        expect(row.locator("td.number").first).to_have_text(str(PEOPLE))
        expect(row).to_contain_text(f"{len(TARGETS)}/{len(TARGETS)}")
    desk.screenshot(path=str(SCREENSHOTS / "forum-overview.png"), full_page=True)
    for page in (desk, plenary, *phones):
        assert_no_csp_violation(page)
    for context in (staff, beamer, rapporteuse, *(page.context for page in phones)):
        context.close()
