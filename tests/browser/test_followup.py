"""The follow-up board in a browser: a researcher drafts a work area, then changes its status and
adds an answer on its card, which is swapped in place (no page load); the public link shows it."""

import re

from playwright.sync_api import expect

from .conftest import login, new_context


def test_a_work_area_is_followed_up_in_place_and_shown_on_the_public_page(browser, server):
    desk = new_context(browser, server).new_page()
    login(desk)
    desk.goto("/projects/new")
    desk.fill("input[name=title]", "Projet du suivi")
    desk.click("form button.primary")
    desk.wait_for_url(re.compile(r"/projects/\d+$"))
    desk.get_by_role("link", name="Chantiers et suivi").click()
    desk.get_by_text("Nouveau chantier, ou recommandation antérieure").click()
    desk.fill("#new-work-area-title", "Un guichet unique")
    desk.select_option("#new-work-area-level", "meso")
    desk.fill("#new-work-area-owner", "Direction du CPAS")
    desk.locator("#new-work-area button.primary").click()
    card = desk.locator("article.work-area")
    expect(card).to_contain_text("Un guichet unique")
    expect(card).to_contain_text("Statut : Proposé")

    desk.evaluate("window.sameDocument = true")  # gone if the page were loaded again
    card.locator("select[name=status]").select_option("in_progress")
    card.get_by_role("button", name="Enregistrer le suivi").click()
    expect(card).to_contain_text("Statut : En cours")
    card.get_by_text("Ajouter une réponse").click()
    card.locator("textarea[name=text]").fill("Un groupe de travail est constitué.")
    card.get_by_role("button", name="Ajouter la réponse").click()
    expect(card).to_contain_text("Un groupe de travail est constitué.")
    card.get_by_text("Historique des changements").click()
    expect(card.locator(".notes")).to_contain_text("Proposé → En cours")
    assert desk.evaluate("window.sameDocument") is True

    desk.get_by_role("button", name="Créer le lien").click()
    link = desk.locator("#public-link a").first.get_attribute("href")
    public = new_context(browser, server).new_page()
    public.goto(link)
    expect(public.locator("main")).to_contain_text("Statut : En cours")
    expect(public.locator("main")).to_contain_text("Un groupe de travail est constitué.")
    expect(public.locator("main")).not_to_contain_text("Animatrice")
