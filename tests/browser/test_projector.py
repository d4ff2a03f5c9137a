"""The projector in Chromium: twelve long interpretations shown whole at 1920×1080 and 1280×720
(nothing cut, nothing off screen, pages when needed), hostile texts, the console's guards and
the projector's own link."""

from playwright.sync_api import expect

from workshop.sessions.pseudonyms import pseudonym_key

from .conftest import SCREENSHOTS, login, new_context, new_session
from .room_texts import INTERPRETATIONS

ROUND = 5  # the first interpretation round of the classic MAG
NOW = "2026-12-03 20:00:00.000000"
NAMES = ("Lune", "Héron", "Galet", "Ardoise", "Saule", "Cèdre", "Loutre", "Brume", "Ortie", "Colibri")

# What the projector shows of its items, and what would hide part of a text.
MEASURE = """() => {
  const live = document.getElementById('projector-live');
  const shown = [...live.querySelectorAll('[data-fit-item]')].filter(e => !e.hidden);
  const outside = e => { const r = e.getBoundingClientRect();
    return r.top < 0 || r.left < 0 || r.bottom > innerHeight + 1 || r.right > innerWidth + 1; };
  const all = [live, ...live.querySelectorAll('*')];
  const pageno = live.querySelector('[data-fit-pageno]');
  return {
    texts: shown.map(e => e.innerText),
    outside: shown.filter(outside).map(e => e.innerText.slice(0, 40)),
    clipped: all.filter(e => e.clientHeight > 0 && e.scrollHeight > e.clientHeight + 1)
      .map(e => e.className || e.tagName),
    clamped: all.filter(e => { const s = getComputedStyle(e);
      return s.textOverflow === 'ellipsis' || (s.webkitLineClamp && s.webkitLineClamp !== 'none'); }).length,
    size: shown.length ? parseFloat(getComputedStyle(shown[0]).fontSize) : 0,
    page: pageno.hidden ? null : pageno.textContent,
  };
}"""


def seed(server, sid: int, texts, step: int = ROUND, kind: str = "interpretation"):
    """Participants and their texts, as if each had joined and written one (fast: no phones)."""
    for number, text in enumerate(texts):
        pseudonym = f"{NAMES[number % len(NAMES)]}{number // len(NAMES) or ''}"
        server.query("insert into participant (session_id, pseudonym, pseudonym_key, token, joined_at) "
                     "values (?, ?, ?, ?, ?)", sid, pseudonym, pseudonym_key(pseudonym),
                     f"seeded-{sid}-{step}-{number}-token", NOW)
        person = server.query("select max(id) from participant")[0][0]
        server.query("insert into contribution (session_id, step_index, kind, participant_id, text, hidden, "
                     "spoken, created_at, updated_at) values (?, ?, ?, ?, ?, 0, 0, ?, ?)",
                     sid, step, kind, person, text, NOW, NOW)


def post(console, button, status=200):
    """Click a console button and wait for the console's answer."""
    with console.expect_response(lambda r: r.request.method == "POST" and "/sessions/" in r.url) as answer:
        button.click()
    assert answer.value.status == status, answer.value.text()


def choose_seeded_story(server, sid: int):
    server.query("insert into contribution (session_id, step_index, kind, participant_id, title, text, "
                 "hidden, spoken, created_at, updated_at) values (?, 0, 'story', null, ?, ?, 0, 0, ?, ?)",
                 sid, "Le justificatif de domicile", "Une famille hébergée chez un tiers ne peut pas "
                 "prouver son adresse ; sa demande d'aide reste bloquée trois mois.", NOW, NOW)
    story = server.query("select max(id) from contribution")[0][0]
    server.query("update workshop_session set chosen_story_id = ? where id = ?", story, sid)


def open_session_at_round(browser, server, texts):
    """A started session, its story chosen, its first interpretation round revealed with
    ``texts``; the console."""
    staff = new_context(browser, server, viewport={"width": 1366, "height": 768})
    console = staff.new_page()
    console.on("dialog", lambda dialog: dialog.accept())
    login(console)
    sid = new_session(console, title="Accompagner sans exclure : le justificatif de domicile")
    post(console, console.get_by_role("button", name="Démarrer la séance"))
    seed(server, sid, texts)
    choose_seeded_story(server, sid)
    post(console, console.get_by_role("button", name=f"Aller à l'étape {ROUND + 1} : Premier tour"), 409)
    expect(console.locator(".move-confirm")).to_contain_text("Ce saut passe 4 étapes.")
    post(console, console.get_by_role("button", name="Y aller quand même"))
    post(console, console.get_by_role("button", name="Montrer au projecteur"))
    return staff, console, sid


def last_page(label: str) -> bool:
    """"page 2 sur 2" is the last page."""
    page, total = label.removeprefix("page ").split(" sur ")
    return page == total


def read_every_page(projector, console, texts, minimum):
    """Every text whole and on screen, turning the pages from the console when there are some."""
    seen = []
    for _turn in range(len(texts)):
        state = projector.evaluate(MEASURE)
        assert not state["outside"] and not state["clipped"] and not state["clamped"], state
        assert state["size"] >= minimum, state
        seen += state["texts"]
        if state["page"] is None or last_page(state["page"]):
            break
        post(console, console.get_by_role("button", name="Page suivante →"))
        expect(projector.locator("[data-fit-pageno]")).not_to_have_text(state["page"])
    for text in texts:
        assert any(text.strip() in shown for shown in seen), text[:40]
    return seen


