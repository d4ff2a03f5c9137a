"""Joining, contributing, editing, withdrawing and voting, as a participant on a phone would."""

from conftest import go_to, join, login, submit, token_of

from workshop.core.extensions import db
from workshop.sessions.models import Contribution, Participant, Vote


def test_join_with_code_and_profile_keeps_identity_on_reload_and_other_device(app, mag):
    browser, url = join(app, mag, "Lune", service="ssg", hierarchy="front_line", seniority="gt5")
    page = browser.get(url)
    assert page.status_code == 200
    assert "Lune" in page.get_data(as_text=True)
    person = db.session.scalar(db.select(Participant).filter_by(pseudonym="Lune"))
    assert (person.service, person.hierarchy, person.seniority) == ("ssg", "front_line", "gt5")
    # Same browser coming back through the join page: same identity, no second participant.
    again = browser.get(f"/join/{mag.join_code}")
    assert again.status_code == 302 and again.headers["Location"].endswith(url.split("localhost")[-1])
    # Another device with the personal link is the same participant.
    other_device = app.test_client()
    assert "Lune" in other_device.get(url).get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Participant.id))) == 1


def test_code_is_case_and_space_insensitive(app, mag):
    response = app.test_client().post("/join", data={"code": f" {mag.join_code.lower()} "})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/join/{mag.join_code}")


def test_unknown_and_closed_codes_are_refused_clearly(app, mag):
    client = app.test_client()
    response = client.post("/join", data={"code": "ZZZZZZ"})
    assert response.status_code == 404
    assert "ne correspond à aucune séance" in response.get_data(as_text=True)
    mag.status = "closed"
    db.session.commit()
    response = client.get(f"/join/{mag.join_code}")
    assert response.status_code == 404
    assert "ne correspond à aucune séance ouverte" in response.get_data(as_text=True)


def test_pseudonym_taken_and_invalid_profile_are_refused(app, mag):
    join(app, mag, "Lune")
    client = app.test_client()
    taken = client.post(f"/join/{mag.join_code}", data={"pseudonym": "Lune"})
    assert taken.status_code == 409
    assert "déjà pris" in taken.get_data(as_text=True)
    bad = client.post(f"/join/{mag.join_code}", data={"pseudonym": "Héron", "service": "nasa"})
    assert bad.status_code == 400
    too_long = client.post(f"/join/{mag.join_code}", data={"pseudonym": "x" * 41})
    assert too_long.status_code == 400
    assert db.session.scalar(db.select(db.func.count(Participant.id))) == 1


def test_submit_edit_and_withdraw_own_story(app, mag):
    browser, url = join(app, mag, "Lune")
    response = submit(browser, url, 0, "Deux semaines de téléphones renvoyés.", title="Téléphones")
    assert response.status_code == 200
    assert "Enregistré" in response.get_data(as_text=True)
    story = db.session.scalar(db.select(Contribution))
    assert (story.kind, story.title, story.language) == ("story", "Téléphones", "fr")
    second = submit(browser, url, 0, "Une autre histoire", title="Autre")
    assert second.status_code == 409  # one story per participant
    edited = browser.post(f"{url}/contributions/{story.id}",
                          data={"text": "Trois semaines.", "title": "Téléphones renvoyés"})
    assert edited.status_code == 200
    db.session.refresh(story)
    assert (story.title, story.text) == ("Téléphones renvoyés", "Trois semaines.")
    assert browser.post(f"{url}/contributions/{story.id}/withdraw").status_code == 200
    assert db.session.scalar(db.select(db.func.count(Contribution.id))) == 0


def test_bad_contributions_are_refused_and_nothing_is_stored(app, mag):
    browser, url = join(app, mag, "Lune")
    cases = [
        ({"step": 0, "text": "   ", "title": "Vide"}, 400, "vide"),
        ({"step": 0, "text": "x" * 5001, "title": "Long"}, 400, "trop long"),
        ({"step": 0, "text": "Sans titre"}, 400, "vide"),
        ({"step": 3, "text": "Mauvaise étape", "title": "T"}, 409, "close"),
        ({"step": "abc", "text": "Pas un nombre", "title": "T"}, 400, "incorrecte"),
    ]
    for data, status, message in cases:
        response = browser.post(f"{url}/contributions", data=data, headers={"HX-Request": "true"})
        assert response.status_code == status, data
        assert message in response.get_data(as_text=True), data
    assert db.session.scalar(db.select(db.func.count(Contribution.id))) == 0


def test_a_closed_step_refuses_edits_of_earlier_contributions(app, mag, staff):
    browser, url = join(app, mag, "Lune")
    submit(browser, url, 0, "Texte", title="Titre")
    story = db.session.scalar(db.select(Contribution))
    go_to(login(app.test_client(), "facilitator"), mag, 1)
    response = browser.post(f"{url}/contributions/{story.id}", data={"text": "Changé", "title": "T"})
    assert response.status_code == 409
    db.session.refresh(story)
    assert story.text == "Texte"


