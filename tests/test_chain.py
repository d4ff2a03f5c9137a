"""The whole chain of a research project, as its people live it: two groups of two days, the
transversal synthesis two researchers write, a forum of three ateliers, the validated synthesis,
three work areas followed up, the committee's question answered; every link traced both ways on
the screens. And the demo, which builds the same chain for a newcomer."""

import re
from html import unescape

from conftest import go_to, join, login, review_values, submit, token_of
from test_forum import _answer_url, _verdict_url, staff_ateliers
from test_projects import FINDINGS, _run_day_one, make_group, make_project, new_group_session

from workshop.core.accounts import User
from workshop.core.extensions import db
from workshop.demo import DEMO_PASSWORD
from workshop.forum.models import Forum
from workshop.forum.work_area_models import WorkArea
from workshop.research.models import (
    Project,
    ProjectComment,
    TransversalAxis,
    TransversalStatement,
    TransversalVersion,
)
from workshop.research.transversal import pool
from workshop.sessions.models import Contribution, Participant

STORIES = {"Groupe A": ("Téléphones renvoyés", "Pendant deux semaines les téléphones ont été renvoyés "
                        "vers l'accueil le mercredi."),
           "Groupe B": ("Le contrat perdu", "L'information n'est pas passée entre l'insertion et le service "
                        "social : le monsieur a perdu l'offre d'emploi.")}
COVERED = {"coverage": "covered", "scope": "all"}
AMENDED = "Le temps d'accueil n'est compté nulle part."


def _two_days(app, client, project, group):
    """Day 1 with four people, a story chosen; day 2 from its synthesis, run and closed."""
    day1 = new_group_session(client, project, group, f"{group.name} jour 1")
    people = _run_day_one(app, client, day1)
    go_to(client, day1, 1)
    title, text = STORIES[group.name]
    assert submit(*people[1], 1, text, title=title).status_code == 200
    story = db.session.scalars(db.select(Contribution).filter_by(session_id=day1.id, kind="story")).one()
    assert client.post(f"/sessions/{day1.id}/story", data={"contribution": story.id}).status_code == 200
    client.post(f"/sessions/{day1.id}/status", data={"status": "closed"})
    day2 = new_group_session(client, project, group, f"{group.name} jour 2")
    client.post(f"/sessions/{day2.id}/status", data={"status": "live"})
    present = db.session.scalars(db.select(Participant).filter_by(session_id=day2.id)).all()[:3]
    response = client.post(f"/projects/{project.id}/groups/{group.id}/sessions/{day2.id}/attendance",
                           data={"present": [str(p.id) for p in present]})
    assert response.status_code == 302
    client.post(f"/sessions/{day2.id}/status", data={"status": "closed"})
    return day1, day2


def _item(known, kind, text, session):
    return next(i["id"] for i in known.values()
                if i["kind"] == kind and i["text"] == text and i["session_uid"] == session.uid)


def _section(page: str, marker: str) -> str:
    """The part of a page from an element's id to the end of its card."""
    return page.split(marker, 1)[1].split("</article>")[0].split("</section>")[0]


