"""The confidentiality charter: shown before joining, acknowledged once, and asked of the
people the staff added (registrations) when they first open their link."""

from conftest import join

from workshop.core.extensions import db
from workshop.sessions.models import Participant
from workshop.sessions.spoken import add_person_without_device

CHARTER = "Charte de confidentialité"
PENDING = "J'ai lu la charte et je l'accepte"


def test_the_join_page_shows_the_charter_and_joining_acknowledges_it(app, mag):
    page = app.test_client().get(f"/join/{mag.join_code}").get_data(as_text=True)
    assert CHARTER in page and "trois personnes ou plus" in page and "vous acceptez cette charte" in page
    browser, url = join(app, mag, "Lune")
    assert db.session.scalar(db.select(Participant.charter_acknowledged_at)) is not None
    assert PENDING not in browser.get(url).get_data(as_text=True)


def test_someone_added_by_the_staff_reads_the_charter_once_on_their_page(app, mag, staff):
    person = add_person_without_device(mag, "Comète")
    db.session.commit()
    phone = app.test_client()
    page = phone.get(f"/p/{person.token}").get_data(as_text=True)
    assert PENDING in page and "jamais dans le rapport" in page
    assert phone.post(f"/p/{person.token}/charter").status_code == 302
    assert PENDING not in phone.get(f"/p/{person.token}").get_data(as_text=True)
    assert phone.post("/p/not-a-token/charter").status_code == 404


def test_the_charter_is_in_dutch_and_english(app, mag):
    for language, words in (("nl", "Vertrouwelijkheidscharter"), ("en", "Confidentiality charter")):
        page = app.test_client().get(f"/join/{mag.join_code}", headers={"Accept-Language": language})
        assert words in page.get_data(as_text=True)


def test_someone_added_to_a_forum_atelier_reads_the_charter_on_the_atelier_page(app, staff):
    from test_forum import _forum

    _client, forum, _rapporteurs = _forum(app, staff, ateliers=1)
    person = add_person_without_device(forum.ateliers[0].session, "Comète")
    db.session.commit()
    phone = app.test_client()
    page = phone.get(f"/p/{person.token}", follow_redirects=True).get_data(as_text=True)
    assert "forum-questions" in page and PENDING in page  # the atelier's own page
    assert phone.post(f"/p/{person.token}/charter").status_code == 302
    assert PENDING not in phone.get(f"/p/{person.token}/forum").get_data(as_text=True)
