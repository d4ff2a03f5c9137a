"""The facilitator drives the session: steps, status, timer, turns, story choice, moderation."""

from html import unescape

from conftest import go_to, join, login, submit

from workshop.core.extensions import db
from workshop.sessions.models import Contribution, Note, Participant, Vote


def test_next_previous_and_jump_move_the_whole_room(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    browser, url = join(app, mag, "Lune")
    submit(browser, url, 0, "Le dossier égaré", title="Dossier")
    facilitator.post(f"/sessions/{mag.id}/step", data={"move": "next"})
    assert "Choix du récit" in browser.get(f"{url}/shared").get_data(as_text=True)
    facilitator.post(f"/sessions/{mag.id}/step", data={"index": 9, "confirm": 1})
    assert "Positionnement" in browser.get(f"{url}/shared").get_data(as_text=True)
    facilitator.post(f"/sessions/{mag.id}/step", data={"move": "previous"})
    db.session.refresh(mag)
    assert mag.current_step == 8
    assert facilitator.post(f"/sessions/{mag.id}/step", data={"index": 14}).status_code == 400
    assert facilitator.post(f"/sessions/{mag.id}/step", data={"index": "x"}).status_code == 400
    db.session.refresh(mag)
    assert mag.current_step == 8


def test_a_jump_over_steps_asks_for_confirmation_first(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    browser, url = join(app, mag, "Lune")
    submit(browser, url, 0, "Le dossier égaré", title="Dossier")
    asked = facilitator.post(f"/sessions/{mag.id}/step", data={"index": 3})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 409 and "Ce saut passe 2 étapes." in page
    assert "Y aller quand même" in page
    db.session.refresh(mag)
    assert mag.current_step == 0
    assert facilitator.post(f"/sessions/{mag.id}/step", data={"index": 1}).status_code == 200  # one step on
    assert facilitator.post(f"/sessions/{mag.id}/step", data={"index": 0}).status_code == 200  # one step back


def test_a_step_whose_need_is_not_met_says_so_and_offers_the_fix(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    browser, url = join(app, mag, "Lune")
    submit(browser, url, 0, "Le dossier égaré", title="Dossier")
    facilitator.post(f"/sessions/{mag.id}/step", data={"move": "next"})  # the story choice
    refused = facilitator.post(f"/sessions/{mag.id}/step", data={"move": "next"})  # narration
    page = unescape(refused.text)
    assert refused.status_code == 409 and "Aucun récit n'a encore été choisi." in page
    assert "Choisir maintenant : Dossier" in page
    db.session.refresh(mag)
    assert mag.current_step == 1
    moved = facilitator.post(f"/sessions/{mag.id}/step", data={"move": "next", "confirm": 1})
    assert moved.status_code == 200
    console = unescape(moved.text)
    assert "Aucun récit n'a encore été choisi." in console and "Revenir à l'étape 2" in console
    assert "Aucun récit n'a encore été choisi." in unescape(facilitator.get(
        f"/sessions/{mag.id}/projector/live").text)
    story = db.session.scalar(db.select(Contribution).filter_by(kind="story"))
    facilitator.post(f"/sessions/{mag.id}/story", data={"contribution": story.id})
    assert "Aucun récit" not in facilitator.get(f"/sessions/{mag.id}/console/state").text
    go_to(facilitator, mag, 8)  # the narrator's second reaction; positioning needs interpretations
    refused = facilitator.post(f"/sessions/{mag.id}/step", data={"move": "next"})
    assert refused.status_code == 409 and "Il n'y a encore aucune interprétation." in unescape(refused.text)


def test_status_draft_live_closed(app, staff):
    facilitator = login(app.test_client(), "facilitator")
    response = facilitator.post("/sessions/new", data={"title": "Groupe 3", "method": "mag-classique",
                                                       "language": "fr", "priority_dots": 4})
    assert response.status_code == 302
    session_url = response.headers["Location"].rsplit("/console", 1)[0]
    from workshop.sessions.models import WorkshopSession

    session = db.session.scalar(db.select(WorkshopSession))
    assert (session.status, session.priority_dots) == ("draft", 4)
    assert set(session.join_code) <= set("ACDEFGHJKMNPQRTUVWXY3479") and len(session.join_code) == 6
    browser, url = join(app, session, "Lune")  # people may join before the start
    waiting = submit(browser, url, 0, "Trop tôt", title="T")
    assert waiting.status_code == 409
    assert facilitator.post(f"{session_url}/status", data={"status": "closed"}).status_code == 409
    assert facilitator.post(f"{session_url}/status", data={"status": "live"}).status_code == 200
    assert submit(browser, url, 0, "À l'heure", title="T").status_code == 200
    assert facilitator.post(f"{session_url}/status", data={"status": "closed"}).status_code == 200
    assert submit(browser, url, 0, "Trop tard", title="T2").status_code == 409
    assert "terminée" in browser.get(url).get_data(as_text=True)


def test_new_session_form_rejects_bad_input(app, staff):
    facilitator = login(app.test_client(), "facilitator")
    for data in ({"title": "", "method": "mag-classique", "language": "fr", "priority_dots": 5},
                 {"title": "T", "method": "inconnue", "language": "fr", "priority_dots": 5},
                 {"title": "T", "method": "mag-classique", "language": "fr", "priority_dots": 0}):
        assert facilitator.post("/sessions/new", data=data).status_code == 400
    from workshop.sessions.models import WorkshopSession

    assert db.session.scalar(db.select(db.func.count(WorkshopSession.id))) == 0


def test_timer_start_pause_extend_reset(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    timer = f"/sessions/{mag.id}/timer"
    facilitator.post(timer, data={"action": "start"})
    db.session.refresh(mag)
    assert mag.timer_ends_at is not None and 890 <= mag.timer_seconds_left() <= 900
    facilitator.post(timer, data={"action": "extend", "minutes": 5})
    db.session.refresh(mag)
    assert 1190 <= mag.timer_seconds_left() <= 1200
    facilitator.post(timer, data={"action": "pause"})
    db.session.refresh(mag)
    assert mag.timer_ends_at is None and 1190 <= mag.timer_remaining <= 1200
    assert facilitator.post(timer, data={"action": "extend", "minutes": 90}).status_code == 400
    assert facilitator.post(timer, data={"action": "explode"}).status_code == 400
    facilitator.post(timer, data={"action": "reset"})
    db.session.refresh(mag)
    assert mag.timer_remaining == 15 * 60
    page = facilitator.get(f"/sessions/{mag.id}/projector/live").get_data(as_text=True)
    assert 'data-running="0"' in page and "15:00" in page


def test_speaking_order_and_turns(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    people = [join(app, mag, name) for name in ("Lune", "Héron", "Galet")]
    ids = db.session.scalars(db.select(Participant.id).order_by(Participant.id)).all()
    go_to(facilitator, mag, 5)
    projector = f"/sessions/{mag.id}/projector/live"
    assert "À présent : <strong>Lune</strong>" in facilitator.get(projector).get_data(as_text=True)
    order = f"/sessions/{mag.id}/speaking-order"
    facilitator.post(order, data={"action": "down", "participant": ids[0]})
    assert "À présent : <strong>Héron</strong>" in facilitator.get(projector).get_data(as_text=True)
    facilitator.post(order, data={"action": "next"})
    page = facilitator.get(projector).get_data(as_text=True)
    assert "À présent : <strong>Lune</strong>" in page and "Ensuite : Galet" in page
    lune, lune_url = people[0]
    assert "C'est votre tour" in lune.get(f"{lune_url}/mine").get_data(as_text=True)
    assert "C'est votre tour" not in people[1][0].get(f"{people[1][1]}/mine").get_data(as_text=True)
    assert facilitator.post(order, data={"action": "up", "participant": 999}).status_code == 400
    facilitator.post(order, data={"action": "next"})
    facilitator.post(order, data={"action": "next"})
    assert "Le tour de table est terminé" in facilitator.get(projector).get_data(as_text=True)


def test_choosing_the_story_makes_its_author_the_narrator(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    (lune, lune_url), (heron, heron_url) = join(app, mag, "Lune"), join(app, mag, "Héron")
    submit(lune, lune_url, 0, "Téléphones renvoyés le mercredi.", title="Téléphones")
    submit(heron, heron_url, 0, "Une garantie locative.", title="Garantie")
    story = db.session.scalar(db.select(Contribution).filter_by(title="Téléphones"))
    go_to(facilitator, mag, 1)
    facilitator.post(f"/sessions/{mag.id}/story", data={"contribution": story.id})
    assert "Récit choisi" in facilitator.get(f"/sessions/{mag.id}/projector/live").get_data(as_text=True)
    go_to(facilitator, mag, 5)
    assert "Vous êtes le narrateur" in lune.get(lune_url).get_data(as_text=True)
    db.session.refresh(mag)
    assert mag.state(5).speaking_order == [db.session.scalar(
        db.select(Participant.id).filter_by(pseudonym="Héron"))]
    assert lune.post(f"{lune_url}/contributions/{story.id}/withdraw").status_code == 409


def test_reveal_hides_collected_items_from_the_projector_until_asked(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    browser, url = join(app, mag, "Lune")
    submit(browser, url, 0, "Le texte du récit", title="Un titre")
    projector = f"/sessions/{mag.id}/projector/live"
    hidden_page = facilitator.get(projector).get_data(as_text=True)
    assert "Un titre" not in hidden_page and "1 récit proposé" in hidden_page
    facilitator.post(f"/sessions/{mag.id}/reveal", data={"revealed": "1"})
    assert "Un titre" in facilitator.get(projector).get_data(as_text=True)


def test_moderation_hide_correct_with_history_and_merge(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    go_to(facilitator, mag, 5)
    facilitator.post(f"/sessions/{mag.id}/reveal", data={"revealed": "1"})
    people = [join(app, mag, name) for name in ("Lune", "Héron", "Galet")]
    texts = ("Le temps n'est pas compté", "Le temps n'est pas conté", "Une règle manque")
    for (browser, url), text in zip(people, texts, strict=True):
        submit(browser, url, 5, text)
    first, duplicate, third = db.session.scalars(db.select(Contribution).order_by(Contribution.id))
    base = f"/sessions/{mag.id}/contributions"
    facilitator.post(f"{base}/{third.id}/hide", data={"hidden": "1"})
    projector = facilitator.get(f"/sessions/{mag.id}/projector/live").get_data(as_text=True)
    assert "Une règle manque" not in projector
    facilitator.post(f"{base}/{first.id}/edit", data={"text": "Le temps passé n'est pas compté"})
    db.session.refresh(first)
    assert first.text == "Le temps passé n'est pas compté"
    assert [r.text for r in first.revisions] == ["Le temps n'est pas compté"]
    console = facilitator.get(f"/sessions/{mag.id}/console/state").get_data(as_text=True)
    assert "1 correction" in console
    # no target is ever picked for the facilitator: the menu starts empty, a merge without one is refused
    assert '<select name="into" required><option value="">' in console
    # votes follow a merged duplicate
    go_to(facilitator, mag, 9)
    galet, galet_url = people[2]
    galet.post(f"{galet_url}/votes",
               data={"kind": "agreement", "contribution": duplicate.id, "value": "agree"})
    refused = facilitator.post(f"{base}/{duplicate.id}/merge", data={"into": ""})
    assert refused.status_code == 400 and "Choisissez la contribution" in refused.get_data(as_text=True)
    db.session.refresh(duplicate)
    assert duplicate.merged_into_id is None
    assert facilitator.post(f"{base}/{duplicate.id}/merge", data={"into": first.id}).status_code == 200
    assert db.session.scalar(db.select(Vote.contribution_id)) == first.id
    assert facilitator.post(f"{base}/{first.id}/merge", data={"into": first.id}).status_code == 400
    facilitator.post(f"/sessions/{mag.id}/reveal", data={"revealed": "1"})  # results hidden until then
    projector = facilitator.get(f"/sessions/{mag.id}/projector/live").get_data(as_text=True)
    assert "pas conté" not in projector and "1 d'accord, 0 pas d'accord" in projector


def _column(board: str, cls: str) -> str:
    """The board's band of a class; "" when the class has no item (then it is not shown)."""
    return board.split(f"class--{cls}")[1].split("</section>")[0] if f"class--{cls}" in board else ""


def test_convergence_board_and_override(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    people = [join(app, mag, f"P{i}") for i in range(6)]
    go_to(facilitator, mag, 5)
    submit(*people[0], 5, "Le temps est invisible")
    submit(*people[1], 5, "Une règle manque")
    shared, split = db.session.scalars(db.select(Contribution).order_by(Contribution.id))
    go_to(facilitator, mag, 9)
    for index, (browser, url) in enumerate(people):
        browser.post(f"{url}/votes", data={"kind": "agreement", "contribution": shared.id,
                                           "value": "disagree" if index == 0 else "agree"})
        browser.post(f"{url}/votes", data={"kind": "agreement", "contribution": split.id,
                                           "value": "agree" if index % 2 else "disagree"})
    go_to(facilitator, mag, 10)
    board = facilitator.get(f"/sessions/{mag.id}/projector/live").get_data(as_text=True)
    minority = _column(board, "minority")
    assert "Le temps est invisible" in minority and "5 d'accord, 1 pas d'accord" in minority
    assert "Une règle manque" in _column(board, "divergence")
    facilitator.post(f"/sessions/{mag.id}/contributions/{split.id}/position", data={"kind": "convergence"})
    board = facilitator.get(f"/sessions/{mag.id}/projector/live").get_data(as_text=True)
    assert "Une règle manque" in _column(board, "convergence")
    assert "Une règle manque" not in _column(board, "divergence")
    # every item now converges or stays minority: no empty divergence band takes the room's width
    assert "class--divergence" not in board and "class--minority" in board
    bad = facilitator.post(f"/sessions/{mag.id}/contributions/{split.id}/position", data={"kind": "x"})
    assert bad.status_code == 400


def test_staff_contributions_and_rapporteur_notes(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    researcher = login(app.test_client(), "researcher")
    rapporteur = login(app.test_client(), "rapporteur")
    go_to(facilitator, mag, 11)
    response = researcher.post(f"/sessions/{mag.id}/staff-contributions",
                               data={"kind": "theory", "title": "Goffman",
                                     "text": "Le travail d'arrière-scène."})
    assert response.status_code == 200
    assert "arrière-scène" in facilitator.get(f"/sessions/{mag.id}/projector/live").get_data(as_text=True)
    wrong = researcher.post(f"/sessions/{mag.id}/staff-contributions",
                            data={"kind": "narration", "text": "x"})
    assert wrong.status_code == 409
    note = rapporteur.post(f"/sessions/{mag.id}/notes", data={"step": 11, "text": "Lien avec Lipsky."})
    assert note.status_code == 200 and "Lien avec Lipsky." in note.get_data(as_text=True)
    assert rapporteur.post(f"/sessions/{mag.id}/notes", data={"step": 99, "text": "x"}).status_code == 400
    assert rapporteur.post(f"/sessions/{mag.id}/notes", data={"step": 1, "text": " "}).status_code == 400
    assert db.session.scalar(db.select(db.func.count(Note.id))) == 1
    page = facilitator.get(f"/sessions/{mag.id}/notes").get_data(as_text=True)
    theory_section = page.split("Apports théoriques et nouvelle problématique")[-1]
    assert "Lien avec Lipsky." in theory_section


def test_team_page_adds_staff_roles(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    response = facilitator.post(f"/sessions/{mag.id}/team", data={"username": "outsider", "role": "observer"})
    assert response.status_code == 302
    assert facilitator.post(f"/sessions/{mag.id}/team",
                            data={"username": "outsider", "role": "observer"}).status_code == 409
    assert facilitator.post(f"/sessions/{mag.id}/team",
                            data={"username": "nobody", "role": "observer"}).status_code == 404
    outsider = login(app.test_client(), "outsider")
    assert outsider.get(f"/sessions/{mag.id}/console").status_code == 200


def test_the_notes_step_follows_the_session_and_keeps_a_deliberate_choice_meanwhile(app, mag, staff):
    rapporteur = login(app.test_client(), "rapporteur")
    page = rapporteur.get(f"/sessions/{mag.id}/notes").get_data(as_text=True)
    assert '<option value="0" selected>' in page
    assert rapporteur.get(f"/sessions/{mag.id}/notes/step?shown=0").status_code == 204  # nothing moved
    go_to(login(app.test_client(), "facilitator"), mag, 2)
    moved = rapporteur.get(f"/sessions/{mag.id}/notes/step?shown=0")
    assert moved.status_code == 200 and '<option value="2" selected>' in moved.get_data(as_text=True)
    assert app.test_client().get(f"/sessions/{mag.id}/notes/step?shown=0").status_code == 302  # login first
