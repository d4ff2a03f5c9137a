"""What is said aloud enters the tool: the rapporteur types it for the speaker, the group
positions it like any other item, the speaker may correct or withdraw it, and nobody outside
the staff learns who said it."""

from conftest import decide_everything, go_to, join, login, token_of

from workshop.core.extensions import db
from workshop.sessions.models import Contribution

ROUND = 5  # first interpretation round of the classic MAG
POSITIONING = 9


def say(client, session, text, speaker=None, kind="interpretation", **fields):
    return client.post(f"/sessions/{session.id}/spoken",
                       data={"kind": kind, "text": text, "speaker": speaker or "", **fields},
                       headers={"HX-Request": "true"})


def test_a_spoken_round_entered_by_the_rapporteur_is_positioned_by_the_group(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    rapporteur = login(app.test_client(), "rapporteur")
    phones = [join(app, mag, name) for name in ("Lune", "Soleil", "Étoile")]
    join(app, mag, "Comète")  # no device after joining: only the rapporteur writes for her
    from workshop.sessions.models import Participant

    people = {p.pseudonym: p for p in db.session.scalars(db.select(Participant))}
    go_to(facilitator, mag, ROUND)
    notes = rapporteur.get(f"/sessions/{mag.id}/notes").get_data(as_text=True)
    assert "Ce qui est dit" in notes and "Comète" in notes and "La salle (sans nom)" in notes

    said = say(rapporteur, mag, "Elle a protégé l'enfant en se taisant.", people["Comète"].id)
    assert said.status_code == 200 and "Enregistré" in said.get_data(as_text=True)
    assert say(rapporteur, mag, "Le service manquait de temps.").status_code == 200  # from the floor

    items = db.session.scalars(db.select(Contribution).filter_by(kind="interpretation")
                               .order_by(Contribution.id)).all()
    assert [(i.spoken, i.participant_id, i.user_id, i.step_index) for i in items] == [
        (True, people["Comète"].id, staff["rapporteur"].id, ROUND),
        (True, None, staff["rapporteur"].id, ROUND)]
    console = facilitator.get(f"/sessions/{mag.id}/console/state").get_data(as_text=True)
    assert "dit à voix haute" in console and "la salle" in console

    facilitator.post(f"/sessions/{mag.id}/reveal", data={"revealed": "1"})
    projector = facilitator.get(f"/sessions/{mag.id}/projector/live").get_data(as_text=True)
    assert "Elle a protégé l&#39;enfant" in projector and "Comète" not in projector

    go_to(facilitator, mag, POSITIONING)
    for browser, url in phones:
        for item in items:
            response = browser.post(f"{url}/votes", data={"kind": "agreement", "value": "agree",
                                                          "contribution": item.id})
            assert response.status_code == 200
    go_to(facilitator, mag, POSITIONING + 1)  # convergences: the board of positions
    board = facilitator.get(f"/sessions/{mag.id}/console/state").get_data(as_text=True)
    table = board.split('class="board-table"', 1)[1].split("</table>", 1)[0]
    assert table.count("3 d'accord, 0 pas d'accord, 0 sans avis") == 2


def test_the_speaker_corrects_or_withdraws_what_was_entered_for_them(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    rapporteur = login(app.test_client(), "rapporteur")
    browser, url = join(app, mag, "Lune")
    lune = token_of(url)
    from workshop.sessions.models import Participant

    speaker = db.session.scalar(db.select(Participant).filter_by(token=lune))
    go_to(facilitator, mag, ROUND)
    say(rapporteur, mag, "Un malentendu sur le rôle", speaker.id)
    item = db.session.scalar(db.select(Contribution).filter_by(spoken=True))
    item_id = item.id
    mine = browser.get(f"{url}/mine").get_data(as_text=True)
    assert "Un malentendu sur le rôle" in mine and "Saisie par l'équipe" in mine
    assert browser.post(f"{url}/contributions/{item.id}",
                        data={"text": "Un malentendu sur le mandat"}).status_code == 200
    db.session.refresh(item)
    assert item.text == "Un malentendu sur le mandat"
    assert browser.post(f"{url}/contributions/{item_id}/withdraw").status_code == 200
    db.session.expire_all()
    assert db.session.get(Contribution, item_id) is None


def test_spoken_entries_follow_the_rules_of_the_step_and_of_the_roles(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    observer = login(app.test_client(), "observer")
    rapporteur = login(app.test_client(), "rapporteur")
    teller, teller_url = join(app, mag, "Lune")
    from workshop.sessions.models import Participant

    narrator = db.session.scalar(db.select(Participant).filter_by(pseudonym="Lune"))
    # a story said aloud needs its title; the same person cannot have two
    assert say(rapporteur, mag, "La visite", narrator.id, kind="story").status_code == 400
    assert say(rapporteur, mag, "La visite", narrator.id, kind="story", title="Visite").status_code == 200
    again = say(rapporteur, mag, "Autre", narrator.id, kind="story", title="Autre")
    assert again.status_code == 409 and "déjà un récit" in again.get_data(as_text=True)
    story = db.session.scalar(db.select(Contribution).filter_by(kind="story"))
    facilitator.post(f"/sessions/{mag.id}/step", data={"index": 1})
    facilitator.post(f"/sessions/{mag.id}/story", data={"contribution": story.id})
    go_to(facilitator, mag, ROUND)
    refused = say(rapporteur, mag, "Je me suis trompée", narrator.id)
    assert refused.status_code == 400 and "écoute" in refused.get_data(as_text=True)
    assert say(observer, mag, "Un avis").status_code == 403
    assert say(rapporteur, mag, "   ").status_code == 400
    assert say(rapporteur, mag, "Un avis", kind="evaluation").status_code == 400
    assert say(rapporteur, mag, "Un avis", speaker="x").status_code == 400
    # a proposal said aloud needs its level
    go_to(facilitator, mag, 12)
    assert say(rapporteur, mag, "Former", kind="proposal").status_code == 400
    assert say(rapporteur, mag, "Former", kind="proposal", level="policy").status_code == 200
    assert db.session.scalar(db.select(db.func.count(Contribution.id))
                             .where(Contribution.spoken.is_(True))) == 2


def test_who_said_it_never_leaves_the_room(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    rapporteur = login(app.test_client(), "rapporteur")
    for name in ("Lune", "Soleil", "Étoile"):
        join(app, mag, name)
    from workshop.sessions.models import Participant

    speaker = db.session.scalar(db.select(Participant).filter_by(pseudonym="Soleil"))
    go_to(facilitator, mag, ROUND)
    say(rapporteur, mag, "La hiérarchie pèse sur les choix.", speaker.id)
    facilitator.post(f"/sessions/{mag.id}/status", data={"status": "closed"})
    decide_everything(rapporteur, mag.id)
    for path in ("export.md", "export.json", "export.csv"):
        text = rapporteur.get(f"/sessions/{mag.id}/synthesis/{path}").get_data(as_text=True)
        assert "La hiérarchie pèse sur les choix." in text, path
        assert "Soleil" not in text, path


def test_the_form_offers_what_the_step_collects_and_follows_the_turn(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    rapporteur = login(app.test_client(), "rapporteur")
    for name in ("Lune", "Soleil"):
        join(app, mag, name)
    go_to(facilitator, mag, ROUND)
    choices = f"/sessions/{mag.id}/spoken/choices"
    # a form left on the page since the stories: the new step's kind, the person whose turn it is
    page = rapporteur.get(choices, query_string={"step": 0, "kind": "story"}).get_data(as_text=True)
    assert '<option value="interpretation" selected>' in page
    first, second = db.session.scalar(db.select(mag.__class__)).state(ROUND).speaking_order
    assert f'<option value="{first}" selected>' in page
    facilitator.post(f"/sessions/{mag.id}/speaking-order", data={"action": "next"})
    kept = {"step": ROUND, "kind": "question", "speaker": first, "turn_speaker": first}
    page = rapporteur.get(choices, query_string=kept).get_data(as_text=True)
    assert '<option value="question" selected>' in page  # chosen in this step: kept
    assert f'<option value="{second}" selected>' in page  # the turn moved on, so does the speaker
    chosen = {**kept, "speaker": ""}  # someone picked "the floor": kept
    page = rapporteur.get(choices, query_string=chosen).get_data(as_text=True)
    assert 'value="" selected' not in page and f'<option value="{second}" selected>' not in page


def test_someone_without_a_device_is_added_and_what_they_say_is_theirs(app, mag, staff):
    facilitator = login(app.test_client(), "facilitator")
    rapporteur = login(app.test_client(), "rapporteur")
    join(app, mag, "Lune")
    go_to(facilitator, mag, ROUND)
    people = f"/sessions/{mag.id}/spoken/people"
    added = rapporteur.post(people, data={"pseudonym": "Comète", "step": ROUND, "kind": "interpretation"})
    assert added.status_code == 200
    from workshop.sessions.models import Participant

    comete = db.session.scalar(db.select(Participant).filter_by(pseudonym="Comète"))
    assert f'<option value="{comete.id}" selected>Comète</option>' in added.text  # ready to type for her
    assert rapporteur.post(people, data={"pseudonym": "Lune"}).status_code == 409
    assert rapporteur.post(people, data={"pseudonym": "  "}).status_code == 400
    assert login(app.test_client(), "observer").post(people, data={"pseudonym": "X"}).status_code == 403
    assert say(rapporteur, mag, "On n'ose pas dire non.", comete.id).status_code == 200
    assert db.session.scalar(db.select(Contribution.participant_id).filter_by(spoken=True)) == comete.id
    presence = facilitator.get(f"/sessions/{mag.id}/console/presence").text
    assert "Comète" in presence
