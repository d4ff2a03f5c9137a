"""Stories analysed inside an action-research day: the facilitator adds the MAG sequence twice,
and the group chooses, hears, questions and interprets two stories, each with its own rounds."""

from html import unescape

from conftest import go_to, join, login, submit
from test_projects import FINDINGS, make_group, make_project, new_group_session
from test_shaping import change, keys

from workshop.core.extensions import db
from workshop.sessions.models import Contribution, WorkshopSession

SEQUENCE = ["story-choice", "narration", "questions", "round", "reaction", "positioning"]


def two_sequence_day(app):
    """A thematic group's day with two MAG sequences after its illustrating stories, live, with
    five people who each proposed a story; returns (facilitator, session, people, stories)."""
    facilitator = login(app.test_client(), "facilitator")
    project = make_project(facilitator, themes=1)
    session = new_group_session(facilitator, project, make_group(facilitator, project))
    for _time in range(2):
        added = change(facilitator, session, "add", 0, addition="mag-sequence")
        assert added.status_code == 200, unescape(added.text)
    second = [f"{key}--2" for key in SEQUENCE]
    assert keys(session) == ["findings", "illustrations", *SEQUENCE, *second, "good-practices",
                             "visions", "proposals", "evaluation"]
    facilitator.post(f"/sessions/{session.id}/status", data={"status": "live"})
    session = db.session.get(WorkshopSession, session.id)
    people = [join(app, session, name) for name in ("Zéphyr", "Quartz", "Yuzu", "Wapiti", "Xénon")]
    go_to(facilitator, session, 1)
    for index, (browser, url) in enumerate(people[:2]):
        response = submit(browser, url, 1, f"Récit de {'AB'[index]}, vécu au guichet.",
                          title=f"Récit {'AB'[index]}")
        assert response.status_code == 200, unescape(response.text)
    stories = {c.title: c for c in db.session.scalars(db.select(Contribution).filter_by(kind="story"))}
    return facilitator, session, people, stories


def step_of(session, key: str) -> int:
    db.session.expire_all()
    return keys(session).index(key)


def choose(facilitator, session, people, story, suffix=""):
    choice = step_of(session, "story-choice" + suffix)
    go_to(facilitator, session, choice)
    for browser, url in people:
        response = browser.post(f"{url}/votes", data={"kind": "story_choice", "contribution": story.id})
        assert response.status_code == 200, unescape(response.text)
    assert facilitator.post(f"/sessions/{session.id}/story",
                            data={"contribution": story.id}).status_code == 200


def analyse(facilitator, session, people, narrator, suffix, interpretations):
    """Narration, one interpretation per listener, then everyone positions themselves."""
    narration = step_of(session, "narration" + suffix)
    go_to(facilitator, session, narration)
    browser, url = narrator
    assert submit(browser, url, narration, f"La narration{suffix} en détail.").status_code == 200
    round_ = step_of(session, "round" + suffix)
    go_to(facilitator, session, round_)
    listeners = [person for person in people if person is not narrator]
    for (browser, url), text in zip(listeners, interpretations, strict=False):
        response = submit(browser, url, round_, text)
        assert response.status_code == 200, unescape(response.text)
    go_to(facilitator, session, step_of(session, "positioning" + suffix))
    items = db.session.scalars(db.select(Contribution).filter(
        Contribution.kind == "interpretation", Contribution.text.in_(interpretations))).all()
    for browser, url in people:
        for item in items:
            response = browser.post(f"{url}/votes", data={"kind": "agreement",
                                                          "contribution": item.id, "value": "agree"})
            assert response.status_code == 200, unescape(response.text)
    return items


