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
