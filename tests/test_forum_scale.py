"""The forum at full scale (issue #18): one atelier per person, the plenary's tally and focus,
the coordinator's overview, the report for the comité."""

import html
import threading

from conftest import join, token_of
from test_forum import _forum

from workshop.core.extensions import db
from workshop.forum.models import ForumSeat
from workshop.sessions.models import Participant


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count(model.id)))


# --- one atelier per person -------------------------------------------------------------------

def test_a_second_atelier_of_the_same_forum_is_refused_with_a_link_back(app, staff):
    client, forum, _rapporteurs = _forum(app, staff, ateliers=2)
    first, second = (atelier.session for atelier in forum.ateliers)
    phone, url = join(app, first, "Ana")
    cookies = phone.get_cookie("tdt_device")
    assert cookies is not None and cookies.http_only and cookies.same_site == "Lax"
    # the same phone, the other atelier's code: a clear message and a link to its own atelier
    page = phone.get(f"/join/{second.join_code}")
    assert page.status_code == 409
    text = html.unescape(page.text)
    assert "Vous participez déjà à ce forum" in text and forum.ateliers[0].name in text
    assert f'href="/p/{token_of(url)}"' in page.text
    refused = phone.post(f"/join/{second.join_code}", data={"pseudonym": "Ana bis"})
    assert refused.status_code == 409 and "Retourner à mon atelier" in html.unescape(refused.text)
    assert _count(Participant) and not db.session.scalar(
        db.select(Participant.id).filter_by(session_id=second.id))
    # its own atelier still opens; another phone joins the second atelier
    assert phone.get(f"/join/{first.join_code}").status_code == 302
    join(app, second, "Bruno")
    assert _count(ForumSeat) == 2


def test_the_same_personal_link_opened_on_a_new_device_is_refused_too(app, staff):
    client, forum, _rapporteurs = _forum(app, staff, ateliers=2)
    first, second = (atelier.session for atelier in forum.ateliers)
    phone, url = join(app, first, "Ana")
    other = app.test_client()
    other.set_cookie("tdt_participants", token_of(url))  # the browser opened Ana's link
    assert other.get(f"/join/{second.join_code}").status_code == 409
    # a forged device cookie is not trusted: a new device, a new seat
    forged = app.test_client()
    forged.set_cookie("tdt_device", "made-up")
    assert forged.post(f"/join/{second.join_code}", data={"pseudonym": "Chloé"}).status_code == 302


def test_the_coordinator_may_allow_several_ateliers(app, staff):
    client, forum, rapporteurs = _forum(app, staff, ateliers=2)
    first, second = (atelier.session for atelier in forum.ateliers)
    assert rapporteurs[0].post(f"/forums/{forum.id}/settings",
                               data={"several_ateliers": "yes"}).status_code == 403
    assert client.post(f"/forums/{forum.id}/settings", data={"several_ateliers": "yes"}).status_code == 303
    phone, _url = join(app, first, "Ana")
    assert phone.post(f"/join/{second.join_code}", data={"pseudonym": "Ana"}).status_code == 302
    assert db.session.scalar(db.select(db.func.count(Participant.id)).filter(
        Participant.session_id.in_([first.id, second.id]))) == 2


def test_two_joins_of_two_ateliers_at_the_same_moment_from_one_device_keep_one(app, staff):
    client, forum, _rapporteurs = _forum(app, staff, ateliers=3)
    sessions = [atelier.session for atelier in forum.ateliers]
    phone, _url = join(app, sessions[0], "Ana")
    device = phone.get_cookie("tdt_device").value
    db.session.execute(db.delete(ForumSeat))  # as if the first join had not happened yet
    db.session.execute(db.delete(Participant).filter_by(session_id=sessions[0].id))
    db.session.commit()
    codes = [session.join_code for session in sessions]
    barrier, results = threading.Barrier(3), []

    def send(index):
        browser = app.test_client()
        browser.set_cookie("tdt_device", device)
        barrier.wait()
        with app.app_context():
            response = browser.post(f"/join/{codes[index]}", data={"pseudonym": f"Ana{index}"})
        results.append(response.status_code)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results)[0] == 302 and sorted(results)[1:] == [409, 409], results
    assert _count(ForumSeat) == 1
    assert db.session.scalar(db.select(db.func.count(Participant.id)).filter(
        Participant.session_id.in_([s.id for s in sessions]))) == 1


def test_other_sessions_are_joined_as_before(app, staff, mag):
    phone, _url = join(app, mag, "Ana")
    assert _count(ForumSeat) == 0
    assert phone.get_cookie("tdt_device") is not None
