"""Quotes in the team's transversal synthesis: a passage of a group's text, in the participants'
own words, illustrates a statement in the editor, its versions, the forum note and the forum's
ateliers, with its group and session and never who said it; a passage the text does not hold is
refused, and one holding a name stops the note like the team's own texts."""

import io
import re
from html import unescape

from conftest import decide_everything, go_to, join, login, submit
from docx import Document
from test_forum import staff_ateliers
from test_project_synthesis import _two_groups_after_day_one
from test_projects import make_group, make_project, new_group_session

from workshop.core.extensions import db
from workshop.forum.models import Forum
from workshop.research.models import Project, TransversalAxis, TransversalQuote, TransversalStatement
from workshop.research.transversal import pool

PROPOSAL = "Protéger un temps d'accompagnement"
PSEUDONYMS = re.compile(r"\b(Alix|Bo|Cyd|Dani)\b")


def _statement(team, project, text="Le temps manque pour accompagner."):
    base = f"/projects/{project.id}/transversal"
    assert team.post(f"{base}/axes", data={"title": "Le temps", "kind": "perspective"}).status_code == 302
    axis = db.session.scalars(db.select(TransversalAxis).filter_by(project_id=project.id)).one()
    assert team.post(f"{base}/axes/{axis.id}/statements", data={"text": text}).status_code == 302
    return db.session.scalars(db.select(TransversalStatement).filter_by(axis_id=axis.id)).one()


def _docx_text(data: bytes) -> list:
    return [(p.style.name, p.text) for p in Document(io.BytesIO(data)).paragraphs]


def test_a_quote_illustrates_its_statement_in_the_note_its_versions_and_the_forum(app, staff):
    team, project, groups, sessions = _two_groups_after_day_one(app)
    base = f"/projects/{project.id}/transversal"
    statement = _statement(team, project)
    quotes = f"{base}/statements/{statement.id}/quotes"
    item = next(i for i in pool(project).values() if i["text"] == PROPOSAL and i["group"] == "Groupe A")

    # the researcher picks a text of any group, then the passage in it
    listing = unescape(team.get(quotes).text)
    assert PROPOSAL in listing and "Groupe B — Groupe B jour 1" in listing
    chosen = unescape(team.get(f"{quotes}?item={item['id']}").text)
    assert f'data-quote-source="quote-text">{PROPOSAL}' in chosen

    # a passage the text does not hold: refused in place, what was typed kept, nothing stored
    response = team.post(quotes, data={"item": item["id"], "text": "Protéger le temps des familles"})
    assert response.status_code == 400 and "ne se trouve pas tel quel" in unescape(response.text)
    assert ">Protéger le temps des familles</textarea>" in unescape(response.text)
    assert PROPOSAL in unescape(response.text)  # the source text still shown, to copy from
    assert team.post(quotes, data={"item": item["id"], "text": "  "}).status_code == 400
    assert not db.session.scalars(db.select(TransversalQuote)).all()

    # pasted with other spaces, typed with guillemets and a straight apostrophe: the text's words
    response = team.post(quotes, data={"item": item["id"], "text": "« un   temps\nd’accompagnement »"})
    assert response.status_code == 302
    assert [q.text for q in db.session.scalars(db.select(TransversalQuote))] == ["un temps d'accompagnement"]
    again = team.post(quotes, data={"item": item["id"], "text": "un temps d'accompagnement"})
    assert again.status_code == 409
    line = "« un temps d'accompagnement » (Proposition, Groupe A — Groupe A jour 1, 2026-03-02)"
    assert line in unescape(team.get(base).text)

    # the DOCX note: the quote in guillemets, its group and session, no pseudonym anywhere
    response = team.get(f"{base}/note.docx")
    assert response.status_code == 200
    paragraphs = _docx_text(response.data)
    assert ("Quote", line) in paragraphs
    assert not PSEUDONYMS.search("\n".join(text for _style, text in paragraphs))
    assert f"> {line}" in team.get(f"{base}/note.md").text
    assert line in unescape(team.get(f"{base}/note.print").text)

    # a version keeps the quote; the live synthesis moves on without it
    assert team.post(f"{base}/versions", data={"name": "Note pour le forum"}).status_code == 302
    quote = db.session.scalars(db.select(TransversalQuote)).one()
    assert team.post(f"{base}/quotes/{quote.id}/delete").status_code == 302
    statement = db.session.get(TransversalStatement, statement.id)
    team.post(f"{base}/statements/{statement.id}", data={"text": "Réécrit.", "revision": statement.revision})
    assert line not in unescape(team.get(base).text)
    assert line in unescape(team.get(f"{base}/versions/1").text)
    assert ("Quote", line) in _docx_text(team.get(f"{base}/versions/1/note.docx").data)

    # the forum made from that version: the ateliers read the quote under its statement
    response = team.post(f"/projects/{project.id}/forums", data={
        "title": "Forum CPAS", "ateliers": 1, "source": "team"})
    assert response.status_code == 302, response.text
    forum = db.session.scalar(db.select(Forum).filter_by(project_id=project.id))
    assert forum.material["version"] == 1
    [rapporteur] = staff_ateliers(app, forum)
    atelier = forum.ateliers[0]
    participant, url = join(app, atelier.session, "Ana")
    page = re.sub(r"<[^>]+>", "", unescape(participant.get(url, follow_redirects=True).text))
    assert "Le temps manque pour accompagner." in page
    assert "« un temps d'accompagnement » (Groupe A — Groupe A jour 1, 2026-03-02)" in page
    assert not PSEUDONYMS.search(page)
    verdicts = unescape(rapporteur.get(f"/sessions/{atelier.session_id}/forum").text)
    assert "« un temps d'accompagnement »" in verdicts


