"""When participants see vote results: after their own vote (the default), after the reveal, or
live; chosen when the session is created and changeable from the console."""

import re

from conftest import go_to, join, login, submit

from workshop.core.extensions import db
from workshop.sessions.models import Contribution, WorkshopSession


def counts(html: str) -> int:
    """How many positionings' counts a page shows ("1 d'accord, 0 pas d'accord, 0 sans avis")."""
    return len(re.findall(r'class="counts">\d+ d.accord, \d+ pas d.accord, \d+ sans avis', html))


def _positioning(app, mag, names=("Lune", "Héron")):
    """The session in its positioning step with two interpretations; the participants' clients."""
    people = [join(app, mag, name) for name in names]
    for text in ("Le temps n'est pas compté", "L'institution se protège"):
        db.session.add(Contribution(session_id=mag.id, step_index=5, kind="interpretation",
                                    participant_id=None, text=text))
    db.session.commit()
    facilitator = login(app.test_client(), "facilitator")
    go_to(facilitator, mag, 9)
    items = db.session.scalars(db.select(Contribution).filter_by(kind="interpretation")
                               .order_by(Contribution.id)).all()
    return facilitator, people, items


def _agree(person, item):
    client, url = person
    return client.post(f"{url}/votes", data={"kind": "agreement", "contribution": item.id, "value": "agree"})


def _mine(person) -> str:
    client, url = person
    return client.get(f"{url}/mine").get_data(as_text=True)


def test_a_phone_sees_an_items_counts_only_after_voting_on_it(app, mag):
    facilitator, (lune, heron), items = _positioning(app, mag)
    assert counts(_mine(lune)) == counts(_mine(heron)) == 0
    answer = _agree(heron, items[0]).get_data(as_text=True)
    assert "1 d'accord, 0 pas d'accord, 0 sans avis" in answer  # Héron's own answer shows the counts
    assert counts(answer) == 1  # of that item only
    assert counts(_mine(lune)) == 0 and "1 d'accord" not in _mine(lune)  # not even hidden
    projector = facilitator.get(f"/sessions/{mag.id}/projector/live").get_data(as_text=True)
    assert counts(projector) == 0  # the room's screens wait for the reveal
    facilitator.post(f"/sessions/{mag.id}/reveal", data={"revealed": "1"})
    assert counts(_mine(lune)) == 2
    assert counts(facilitator.get(f"/sessions/{mag.id}/projector/live").get_data(as_text=True)) == 2


def test_after_reveal_hides_counts_even_from_those_who_voted(app, mag):
    mag.results_shown = "after_reveal"
    db.session.commit()
    facilitator, (lune, _heron), items = _positioning(app, mag)
    assert counts(_agree(lune, items[0]).get_data(as_text=True)) == 0
    facilitator.post(f"/sessions/{mag.id}/votes", data={"open": "0"})
    assert counts(_mine(lune)) == 0  # closing the vote is not revealing it, in this setting
    facilitator.post(f"/sessions/{mag.id}/reveal", data={"revealed": "1"})
    assert "1 d'accord" in _mine(lune)


def test_live_shows_counts_before_voting(app, mag):
    facilitator, (lune, heron), items = _positioning(app, mag)
    assert facilitator.post(f"/sessions/{mag.id}/results", data={"results_shown": "live"}).status_code == 200
    _agree(heron, items[0])
    assert "1 d'accord" in _mine(lune)
    assert "1 d'accord" in facilitator.get(f"/sessions/{mag.id}/projector/live").get_data(as_text=True)


def test_the_setting_is_chosen_at_creation_and_only_the_facilitator_changes_it(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    created = facilitator.post("/sessions/new", data={"title": "Groupe 2", "method": "mag-classique",
                                                      "language": "fr", "priority_dots": 3,
                                                      "results_shown": "after_reveal"})
    assert created.status_code == 302
    session = db.session.scalar(db.select(WorkshopSession).filter_by(title="Groupe 2"))
    assert session.results_shown == "after_reveal"
    refused = facilitator.post("/sessions/new", data={"title": "Groupe 3", "method": "mag-classique",
                                                      "language": "fr", "priority_dots": 3,
                                                      "results_shown": "always"})
    assert refused.status_code == 400
    assert facilitator.post(f"/sessions/{mag.id}/results", data={"results_shown": "never"}).status_code == 400
    observer = login(app.test_client(), "observer")
    assert observer.post(f"/sessions/{mag.id}/results", data={"results_shown": "live"}).status_code == 403
    lune, url = join(app, mag, "Lune")
    assert lune.post(f"/sessions/{mag.id}/results", data={"results_shown": "live"}).status_code in (302, 401)
    db.session.refresh(mag)
    assert mag.results_shown == "after_vote"


def test_phones_list_each_item_once_and_fold_the_writing_away_while_voting(app, mag):
    facilitator, (lune, _heron), _items = _positioning(app, mag)
    client, url = lune
    page = client.get(url).get_data(as_text=True)
    assert page.count("Le temps n&#39;est pas compté") == 1
    go_to(facilitator, mag, 12)  # proposals: written first, then dots
    submit(client, url, 12, "Un référent par service", level="organisation")
    facilitator.post(f"/sessions/{mag.id}/votes", data={"open": "1"})
    page = client.get(url).get_data(as_text=True)
    voting, folded = page.split('class="write-more"')
    assert voting.count("Un référent par service") == 1  # the shared part lists no second copy
    assert "vote-list" in voting and "Un référent par service" in folded  # one's own, folded below
    assert "Il vous reste 5 points à répartir." in page