def test_nobody_edits_someone_elses_contribution(app, mag):
    author, author_url = join(app, mag, "Lune")
    submit(author, author_url, 0, "Le mien", title="Mien")
    story = db.session.scalar(db.select(Contribution))
    intruder, intruder_url = join(app, mag, "Héron")
    assert intruder.post(f"{intruder_url}/contributions/{story.id}",
                         data={"text": "Volé", "title": "X"}).status_code == 403
    assert intruder.post(f"{intruder_url}/contributions/{story.id}/withdraw").status_code == 403
    db.session.refresh(story)
    assert story.text == "Le mien"


def test_unknown_personal_link_is_refused(app, mag):
    assert app.test_client().get("/p/not-a-token").status_code == 404
    assert app.test_client().post("/p/not-a-token/contributions",
                                  data={"step": 0, "text": "x"}).status_code == 404


def _story_round(app, mag):
    people = [join(app, mag, name) for name in ("Lune", "Héron", "Galet")]
    for index, (browser, url) in enumerate(people):
        submit(browser, url, 0, f"Récit {index}", title=f"Titre {index}")
    return people, db.session.scalars(db.select(Contribution).order_by(Contribution.id)).all()


def test_story_choice_one_vote_each_and_withdraw_to_change(app, mag, staff):
    people, stories = _story_round(app, mag)
    go_to(login(app.test_client(), "facilitator"), mag, 1)
    browser, url = people[0]
    vote = {"kind": "story_choice", "contribution": stories[1].id}
    assert browser.post(f"{url}/votes", data=vote).status_code == 200
    again = browser.post(f"{url}/votes", data=vote)
    assert again.status_code == 409 and "déjà voté" in again.get_data(as_text=True)
    other = browser.post(f"{url}/votes", data={"kind": "story_choice", "contribution": stories[2].id})
    assert other.status_code == 409
    assert browser.post(f"{url}/votes/withdraw", data=vote).status_code == 200
    assert browser.post(f"{url}/votes", data={"kind": "story_choice",
                                              "contribution": stories[2].id}).status_code == 200
    votes = db.session.scalars(db.select(Vote)).all()
    assert [(v.contribution_id, v.kind) for v in votes] == [(stories[2].id, "story_choice")]


def test_votes_only_when_open_and_of_the_step_kind(app, mag, staff):
    people, stories = _story_round(app, mag)
    browser, url = people[0]
    early = browser.post(f"{url}/votes", data={"kind": "story_choice", "contribution": stories[1].id})
    assert early.status_code == 409  # still collecting stories
    facilitator = login(app.test_client(), "facilitator")
    go_to(facilitator, mag, 1)
    facilitator.post(f"/sessions/{mag.id}/votes", data={"open": "0"})
    closed = browser.post(f"{url}/votes", data={"kind": "story_choice", "contribution": stories[1].id})
    assert closed.status_code == 409 and "fermé" in closed.get_data(as_text=True)
    wrong_kind = browser.post(f"{url}/votes", data={"kind": "agreement", "contribution": stories[1].id,
                                                    "value": "agree"})
    assert wrong_kind.status_code == 409
    assert db.session.scalar(db.select(db.func.count(Vote.id))) == 0


def _positioning(app, mag, facilitator):
    people = [join(app, mag, name) for name in ("Lune", "Héron", "Galet", "Ardoise")]
    go_to(facilitator, mag, 5)
    for index, (browser, url) in enumerate(people[1:]):
        submit(browser, url, 5, f"Interprétation {index}")
    go_to(facilitator, mag, 9)
    return people, db.session.scalars(db.select(Contribution).filter_by(kind="interpretation")
                                      .order_by(Contribution.id)).all()