def test_twelve_long_interpretations_are_shown_whole_on_both_screens(browser, server):
    staff, console, sid = open_session_at_round(browser, server, INTERPRETATIONS)
    for (width, height), minimum in (((1920, 1080), 20), ((1280, 720), 13)):
        beamer = new_context(browser, server, viewport={"width": width, "height": height},
                             storage_state=staff.storage_state())
        projector = beamer.new_page()
        projector.goto(f"/sessions/{sid}/projector")
        expect(projector.locator("#projector-live [data-fit-item]").first).to_be_visible()
        assert projector.locator(".langs, .topnav").count() == 0  # no language switch, no navigation
        read_every_page(projector, console, INTERPRETATIONS, minimum)
        if width == 1920:  # twelve texts of 300 characters need no second page at 1080p
            expect(projector.locator("[data-fit-pageno]")).to_be_hidden()
            # the console's preview counted them too: its page control says so
            expect(console.locator(".projector-pages")).to_contain_text("page 1 / 1")
        # started: the join panel is a corner, its code still large enough to read
        code = projector.locator(".join-code").bounding_box()
        assert code["height"] >= height * 0.035 and code["x"] > width * 0.6, code
        if width == 1920:
            projector.screenshot(path=str(SCREENSHOTS / "projector.png"))
        beamer.close()
    console.screenshot(path=str(SCREENSHOTS / "console.png"))
    staff.close()


def test_hostile_texts_stay_whole_and_on_screen(browser, server):
    hostile = ("x" * 2000, "\u202eنص معكوس\u202c " * 60, "Un mot-très-long-sans-espace-" * 40,
               *INTERPRETATIONS[:6], "Court.")  # more than a page
    staff, console, sid = open_session_at_round(browser, server, hostile)
    beamer = new_context(browser, server, viewport={"width": 1280, "height": 720},
                         storage_state=staff.storage_state())
    projector = beamer.new_page()
    projector.goto(f"/sessions/{sid}/projector")
    expect(projector.locator("#projector-live [data-fit-item]").first).to_be_visible()
    seen = read_every_page(projector, console, hostile, 5)
    assert len(seen) == len(hostile)
    staff.close()
    beamer.close()


def test_the_console_guards_the_method_and_makes_a_projector_link(browser, server):
    staff = new_context(browser, server, viewport={"width": 1366, "height": 768})
    console = staff.new_page()
    console.on("dialog", lambda dialog: dialog.accept())
    login(console)
    new_session(console, title="Séance sans récit")
    post(console, console.get_by_role("button", name="Démarrer la séance"))
    post(console, console.get_by_role("button", name="Étape suivante →"), 409)  # no story proposed yet
    expect(console.locator(".move-confirm")).to_contain_text("Aucun récit n'a encore été proposé.")
    post(console, console.get_by_role("button", name="Y aller quand même"))
    expect(console.locator(".move-confirm")).to_have_count(0)
    post(console, console.get_by_role("button", name="Étape suivante →"), 409)  # narration: no story chosen
    expect(console.locator(".move-confirm")).to_contain_text("Aucun récit n'a encore été choisi.")
    post(console, console.get_by_role("button", name="Y aller quand même"))
    expect(console.locator(".steps [aria-current=step]")).to_contain_text("Narration")
    expect(console.locator(".needs")).to_contain_text("Aucun récit n'a encore été choisi.")
    expect(console.get_by_role("button", name="Revenir à l'étape 2 : Choix du récit")).to_be_visible()

    post(console, console.get_by_role("button", name="Créer un lien de projecteur"))
    link = console.locator(".projector-link-url").get_attribute("href")
    room = new_context(browser, server, viewport={"width": 1280, "height": 720})  # nobody logged in
    screen = room.new_page()
    assert screen.goto(link).status == 200
    expect(screen.locator("#projector-live")).to_contain_text("Aucun récit n'a encore été choisi.")
    expect(screen.locator("#live-status")).to_have_text("En direct")
    post(console, console.get_by_role("button", name="Révoquer le lien"))
    expect(screen.locator("main")).to_contain_text("Ce lien de projecteur n'est pas valable.")  # reloaded
    assert room.new_page().goto(link).status == 404
    room.close()
    staff.close()


def test_a_long_session_title_takes_two_lines_at_most_before_the_start(browser, server):
    """Before the start the title runs over the whole width, whole (nothing cut), in two lines."""
    title = ("Accompagner sans exclure : le justificatif de domicile, les familles hébergées chez un "
             "tiers et le droit à l'aide sociale")
    staff = new_context(browser, server)
    page = staff.new_page()
    login(page)
    sid = new_session(page, title=title)
    for width, height in ((1920, 1080), (1280, 720)):
        beamer = new_context(browser, server, viewport={"width": width, "height": height},
                             storage_state=staff.storage_state())
        projector = beamer.new_page()
        projector.goto(f"/sessions/{sid}/projector")
        heading = projector.locator(".session-title")
        expect(heading).to_have_text(title)
        lines = heading.evaluate(
            "e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)")
        assert lines <= 2.05, lines
        assert heading.evaluate(
            "e => e.scrollWidth <= e.clientWidth && getComputedStyle(e).textOverflow !== 'ellipsis'")
        beamer.close()
    staff.close()