def test_from_two_groups_to_followed_up_work_areas_every_link_traced_both_ways(app, staff):
    anne = login(app.test_client(), "facilitator")
    project = make_project(anne, themes=2)
    groups = [make_group(anne, project, 0, "Groupe A"), make_group(anne, project, 1, "Groupe B")]
    days = {group.name: _two_days(app, anne, project, group) for group in groups}
    anne.post(f"/projects/{project.id}/team", data={"username": "researcher", "role": "researcher"})
    anne.post(f"/projects/{project.id}/team", data={"username": "observer", "role": "committee"})
    karim = login(app.test_client(), "researcher")
    project = db.session.get(Project, project.id)

    # two researchers write the synthesis: axes of both kinds, statements citing both groups
    base = f"/projects/{project.id}/transversal"
    known = pool(project)
    (a1, a2), (b1, b2) = days["Groupe A"], days["Groupe B"]
    story_a = _item(known, "story", STORIES["Groupe A"][1], a1)
    story_b = _item(known, "story", STORIES["Groupe B"][1], b1)
    finding_b = _item(known, "finding", FINDINGS[0], b2)
    proposal_a = _item(known, "proposal", "Protéger un temps d'accompagnement", a2)
    proposal_b = _item(known, "proposal", "Protéger un temps d'accompagnement", b2)
    anne.post(f"{base}/axes", data={"title": "Le temps invisible", "kind": "diagnosis"})
    anne.post(f"{base}/axes", data={"title": "Protéger le temps", "kind": "perspective"})
    diagnosis, perspective = db.session.scalars(db.select(TransversalAxis).order_by(TransversalAxis.id)).all()
    for axis, text in ((diagnosis, "Le temps passé avec les usagers n'est compté nulle part."),
                       (perspective, "Protéger un temps d'accompagnement dans chaque CPAS.")):
        assert anne.post(f"{base}/axes/{axis.id}/statements", data={"text": text}).status_code == 302
    finding_statement, proposal_statement = db.session.scalars(
        db.select(TransversalStatement).order_by(TransversalStatement.id)).all()
    for statement, items in ((finding_statement, [story_a, story_b, finding_b]),
                             (proposal_statement, [proposal_a, proposal_b])):
        assert karim.post(f"{base}/statements/{statement.id}/sources",
                          data={"items": items, "revision": statement.revision}).status_code == 302
    # the second researcher rewrites a statement; the first keeps working from the fresh revision
    statement = db.session.get(TransversalStatement, finding_statement.id)
    assert karim.post(f"{base}/statements/{statement.id}", data={
        "text": "Le temps passé avec les usagers, au téléphone comme au guichet, n'est compté nulle part.",
        "revision": statement.revision}).status_code == 302
    assert anne.post(f"{base}/versions", data={"name": "Note pour le forum"}).status_code == 302
    assert db.session.scalars(db.select(TransversalVersion)).one().created_by.username == "facilitator"

    # the forum: three ateliers, participants' answers, verdicts of three kinds, a gap
    response = karim.post(f"/projects/{project.id}/forums",
                          data={"title": "Forum CPAS", "ateliers": 3, "source": "team"})
    assert response.status_code == 302
    forum = db.session.scalars(db.select(Forum).filter_by(project_id=project.id)).one()
    rapporteurs = staff_ateliers(app, forum)
    finding_id, proposal_id = f"s{finding_statement.id}", f"s{proposal_statement.id}"
    browser, url = join(app, forum.ateliers[0].session, "Zoé")
    assert browser.post(_answer_url(token_of(url), "proposal", proposal_id),
                        data={**COVERED, "priority": "yes"}).status_code == 302
    judged = ((0, "finding", finding_id, {"verdict": "validated"}),
              (1, "finding", finding_id, {"verdict": "amended", "amended": AMENDED}),
              (2, "finding", finding_id, {"verdict": "validated"}),
              (0, "proposal", proposal_id, {"verdict": "validated"}),
              (1, "proposal", proposal_id, {"verdict": "validated"}),
              (2, "proposal", proposal_id, {"verdict": "invalidated"}))
    for number, kind, target, verdict in judged:
        response = rapporteurs[number].post(_verdict_url(forum.ateliers[number], kind, target), data=verdict)
        assert response.status_code == 302
    rapporteurs[2].post(f"/sessions/{forum.ateliers[2].session_id}/forum/gap", data={"gap": "Le logement"})

    # the validated synthesis, produced once the report is reviewed
    review = karim.get(f"/forums/{forum.id}/review").text
    karim.post(f"/forums/{forum.id}/review", data={name: "keep" for name in review_values(review)})
    assert karim.post(f"/forums/{forum.id}/validated").status_code == 303
    validated = db.session.scalar(db.select(TransversalVersion).filter_by(number=2))
    assert validated.document["validated_by"]["forum_id"] == forum.id

    # three work areas, micro, méso and macro, from the proposals and the verdicts
    board = f"/projects/{project.id}/followup"
    on_proposal, on_finding = f"{forum.id}:proposal:{proposal_id}", f"{forum.id}:finding:{finding_id}"
    for data in ({"title": "Une plage sans rendez-vous par semaine", "level": "micro",
                  "sources": [proposal_a]},
                 {"title": "Un temps d'accompagnement protégé", "level": "meso",
                  "sources": [proposal_a, proposal_b], "verdicts": [on_proposal]},
                 {"title": "Compter le temps d'accueil dans les normes", "level": "macro",
                  "verdicts": [on_finding]}):
        assert anne.post(board, data=data).status_code == 303
    micro, meso, macro = db.session.scalars(db.select(WorkArea).order_by(WorkArea.id)).all()

    # follow-up by the second researcher: owner, status, date, an answer
    response = karim.post(f"{board}/{meso.id}/followup", data={
        "owner": "Direction du CPAS", "status": "in_progress", "due_on": "2027-03-31",
        "revision": meso.revision})
    assert response.status_code == 303
    assert karim.post(f"{board}/{meso.id}/answers", data={
        "text": "Une demi-journée protégée depuis janvier.", "answered_on": "2027-02-01"}).status_code == 303
    assert (db.session.get(WorkArea, meso.id).status, db.session.get(WorkArea, meso.id).owner) == (
        "in_progress", "Direction du CPAS")

    # the committee asks, the team answers
    committee = login(app.test_client(), "observer")
    assert committee.post(f"/projects/{project.id}/comments", data={
        "text": "Qu'en est-il des petits CPAS ?"}).status_code == 302
    question = db.session.scalars(db.select(ProjectComment)).one()
    assert karim.post(f"/projects/{project.id}/comments/{question.id}/answer", data={
        "text": "Le chantier méso prévoit un relais pour eux."}).status_code == 302

    # backward, on the board: from the méso work area to its proposals (group and session), the
    # forum's verdicts, the statement as the forum judged it, and its sources down to the story
    for reader in (anne, committee):
        card = _words(_section(reader.get(board).text, f'id="work-area-{meso.id}"'))
        assert "Protéger un temps d'accompagnement (Groupe A — Groupe A jour 2)" in card
        assert "Protéger un temps d'accompagnement (Groupe B — Groupe B jour 2)" in card
        assert "Atelier 1 — Validé ; Atelier 2 — Validé ; Atelier 3 — Invalidé" in card
        assert "Énoncé soumis au forum : « Protéger un temps d'accompagnement dans chaque CPAS. »" in card
        assert "Proposition (Groupe A — Groupe A jour 2, 2026-03-02)" in card
        assert "synthèse validée (version 2) : contesté" in card
        card = _words(_section(reader.get(board).text, f'id="work-area-{macro.id}"'))
        assert "au téléphone comme au guichet" in card  # the wording the forum judged
        assert f"Récit (Groupe A — Groupe A jour 1, 2026-03-02) : « {STORIES['Groupe A'][0]}" in card
        assert f"Récit (Groupe B — Groupe B jour 1, 2026-03-02) : « {STORIES['Groupe B'][0]}" in card
        assert "Atelier 2 — Amendé (« Le temps d'accueil n'est compté nulle part. »)" in card
        assert "synthèse validée (version 2) : amendé" in card

    # forward, on the traceability page: from each story to the statement, the verdicts, the
    # validated synthesis and the work area that answers it
    trace = anne.get(f"/projects/{project.id}/trace").text
    for story in (story_a, story_b):
        entry = _words(_section(trace, f'id="item-{story}"'))
        assert "Cité par l'énoncé « Le temps passé avec les usagers, au téléphone" in entry
        assert "Atelier 2 — Amendé" in entry and "Synthèse validée (version 2) :" in entry
        assert "Compter le temps d'accueil dans les normes" in entry and "(Macro)" in entry
    entry = _words(_section(trace, f'id="item-{proposal_a}"'))
    assert "Atelier 3 — Invalidé" in entry and "contesté" in entry
    assert "Source du chantier" in entry and "Une plage sans rendez-vous par semaine" in entry \
        and "Un temps d'accompagnement protégé" in entry
    assert f'id="item-{_item(known, "finding", FINDINGS[1], a2)}"' not in trace  # cited by nothing
    # and under each statement of the team's synthesis, where it went
    page = karim.get(base).text
    under = page.split(f'id="statement-{finding_statement.id}"')[1].split('<li id="statement-')[0]
    assert f"Atelier 2 — Amendé (« {AMENDED} »)" in _words(under)
    assert "Synthèse validée (version 2) : amendé" in _words(under)
    assert "Chantiers : Compter le temps d'accueil dans les normes (Macro)" in _words(under)
    # the validated version shows the statement where the links point
    version_page = karim.get(f"{base}/versions/2").text
    assert f'id="{finding_id}"' in version_page and "Le temps d&#39;accueil n&#39;est compté" in version_page

    # the committee reads the chain and the answer to its question, and edits nothing
    assert committee.get(f"/projects/{project.id}/trace").status_code == 200
    page = unescape(committee.get(f"/projects/{project.id}/committee").text)
    assert "petits CPAS" in page and "relais pour eux" in page and "Traçabilité" in page
    outsider = login(app.test_client(), "outsider")
    assert outsider.get(f"/projects/{project.id}/trace").status_code == 403