def test_a_day_analyses_two_stories_each_with_its_own_rounds(app, staff):
    facilitator, session, people, stories = two_sequence_day(app)
    story_a, story_b = stories["Récit A"], stories["Récit B"]

    choose(facilitator, session, people, story_a)
    first = analyse(facilitator, session, people, people[0], "",
                    ["A : la peur de mal faire.", "A : le manque de temps."])
    assert {item.parent_id for item in first} == {story_a.id}
    projector = unescape(facilitator.get(f"/sessions/{session.id}/projector/live").text)
    assert "A : la peur de mal faire." in projector

    # the second sequence: its narration needs its own story, not the first sequence's
    go_to(facilitator, session, step_of(session, "story-choice--2"))
    refused = facilitator.post(f"/sessions/{session.id}/step", data={"move": "next"})
    assert refused.status_code == 409 and "Aucun récit n'a encore été choisi." in unescape(refused.text)
    choose(facilitator, session, people, story_b, "--2")  # the same people vote again
    second = analyse(facilitator, session, people, people[1], "--2", ["B : une règle absurde."])
    assert {item.parent_id for item in second} == {story_b.id}
    # positioning shows this story's interpretations only
    projector = unescape(facilitator.get(f"/sessions/{session.id}/projector/live").text)
    assert "B : une règle absurde." in projector and "A : la peur de mal faire." not in projector
    cyd, cyd_url = people[2]
    assert cyd.post(f"{cyd_url}/votes", data={"kind": "agreement", "contribution": first[0].id,
                                              "value": "disagree"}).status_code == 404
    narrations = db.session.scalars(db.select(Contribution).filter_by(kind="narration")
                                    .order_by(Contribution.id)).all()
    assert [n.parent_id for n in narrations] == [story_a.id, story_b.id]

    # back in the first sequence, the room's story is the first one again
    go_to(facilitator, session, step_of(session, "round"))
    db.session.expire_all()
    assert db.session.get(WorkshopSession, session.id).chosen_story_id == story_a.id
    # a chosen story cannot be withdrawn, even when the room has moved on to another one
    go_to(facilitator, session, step_of(session, "round--2"))
    alix, alix_url = people[0]
    assert alix.post(f"{alix_url}/withdraw-everything", data={"confirm": "yes"}).status_code == 200
    db.session.expire_all()
    assert db.session.get(Contribution, story_a.id) is not None


def test_the_days_report_carries_both_stories_each_with_its_interpretations(app, staff):
    import io

    from conftest import decide_everything
    from docx import Document

    facilitator, session, people, stories = two_sequence_day(app)
    choose(facilitator, session, people, stories["Récit A"])
    analyse(facilitator, session, people, people[0], "", ["A : la peur de mal faire."])
    choose(facilitator, session, people, stories["Récit B"], "--2")
    analyse(facilitator, session, people, people[1], "--2", ["B : une règle absurde."])
    # the facilitator links story A to the finding it illustrates, from the notes page
    finding = db.session.scalar(db.select(Contribution).filter_by(session_id=session.id,
                                                                  text=FINDINGS[0]))
    links = f"/sessions/{session.id}/story-links"
    assert "Relier le récit au constat" in unescape(facilitator.get(f"/sessions/{session.id}/notes").text)
    linked = facilitator.post(links, data={"story": stories["Récit A"].id, "finding": finding.id})
    assert linked.status_code == 200
    assert f"« Récit A » illustre : {FINDINGS[0]}" in unescape(linked.text)
    wrong = facilitator.post(links, data={"story": finding.id, "finding": finding.id})
    assert wrong.status_code == 400 and "Choisissez un récit de cette séance." in unescape(wrong.text)
    observer = login(app.test_client(), "observer")
    facilitator.post(f"/sessions/{session.id}/team", data={"username": "observer", "role": "observer"})
    assert observer.post(links, data={"story": stories["Récit B"].id,
                                      "finding": finding.id}).status_code == 403
    facilitator.post(f"/sessions/{session.id}/status", data={"status": "closed"})
    decide_everything(facilitator, session.id)
    base = f"/sessions/{session.id}/synthesis"
    markdown = facilitator.get(f"{base}/export.md").text
    first = markdown.index("Récit analysé n° 1 : Récit A")
    second = markdown.index("Récit analysé n° 2 : Récit B")
    assert first < markdown.index("La narration en détail.") < markdown.index(
        "A : la peur de mal faire.") < second < markdown.index("B : une règle absurde.")
    assert "La narration--2 en détail." in markdown[second:]
    docx = Document(io.BytesIO(facilitator.get(f"{base}/export.docx").data))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert "Récit analysé n° 1 : Récit A" in text and "Récit analysé n° 2 : Récit B" in text
    assert text.index("A : la peur de mal faire.") < text.index("Récit analysé n° 2 : Récit B") \
        < text.index("B : une règle absurde.")
    assert f"{FINDINGS[0]}\n  - illustré par le récit « Récit A »" in markdown
    assert "illustré par le récit « Récit A »" in text
    for pseudonym in ("Zéphyr", "Quartz", "Yuzu", "Wapiti", "Xénon"):
        assert pseudonym not in markdown and pseudonym not in text
    exported = facilitator.get(f"{base}/export.json").get_json()  # the interchange document
    analysed = exported["session"]["chosen_stories"]
    assert [c["title"] for c in exported["contributions"] if c["id"] in analysed] == [
        "Récit A", "Récit B"]
    assert [len(story["interpretations"]) for story in exported["synthesis"]["chosen_stories"]] \
        == [1, 1]
    workspace = unescape(facilitator.get(base).text)
    assert "Récit A" in workspace and "Récit B" in workspace


