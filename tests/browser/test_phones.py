"""Phones in vote steps: one list, each item once; results hidden until one's own vote (the
default setting); dots of others hidden until the vote closes; ten items in two screens."""

import json
import subprocess
import sys

from playwright.sync_api import expect

from .conftest import HERE, PHONE, SCREENSHOTS, login, new_context

SCREEN = PHONE["viewport"]["height"]


def seeded(server, step: str, people: int = 10, items: int = 10) -> dict:
    """A live session in its positioning or dot-voting step, with ``items`` texts of ~150 characters."""
    done = subprocess.run([sys.executable, str(HERE / "seed.py"), step, str(people), str(items)],
                          env=server.env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def phone(browser, server, token: str):
    page = new_context(browser, server, **PHONE).new_page()
    page.goto(f"/p/{token}")
    return page


def test_positions_stay_hidden_until_ones_own_vote(browser, server):
    session = seeded(server, "positioning")
    first, second = (phone(browser, server, token) for token in session["tokens"][:2])
    items = first.locator("#mine .vote-list > li")
    expect(items).to_have_count(10)
    # Each item once on the page, with its buttons; the shared part shows no second copy.
    assert first.get_by_text("Interprétation 3 :").count() == 1
    assert first.locator("#shared .position").count() == 0
    height = first.evaluate("document.documentElement.scrollHeight")
    first.screenshot(path=str(SCREENSHOTS / "phone-positioning.png"), full_page=True)
    assert height <= 2 * SCREEN, f"ten items take {height} px, more than two {SCREEN} px screens"

    second.locator("#mine .vote-list > li").first.get_by_role("button", name="D'accord", exact=True).click()
    expect(second.locator("#mine .vote-list > li").first.locator(".counts")).to_contain_text("1 d'accord")
    first.reload()
    assert "d'accord, 0" not in first.content()  # no count on the page, not even hidden
    expect(items.first.locator(".bars")).to_have_count(0)

    items.first.get_by_role("button", name="Pas d'accord", exact=True).click()
    expect(items.first.locator(".counts")).to_contain_text("1 d'accord, 1 pas d'accord, 0 sans avis")
    expect(items.nth(1).locator(".counts")).to_have_count(0)  # an item not voted on stays hidden


def test_dots_show_ones_budget_and_hide_the_others_until_the_vote_closes(browser, server):
    session = seeded(server, "proposals")
    first, second = (phone(browser, server, token) for token in session["tokens"][:2])
    expect(first.locator(".dots-left")).to_contain_text("Il vous reste 3 points")
    height = first.evaluate("document.documentElement.scrollHeight")
    assert height <= 2 * SCREEN, f"ten proposals take {height} px, more than two {SCREEN} px screens"
    for left in ("2 points", "1 point"):
        second.locator("#mine .vote-list > li").first.get_by_role("button", name="Ajouter un point").click()
        expect(second.locator(".dots-left")).to_contain_text(f"Il vous reste {left}")
    first.locator("#mine .vote-list > li").nth(1).get_by_role("button", name="Ajouter un point").click()
    expect(first.locator(".dots-left")).to_contain_text("Il vous reste 2 points")
    expect(first.locator("#mine .vote-list > li").nth(1)).to_contain_text("1 point de votre part")
    assert "en tout" not in first.content()  # nobody else's dots while the vote runs

    staff = new_context(browser, server)
    console = staff.new_page()
    login(console)
    console.goto(f"/sessions/{session['sid']}/console")
    with console.expect_response(lambda r: r.url.endswith("/votes")):
        console.get_by_role("button", name="Fermer le vote").click()
    expect(first.locator("#shared .ranking li").first).to_contain_text("2 points")  # the room's ranking