PSEUDONYM_PAGES = ("committee", "followup", "trace")


def _demo_login(app, username):
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, username
    return client


def _words(page: str) -> str:
    """What a reader sees: the words of a page or of a part of it, without its tags."""
    return " ".join(re.sub(r"<[^>]+>", " ", unescape(page)).split())


def test_the_demo_builds_a_project_at_the_forum_stage_whose_pages_name_nobody(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "chercheuse / demo-tourdetable" in result.output and "comite / demo-tourdetable" in result.output
    project = db.session.scalars(db.select(Project)).one()
    assert [(m.user.username, m.role) for m in project.members] == [
        ("chercheuse", "researcher"), ("chercheur", "researcher"), ("comite", "committee")]
    assert [len(group.sessions) for group in project.groups] == [2, 2]
    forum = db.session.scalars(db.select(Forum)).one()
    assert len(forum.ateliers) == 3
    versions = db.session.scalars(db.select(TransversalVersion).order_by(TransversalVersion.number)).all()
    assert [v.document.get("validated_by", {}).get("forum_id") for v in versions] == [None, forum.id]
    statuses = [s["trace"]["status"] for axis in versions[1].document["axes"] for s in axis["statements"]]
    assert {"validated", "amended", "invalidated", "contested"} <= set(statuses)
    areas = db.session.scalars(db.select(WorkArea).order_by(WorkArea.id)).all()
    assert [a.level for a in areas] == ["micro", "meso", "macro"]
    assert all(a.sources and a.verdicts and a.answers and a.owner for a in areas)
    # a second run adds nothing
    assert "no demo added" in runner.invoke(args=["demo", "--if-empty"]).output
    assert db.session.scalar(db.select(db.func.count(Project.id))) == 1

    pseudonyms = set(db.session.scalars(db.select(Participant.pseudonym)))
    assert {"Basalte", "Corail"} <= pseudonyms
    researcher = _demo_login(app, "chercheur")
    base = f"/projects/{project.id}"
    for url in (base, f"{base}/transversal", f"{base}/transversal/versions/2", f"{base}/followup",
                f"{base}/trace", f"/forums/{forum.id}", f"/forums/{forum.id}/report", f"{base}/committee"):
        assert researcher.get(url).status_code == 200, url
    committee = _demo_login(app, "comite")
    assert committee.get(base).status_code == 403
    pages = {url: committee.get(url) for url in (f"{base}/committee", f"{base}/followup", f"{base}/trace",
                                                 f"{base}/transversal", f"/forums/{forum.id}/report")}
    # the committee's way to the forum is its report (the forum's own page is the team's)
    assert f'href="/forums/{forum.id}/report"' in pages[f"{base}/transversal"].text
    assert f'href="/forums/{forum.id}"' not in pages[f"{base}/transversal"].text
    secret = db.session.execute(db.text("SELECT secret FROM followup_link")).scalar_one()
    pages["public"] = app.test_client().get(f"/followup/{secret}")
    for url, response in pages.items():
        assert response.status_code == 200, url
        words = _words(response.text)
        assert not [name for name in pseudonyms if re.search(rf"\b{re.escape(name)}\b", words)], url
    assert "Un panel de première ligne pour chaque nouvelle procédure" in _words(pages["public"].text)
    assert "Les chantiers tiennent-ils compte des petits CPAS" in _words(pages[f"{base}/committee"].text)
    assert "Mme Diallo" not in _words(pages[f"{base}/trace"].text)  # masked in the rapporteur's review
    assert db.session.scalar(db.select(User).filter_by(username="animatrice")) is not None