def _story_votes(session_id: int) -> list[tuple[int, int]]:
    from workshop.sessions.models import Vote

    db.session.expire_all()
    return sorted(tuple(row) for row in db.session.execute(db.select(
        Vote.step_index, Vote.contribution_id).filter_by(session_id=session_id, kind="story_choice")))


def test_each_choice_keeps_its_own_votes_and_a_chosen_story_is_not_offered_again(app, staff):
    """The same people vote in both choose steps: the first choice's tally stays what the room
    saw, and the second choice no longer offers the story the first one took."""
    import io

    from conftest import decide_everything
    from docx import Document

    facilitator, session, people, stories = two_sequence_day(app)
    story_a, story_b = stories["Récit A"], stories["Récit B"]
    first, second = step_of(session, "story-choice"), step_of(session, "story-choice--2")
    xenon, xenon_url = people[4]  # votes for story B in both choices
    go_to(facilitator, session, first)
    assert xenon.post(f"{xenon_url}/votes", data={"kind": "story_choice",
                                                  "contribution": story_b.id}).status_code == 200
    choose(facilitator, session, people[:4], story_a)
    go_to(facilitator, session, second)
    alix, alix_url = people[0]
    phone = unescape(alix.get(alix_url).text)
    assert "Récit B" in phone and "Récit A" not in phone  # no button, no card for the first story
    assert "Récit A" not in unescape(facilitator.get(f"/sessions/{session.id}/console").text)
    assert "Récit A" not in unescape(facilitator.get(f"/sessions/{session.id}/projector/live").text)
    refused = alix.post(f"{alix_url}/votes", data={"kind": "story_choice", "contribution": story_a.id})
    assert refused.status_code == 404
    assert facilitator.post(f"/sessions/{session.id}/story",
                            data={"contribution": story_a.id}).status_code == 409
    # nobody has voted in this step yet: the phones' choice is open again
    assert "Choisir ce récit" in phone
    assert "0 votes reçus" in unescape(facilitator.get(f"/sessions/{session.id}/projector/live").text)
    choose(facilitator, session, people, story_b, "--2")
    assert _story_votes(session.id) == [(first, story_a.id)] * 4 + [(first, story_b.id)] + [
        (second, story_b.id)] * 5
    go_to(facilitator, session, first)  # back in the first choice: its tally is still 4 + 1
    assert "5 votes reçus" in unescape(facilitator.get(f"/sessions/{session.id}/projector/live").text)

    facilitator.post(f"/sessions/{session.id}/status", data={"status": "closed"})
    decide_everything(facilitator, session.id)
    base = f"/sessions/{session.id}/synthesis"
    exported = facilitator.get(f"{base}/export.json").get_json()
    assert [story["votes"] for story in exported["synthesis"]["chosen_stories"]] == [4, 5]
    assert exported["session"]["choice_steps"] == {f"c{story_a.id}": first, f"c{story_b.id}": second}
    from workshop.workspace.interchange import session_document  # the archive: votes by person

    archive = session_document(db.session.get(WorkshopSession, session.id))
    assert sorted(vote["step"] for vote in archive["votes"] if vote["kind"] == "story_choice") \
        == [first] * 5 + [second] * 5  # Xénon's two votes for story B, one in each step
    docx = Document(io.BytesIO(facilitator.get(f"{base}/export.docx").data))
    text = "\n".join(p.text for p in docx.paragraphs)
    workspace = unescape(facilitator.get(base).text)
    assert "choix 1 : 4 votes ; choix 2 : 0 vote" in workspace  # story A, in each choice
    assert "choix 1 : 1 vote ; choix 2 : 5 votes" in workspace  # story B
    assert "4 votes lors de son choix" in workspace and "5 votes lors de son choix" in workspace
    story_b_section = text.index("Récit analysé n° 2 : Récit B")
    assert text.index("Voix reçues lors de son choix : 4") < story_b_section
    assert "Voix reçues lors de son choix : 5" in text[story_b_section:]


