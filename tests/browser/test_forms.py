"""A mistake on a form is said in place, in the browser: the form alone is swapped, what was
typed stays (the profile included), the page is not replaced by an error page."""

import re

from playwright.sync_api import expect

from .conftest import PHONE, add_rapporteur, login, new_context, new_session


def test_a_taken_pseudonym_keeps_the_profile_and_says_so_at_the_field(browser, server):
    staff = new_context(browser, server)
    console = staff.new_page()
    login(console)
    sid = new_session(console, "Séance des formulaires")
    code = server.query("SELECT join_code FROM workshop_session WHERE id = ?", sid)[0][0]
    first = new_context(browser, server, **PHONE).new_page()
    first.goto(f"/join/{code}")
    first.fill("#pseudonym", "Lune")
    first.click("button.primary")
    first.wait_for_url("**/p/*")

    phone = new_context(browser, server, **PHONE).new_page()
    phone.goto("/join")
    phone.fill("#code", "ZZZZ99")  # a wrong code first: said on the code form, the code kept
    phone.click("button.primary")
    expect(phone.locator("#code-form .field-error")).to_contain_text("aucune séance ouverte")
    expect(phone.locator("#code")).to_have_value("ZZZZ99")
    expect(phone.locator("#code")).to_be_focused()
    phone.fill("#code", code)
    phone.click("button.primary")
    phone.wait_for_url(f"**/join/{code}")
    phone.evaluate("window.__samePage = true")
    phone.fill("#pseudonym", "Lune")
    phone.fill("#organisation", "CPAS de Namur")
    phone.select_option("#service", "isp")
    phone.select_option("#hierarchy", "middle")
    with phone.expect_response(lambda r: r.request.method == "POST") as answer:
        phone.click("button.primary")
    assert answer.value.status == 409
    expect(phone.locator("#join-form .field-error")).to_contain_text("est déjà pris dans cette séance")
    assert phone.evaluate("window.__samePage") is True  # the form was swapped, not the page
    expect(phone.locator("#organisation")).to_have_value("CPAS de Namur")
    expect(phone.locator("#service")).to_have_value("isp")
    expect(phone.locator("#hierarchy")).to_have_value("middle")
    expect(phone.locator("#pseudonym")).to_be_focused()
    expect(phone.locator("body")).not_to_contain_text("Oups")
    phone.fill("#pseudonym", "Héron")
    phone.click("button.primary")
    phone.wait_for_url("**/p/*")
    expect(phone.locator(".whoami")).to_contain_text("Héron")


def test_a_registration_mistake_keeps_everything_typed(browser, server):
    desk = new_context(browser, server).new_page()
    login(desk)
    desk.goto("/projects/new")
    desk.fill("input[name=title]", "Projet des formulaires")
    desk.click("form button.primary")
    desk.wait_for_url(re.compile(r"/projects/\d+$"))
    project_id = re.search(r"/projects/(\d+)", desk.url).group(1)
    desk.get_by_text("Ajouter un thème", exact=True).click()
    desk.fill("input[name=theme-title]", "Accueil")
    desk.locator("#theme-form button[type=submit]").click()
    expect(desk.locator("article").first).to_contain_text("Accueil")  # the project's page again
    desk.goto(f"/projects/{project_id}/composition")
    with desk.expect_response(lambda r: r.request.method == "POST"):
        desk.get_by_role("button", name="Ouvrir les inscriptions").click()
    desk.wait_for_load_state()
    with desk.expect_response(lambda r: r.request.method == "POST") as answer:
        desk.get_by_role("button", name="Composer les groupes").click()
    assert answer.value.status == 409  # nobody registered yet: said on that button's form
    expect(desk.locator("#compose-form .form-error")).to_be_visible()
    link = desk.locator("code").first.inner_text()

    public = new_context(browser, server).new_page()
    public.goto(link)
    public.fill("input[name=name]", "Alix Martin")
    public.fill("input[name=email]", "pas-une-adresse")
    public.fill("input[name=organisation]", "CPAS de Liège")
    with public.expect_response(lambda r: r.request.method == "POST") as answer:
        public.get_by_role("button", name="M'inscrire").click()
    assert answer.value.status == 400
    expect(public.locator("#registration-form .field-error").first).to_be_visible()
    expect(public.locator("input[name=name]")).to_have_value("Alix Martin")
    expect(public.locator("input[name=organisation]")).to_have_value("CPAS de Liège")
    expect(public.locator("input[name=email]")).to_have_value("pas-une-adresse")


# Words of a page's table cells that the layout broke inside ("Rapporteur·eus / e"): a word whose
# text runs over two lines has client rectangles at two heights.
BROKEN_WORDS = """selector => {
  const broken = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def test_the_staff_home_never_breaks_a_word_inside(browser, server):
    for width in (1366, 1024):
        page = new_context(browser, server, viewport={"width": width, "height": 768}).new_page()
        login(page)
        sid = new_session(page, "Accompagner sans exclure : le justificatif de domicile, les familles "
                                "hébergées chez un tiers et le droit à l'aide sociale")
        add_rapporteur(page, sid, "animatrice")
        page.goto("/")
        expect(page.locator("table.sessions")).to_contain_text("Rapporteur·euse")
        assert page.evaluate(BROKEN_WORDS, "table.sessions th, table.sessions td") == []


def test_a_wrong_password_and_an_unreadable_file_are_said_on_their_forms(browser, server, tmp_path):
    page = new_context(browser, server).new_page()
    page.goto("/login")
    page.evaluate("window.__samePage = true")
    page.fill("#username", "animatrice")
    page.fill("#password", "pas le bon")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("button.primary")
    assert answer.value.status == 401
    expect(page.locator("#login-form .form-error")).to_contain_text("Identifiant ou mot de passe incorrect")
    expect(page.locator("#username")).to_have_value("animatrice")
    assert page.evaluate("window.__samePage") is True  # the form alone was swapped
    login(page)

    bad = tmp_path / "seance.json"
    bad.write_text("pas du json")
    page.goto("/sessions/import")
    page.evaluate("window.__samePage = true")
    page.set_input_files("#import-form input[type=file]", str(bad))
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("#import-form button.primary")
    assert answer.value.status == 400
    expect(page.locator("#import-form .form-error")).to_contain_text("n'est pas du JSON lisible")
    assert page.evaluate("document.querySelector('#import-form input[type=file]').files.length") == 1
    assert page.evaluate("window.__samePage") is True