def test_only_the_team_quotes(app, staff):
    team, project, groups, sessions = _two_groups_after_day_one(app)
    statement = _statement(team, project)
    quotes = f"/projects/{project.id}/transversal/statements/{statement.id}/quotes"
    item = next(iter(pool(project)))
    team.post(f"/projects/{project.id}/team", data={"username": "observer", "role": "committee"})
    committee = login(app.test_client(), "observer")
    assert committee.get(quotes).status_code == 403
    assert committee.post(quotes, data={"item": item, "text": "temps"}).status_code == 403
    outsider = login(app.test_client(), "outsider")
    assert outsider.post(quotes, data={"item": item, "text": "temps"}).status_code == 403
    assert not db.session.scalars(db.select(TransversalQuote)).all()


def test_a_quote_holding_a_name_stops_the_note_and_the_forum(app, staff):
    """The rapporteur kept a name in the group's text (the review's decision); quoted, it is
    flagged before the note or a forum can leave, like the team's own texts."""
    team = login(app.test_client(), "facilitator")
    project = make_project(team, themes=1)
    group = make_group(team, project)
    session = new_group_session(team, project, group, "Jour 1")
    team.post(f"/sessions/{session.id}/team", data={"username": "rapporteur", "role": "rapporteur"})
    team.post(f"/sessions/{session.id}/status", data={"status": "live"})
    alix, alix_url = join(app, session, "Alix", service="ssg", function="social_worker")
    go_to(team, session, 4)
    text = "Rappeler Madame Dupont chaque semaine pour garder le lien"
    assert submit(alix, alix_url, 4, text, level="practice", actor="").status_code == 200
    team.post(f"/sessions/{session.id}/status", data={"status": "closed"})
    decide_everything(login(app.test_client(), "rapporteur"), session.id, lambda kind: "keep")
    project = db.session.get(Project, project.id)
    statement = _statement(team, project)
    base = f"/projects/{project.id}/transversal"
    item = next(i for i in pool(project).values() if i["text"] == text)
    assert team.post(f"{base}/statements/{statement.id}/quotes", data={
        "item": item["id"], "text": "Rappeler Madame Dupont chaque semaine"}).status_code == 302

    response = team.get(f"{base}/note.docx")
    assert response.status_code == 409 and "Dupont" in unescape(response.text)
    assert team.post(f"/projects/{project.id}/forums", data={
        "title": "Forum", "ateliers": 1, "source": "team"}).status_code == 409
    assert not db.session.scalars(db.select(Forum)).all()

    # a shorter passage, without the name, leaves
    quote = db.session.scalars(db.select(TransversalQuote)).one()
    team.post(f"{base}/quotes/{quote.id}/delete")
    assert team.post(f"{base}/statements/{statement.id}/quotes", data={
        "item": item["id"], "text": "chaque semaine pour garder le lien"}).status_code == 302
    assert team.get(f"{base}/note.docx").status_code == 200