def test_an_old_file_without_the_choose_step_of_its_votes_still_imports(app, staff):
    """Files made before sequences name no step on their story-choice votes: they belong to the
    method's first choose step; two choices of one person in one step are refused clearly."""
    from conftest import decide_everything

    facilitator = login(app.test_client(), "facilitator")
    document = {"format": "tourdetable.session/1",
                "session": {"title": "Ancienne séance", "method": "mag-classique", "language": "fr",
                            "chosen_story": "c1"},
                "participants": [{"id": "p1", "pseudonym": "Héron"}, {"id": "p2", "pseudonym": "Loutre"}],
                "contributions": [{"id": "c1", "kind": "story", "author": "p1", "title": "Un",
                                   "text": "Un récit."},
                                  {"id": "c2", "kind": "story", "author": "p2", "title": "Deux",
                                   "text": "Un autre récit."}],
                "votes": [{"contribution": "c1", "participant": p, "kind": "story_choice", "value": 1}
                          for p in ("p1", "p2")]}
    imported = facilitator.post("/sessions/import", data={"file": (io_json(document), "old.json")},
                                content_type="multipart/form-data")
    assert imported.status_code == 303, unescape(imported.text)
    session = db.session.scalars(db.select(WorkshopSession).filter_by(title="Ancienne séance")).one()
    assert [step for step, _story in _story_votes(session.id)] == [1, 1]  # the classic MAG's choice
    decide_everything(facilitator, session.id)
    exported = facilitator.get(f"/sessions/{session.id}/synthesis/export.json").get_json()
    assert exported["synthesis"]["chosen_story"]["votes"] == 2
    document["votes"].append({"contribution": "c2", "participant": "p1", "kind": "story_choice",
                              "value": 1})
    refused = facilitator.post("/sessions/import", data={"file": (io_json(document), "old.json")},
                               content_type="multipart/form-data")
    assert refused.status_code == 400
    assert "deux choix de récit d'une même personne dans une même étape" in unescape(refused.text)


def io_json(document: dict):
    import io
    import json

    return io.BytesIO(json.dumps(document).encode())


def test_reshaping_the_day_keeps_each_sequence_with_its_story(app, staff):
    """Before the day starts, the facilitator has recorded both choices, then adds an opening
    (every step moves down one) and repeats the first narration: each sequence keeps its
    story, and the room's story is always that of the sequence it stands in."""
    facilitator = login(app.test_client(), "facilitator")
    project = make_project(facilitator, themes=1)
    session = new_group_session(facilitator, project, make_group(facilitator, project))
    for _time in range(2):
        assert change(facilitator, session, "add", 0, addition="mag-sequence").status_code == 200
    story_a, story_b = (Contribution(session_id=session.id, step_index=1, kind="story", title=title,
                                     text=f"{title}, vécu au guichet.") for title in ("Récit A", "Récit B"))
    db.session.add_all([story_a, story_b])
    db.session.commit()
    for story, suffix in ((story_a, ""), (story_b, "--2")):
        go_to(facilitator, session, step_of(session, "story-choice" + suffix))
        assert facilitator.post(f"/sessions/{session.id}/story",
                                data={"contribution": story.id}).status_code == 200

    def story_at(key):
        go_to(facilitator, session, step_of(session, key))
        db.session.expire_all()
        return db.session.get(WorkshopSession, session.id).chosen_story_id

    assert story_at("narration--2") == story_b.id
    assert change(facilitator, session, "add", 0, addition="opening").status_code == 200
    assert change(facilitator, session, "repeat", step_of(session, "narration")).status_code == 200
    assert keys(session)[:5] == ["opening", "findings", "illustrations", "story-choice", "narration"]
    assert keys(session)[5] == "narration--3"
    db.session.expire_all()
    assert db.session.get(WorkshopSession, session.id).chosen_story_id is None  # the opening
    assert story_at("narration--3") == story_a.id
    assert story_at("round--2") == story_b.id
    assert story_at("narration") == story_a.id


def test_the_facilitator_links_a_story_to_a_finding_from_the_console(app, staff):
    """While the group tells its illustrating stories, the console offers the same form as the
    notes page; it is gone where the group chooses a story, and an observer sees no form."""
    facilitator, session, people, stories = two_sequence_day(app)
    console = unescape(facilitator.get(f"/sessions/{session.id}/console").text)
    assert "Récits qui illustrent les constats" in console and "Relier le récit au constat" in console
    finding = db.session.scalar(db.select(Contribution).filter_by(session_id=session.id,
                                                                  text=FINDINGS[1]))
    linked = facilitator.post(f"/sessions/{session.id}/story-links",
                              data={"story": stories["Récit B"].id, "finding": finding.id})
    assert linked.status_code == 200
    console = unescape(facilitator.get(f"/sessions/{session.id}/console").text)
    assert f"« Récit B » illustre : {FINDINGS[1]}" in console and "Délier" in console
    observer = login(app.test_client(), "observer")
    facilitator.post(f"/sessions/{session.id}/team", data={"username": "observer", "role": "observer"})
    seen = unescape(observer.get(f"/sessions/{session.id}/console").text)
    assert f"« Récit B » illustre : {FINDINGS[1]}" in seen and "Relier le récit au constat" not in seen
    go_to(facilitator, session, step_of(session, "story-choice"))
    assert "Relier le récit au constat" not in unescape(
        facilitator.get(f"/sessions/{session.id}/console").text)
