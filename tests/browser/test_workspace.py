"""The rapporteur's workspace after a full day of 10 participants (60 items to group), in Chromium
at 1366x768: the themes fit in about three screens, an item moves by drag and drop, several move
with the keyboard alone, every edit is in the history with who made it, and undo puts them back."""

import json
import sys
from pathlib import Path

from playwright.sync_api import expect

from .conftest import SCREENSHOTS, login, new_context, tab_to

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "data"))
from full_day import full_day  # noqa: E402

SCREEN = {"width": 1366, "height": 768}


def _card(page, label: str):
    return page.locator("article.theme-card").filter(
        has=page.locator(f"input.theme-label[value=\"{label}\"]"))


def _labels(page) -> list[str]:
    return page.locator("input.theme-label").evaluate_all("inputs => inputs.map(i => i.value)")


def test_grouping_sixty_items_by_drag_and_drop_and_keyboard_with_undo(browser, server, tmp_path):
    context = new_context(browser, server, viewport=SCREEN)
    context.set_default_timeout(60_000)  # each edit rebuilds the synthesis of 60 items
    page = context.new_page()
    login(page, "rapporteuse")
    day = tmp_path / "day.json"
    day.write_text(json.dumps(full_day(), ensure_ascii=False), encoding="utf-8")
    page.goto("/sessions/import")
    page.set_input_files("input[type=file]", str(day))
    page.get_by_role("button", name="Importer").click()
    page.wait_for_url("**/synthesis")

    themes = page.locator("section.themes")
    assert page.locator(".theme-items .item").count() == 60
    height = themes.evaluate("section => section.getBoundingClientRect().height")
    assert height <= 3 * SCREEN["height"], f"the 60 items take {height:.0f} px"
    page.screenshot(path=str(SCREENSHOTS / "workspace-themes.png"))

    # Drag an item onto another theme.
    first, second = _labels(page)[:2]
    item = _card(page, first).locator(".item").first
    text = item.inner_text().strip()
    with page.expect_response(lambda r: r.url.endswith("/synthesis/move")):
        item.drag_to(_card(page, second).locator(".theme-items"))
    expect(_card(page, second).locator(".item", has_text=text[2:40])).to_have_count(1)
    expect(_card(page, first).locator(".item", has_text=text[2:40])).to_have_count(0)

    # With the keyboard alone: tick two items of one theme, move them with the selection bar.
    source = _labels(page)[2]
    boxes = _card(page, source).locator(".item input[type=checkbox]")
    picked = [boxes.nth(i).get_attribute("value") for i in (0, 1)]
    for cid in picked:
        page.focus(f"#pick-{cid}")
        page.keyboard.press("Space")
    tab_to(page, "#selection select[name=to]", presses=200, key="Shift+Tab")
    page.keyboard.press("ArrowDown")  # the second theme
    target = page.eval_on_selector("#selection select[name=to]",
                                   "select => select.options[select.selectedIndex].text")
    page.keyboard.press("Tab")
    with page.expect_response(lambda r: r.url.endswith("/synthesis/move")):
        page.keyboard.press("Enter")
    for cid in picked:
        expect(_card(page, target).locator(f"#pick-{cid}")).to_have_count(1)

    # Both edits are in the history, with who made them; undo puts the two items back.
    page.locator("details.history summary").click()
    entries = page.locator(".history-list li")
    expect(entries).to_have_count(3)  # the imported formula, the drag, the keyboard move
    expect(entries.first).to_contain_text("Rapporteuse")
    expect(entries.first).to_contain_text("2 éléments déplacés")
    expect(entries.nth(1)).to_contain_text("déplacé vers")
    with page.expect_response(lambda r: r.url.endswith("/synthesis/undo")):
        entries.first.get_by_role("button", name="Annuler").click()
    for cid in picked:
        expect(_card(page, source).locator(f"#pick-{cid}")).to_have_count(1)
    page.locator("details.history summary").click()
    expect(page.locator(".history-list li")).to_have_count(2)
    expect(page.locator("details.history")).to_contain_text("Annulées")
    context.close()