def test_positioning_on_every_interpretation(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    people, items = _positioning(app, mag, facilitator)
    browser, url = people[0]
    for item, value in zip(items, ("agree", "disagree", "abstain"), strict=True):
        response = browser.post(f"{url}/votes", data={"kind": "agreement", "contribution": item.id,
                                                      "value": value})
        assert response.status_code == 200
    page = browser.get(f"{url}/mine").get_data(as_text=True)
    assert "Votre position : d'accord" in page and "Votre position : pas d'accord" in page
    second = browser.post(f"{url}/votes", data={"kind": "agreement", "contribution": items[0].id,
                                                "value": "disagree"})
    assert second.status_code == 409
    nonsense = people[1][0].post(f"{people[1][1]}/votes", data={
        "kind": "agreement", "contribution": items[0].id, "value": "maybe"})
    assert nonsense.status_code == 400
    counts = {v.value for v in db.session.scalars(db.select(Vote))}
    assert counts == {"agree", "disagree", "abstain"}


def test_priority_dots_are_limited_per_participant(app, mag, staff):
    mag.priority_dots = 3
    db.session.commit()
    facilitator = login(app.test_client(), "facilitator")
    go_to(facilitator, mag, 12)
    browser, url = join(app, mag, "Lune")
    assert submit(browser, url, 12, "Parrainage des nouveaux AS", level="practice").status_code == 200
    assert submit(browser, url, 12, "Sans niveau").status_code == 400
    submit(browser, url, 12, "Temps d'intervision", level="organisation")
    first, second = db.session.scalars(db.select(Contribution).order_by(Contribution.id)).all()
    dot = {"kind": "priority", "contribution": first.id}
    assert browser.post(f"{url}/votes", data=dot).status_code == 409  # not open yet
    facilitator.post(f"/sessions/{mag.id}/votes", data={"open": "1"})
    assert browser.post(f"{url}/votes", data=dot).status_code == 200
    assert browser.post(f"{url}/votes", data=dot).status_code == 200
    other_dot = {"kind": "priority", "contribution": second.id}
    assert browser.post(f"{url}/votes", data=other_dot).status_code == 200
    over = browser.post(f"{url}/votes", data=dot)
    assert over.status_code == 409 and "tous vos points" in over.get_data(as_text=True)
    assert browser.post(f"{url}/votes/withdraw", data=dot).status_code == 200
    votes = {v.contribution_id: v.points for v in db.session.scalars(db.select(Vote))}
    assert votes == {first.id: 1, second.id: 1}
    assert "Il vous reste 1 point" in browser.get(f"{url}/mine").get_data(as_text=True)


def test_narrator_writes_narration_others_take_private_notes(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    (narrator, n_url), (other, o_url) = join(app, mag, "Lune"), join(app, mag, "Héron")
    submit(narrator, n_url, 0, "Court récit", title="Récit")
    story = db.session.scalar(db.select(Contribution))
    go_to(facilitator, mag, 1)
    facilitator.post(f"/sessions/{mag.id}/story", data={"contribution": story.id})
    go_to(facilitator, mag, 2)
    assert submit(narrator, n_url, 2, "Le récit en entier.").status_code == 200
    assert submit(other, o_url, 2, "Ma note à moi").status_code == 200
    kinds = {c.kind: c for c in db.session.scalars(db.select(Contribution).filter_by(step_index=2))}
    assert set(kinds) == {"narration", "private_note"}
    # The private note is never on the projector nor on the console.
    projector = facilitator.get(f"/sessions/{mag.id}/projector/live").get_data(as_text=True)
    console = facilitator.get(f"/sessions/{mag.id}/console/state").get_data(as_text=True)
    assert "Le récit en entier." in projector
    assert "Ma note à moi" not in projector and "Ma note à moi" not in console
    # In the rounds the narrator listens.
    go_to(facilitator, mag, 5)
    refused = submit(narrator, n_url, 5, "Mon interprétation")
    assert refused.status_code == 403
    assert "Vous êtes le narrateur" in narrator.get(n_url).get_data(as_text=True)


def test_evaluation_answers_replace_previous_ones(app, mag, staff):
    go_to(login(app.test_client(), "facilitator"), mag, 13)
    browser, url = join(app, mag, "Lune")
    response = browser.post(f"{url}/evaluation", data={"step": 13, "q_method": "4", "q_speech": "5",
                                                      "q_comment": "Utile."})
    assert response.status_code == 200
    assert browser.post(f"{url}/evaluation", data={"step": 13, "q_method": "9"}).status_code == 400
    browser.post(f"{url}/evaluation", data={"step": 13, "q_method": "2"})
    answers = db.session.scalars(db.select(Contribution).filter_by(kind="evaluation")).all()
    assert [(a.title, a.score) for a in answers] == [("method", 2)]


def test_token_in_url_is_the_identity(app, mag):
    _browser, url = join(app, mag, "Lune")
    person = db.session.scalar(db.select(Participant))
    assert token_of(url) == person.token


def test_a_submission_retried_after_a_timeout_is_stored_once(app, mag, staff):
    browser, url = join(app, mag, "Lune")
    form = {"step": 0, "text": "Un seul récit", "title": "Une fois", "client_key": "a1b2c3d4e5f6a7b8"}
    assert browser.post(f"{url}/contributions", data=form).status_code == 200
    retry = browser.post(f"{url}/contributions", data=form)
    assert retry.status_code == 200 and "Enregistré" in retry.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Contribution.id))) == 1
    # The page hands each new form a fresh key.
    other, other_url = join(app, mag, "Héron")
    page = other.get(f"{other_url}/mine").get_data(as_text=True)
    assert page.count('name="client_key"') >= 1 and "a1b2c3d4e5f6a7b8" not in page


def test_a_priority_dot_retried_after_a_timeout_counts_once(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    go_to(facilitator, mag, 12)
    browser, url = join(app, mag, "Lune")
    submit(browser, url, 12, "Intervision", level="practice")
    facilitator.post(f"/sessions/{mag.id}/votes", data={"open": "1"})
    item = db.session.scalar(db.select(Contribution))
    dot = {"kind": "priority", "contribution": item.id, "client_key": "k1k1k1k1k1"}
    assert browser.post(f"{url}/votes", data=dot).status_code == 200
    assert browser.post(f"{url}/votes", data=dot).status_code == 200
    assert db.session.scalar(db.select(Vote.points)) == 1
    assert browser.post(f"{url}/votes", data={**dot, "client_key": "k2k2k2k2k2"}).status_code == 200
    assert db.session.scalar(db.select(Vote.points)) == 2
