"""The forum judges what the team's synthesis holds: axes, findings, visions and proposals
(priority asked of proposals only); the project's researchers coordinate a forum of their project
and its steering committee reads its report, nothing more."""

import html
import json

from conftest import go_to, join, login, make_user, review_values, submit, token_of
from test_forum import _answer_url, _board_row, _verdict_url, staff_ateliers
from test_forum_scale import _exports
from test_projects import _run_day_one, make_group, make_project, new_group_session

from workshop.core.extensions import db
from workshop.forum.models import Forum, ForumAnswer
from workshop.forum.validated import validated_document
from workshop.research.models import TransversalVersion

VISION = "En 2031, chaque CPAS protège un temps d'accompagnement."
COVERED = {"coverage": "covered", "scope": "all"}


def _team_forum(app, ateliers=1):
    """A group's day with a vision; the team's synthesis drafted from it; a colleague of the
    team submits it to a forum, each atelier staffed with a rapporteur."""
    client = login(app.test_client(), "facilitator")
    project = make_project(client, themes=1)
    group = make_group(client, project)
    day = new_group_session(client, project, group, "Jour 1")
    people = _run_day_one(app, client, day)
    go_to(client, day, 3)  # visions
    alix, alix_url = people[0]
    assert submit(alix, alix_url, 3, VISION).status_code == 200
    client.post(f"/sessions/{day.id}/status", data={"status": "closed"})
    assert client.post(f"/projects/{project.id}/transversal/draft").status_code == 302
    client.post(f"/projects/{project.id}/team", data={"username": "researcher", "role": "researcher"})
    make_user("comite")
    client.post(f"/projects/{project.id}/team", data={"username": "comite", "role": "committee"})
    colleague = login(app.test_client(), "researcher")
    page = html.unescape(colleague.get(f"/projects/{project.id}/transversal").text)
    assert "Forums de validation de cette synthèse" in page
    response = colleague.post(f"/projects/{project.id}/forums",
                              data={"title": "Forum CPAS", "ateliers": ateliers, "source": "team"})
    assert response.status_code == 302, response.text
    forum = db.session.scalar(db.select(Forum).filter_by(project_id=project.id))
    return client, colleague, staff_ateliers(app, forum), project, forum


def _item(forum, kind):
    return next(item for axis in forum.material["axes"] for item in axis.get(f"{kind}s", []))


def test_visions_and_proposals_are_answered_judged_and_reported(app, staff):
    client, colleague, [rapporteur], project, forum = _team_forum(app)
    atelier = forum.ateliers[0]
    vision, proposal, finding = _item(forum, "vision"), _item(forum, "proposal"), _item(forum, "finding")
    assert vision["text"] == VISION and vision["sources"][0]["kind"] == "vision"
    assert forum.material["source"] == "team"

    # on the phones: the vision and the proposal among the targets; priority asked of proposals only
    tokens = []
    for pseudonym in ("Zoé", "Yann"):
        browser, url = join(app, atelier.session, pseudonym)
        tokens.append(token_of(url))
        page = html.unescape(browser.get(url, follow_redirects=True).text)
        assert VISION in page and proposal["text"] in page
        proposals = sum(len(axis["proposals"]) for axis in forum.material["axes"])
        assert page.count("Cette proposition vise-t-elle ce qui doit le plus changer ?") == proposals
    phone = app.test_client()
    response = phone.post(_answer_url(tokens[0], "proposal", proposal["id"]), data=COVERED)
    assert response.status_code == 400 and "Choisissez une des réponses" in html.unescape(response.text)
    for token, priority in zip(tokens, ("yes", "partly"), strict=True):
        assert phone.post(_answer_url(token, "vision", vision["id"]), data=COVERED).status_code == 302
        assert phone.post(_answer_url(token, "proposal", proposal["id"]),
                          data={**COVERED, "priority": priority}).status_code == 302
    assert phone.post(_answer_url(tokens[0], "finding", finding["id"]),
                      data={**COVERED, "priority": "no"}).status_code == 302
    stored = db.session.scalars(db.select(ForumAnswer).filter_by(target_kind="finding")).one()
    assert stored.priority is None  # not asked of a finding: nothing stored for it

    # the atelier's projector shows them with their answer counts
    board = colleague.get(f"/sessions/{atelier.session_id}/projector").text
    assert "2 réponses" in _board_row(board, "vision", vision["id"])
    assert "Proposition" in _board_row(board, "proposal", proposal["id"])

    # the rapporteur judges both
    page = html.unescape(rapporteur.get(f"/sessions/{atelier.session_id}/forum").text)
    assert VISION in page and proposal["text"] in page
    response = rapporteur.post(_verdict_url(atelier, "vision", vision["id"]), data={"verdict": "amended"})
    assert response.status_code == 400 and "formulation amendée" in html.unescape(response.text)
    assert rapporteur.post(_verdict_url(atelier, "vision", vision["id"]), data={
        "verdict": "amended", "amended": "En 2031, chaque CPAS garantit un temps d'accompagnement."
    }).status_code == 302
    assert rapporteur.post(_verdict_url(atelier, "proposal", proposal["id"]),
                           data={"verdict": "validated"}).status_code == 302

    # what is missing in the whole synthesis: a participant's text, and the atelier's
    assert phone.post(f"/p/{tokens[0]}/forum/gap", data={"gap": "Un axe sur le logement"}).status_code == 302
    questions = html.unescape(phone.get(f"/p/{tokens[0]}/forum/questions").text)
    assert "Un axe sur le logement" in questions.split('id="forum-gap"')[1]
    page = html.unescape(rapporteur.get(f"/sessions/{atelier.session_id}/forum").text)
    assert "Un axe sur le logement" in page.split('id="atelier-gap"')[1]
    assert rapporteur.post(f"/sessions/{atelier.session_id}/forum/gap",
                           data={"gap": "La parole des usagers"}).status_code == 302
    assert phone.post(f"/sessions/{atelier.session_id}/forum/gap", data={"gap": "x"}).status_code != 200
    gaps = html.unescape(colleague.get(f"/forums/{forum.id}").text).split('id="forum-gaps"')[1]
    assert "La parole des usagers" in gaps and "Un axe sur le logement" in gaps

    # the plenary and the coordinator's overview (open to every researcher of the project)
    plenary = html.unescape(colleague.get(f"/forums/{forum.id}/plenary/live").text)
    assert VISION in plenary and "Vision" in plenary and "Amendé" in plenary
    for researcher in (client, colleague):
        overview = researcher.get(f"/forums/{forum.id}")
        assert overview.status_code == 200 and "2/" in overview.text

    # the report: the vision amended, the proposal with its priority tally
    review = colleague.get(f"/forums/{forum.id}/review").text
    colleague.post(f"/forums/{forum.id}/review", data={name: "keep" for name in review_values(review)})
    exports = _exports(colleague, forum)
    for fmt in ("md", "docx", "print"):
        text = exports[fmt]
        assert f"Vision : {VISION}" in text and f"Proposition : {proposal['text']}" in text, fmt
        assert "garantit un temps d'accompagnement" in text, fmt
        assert "Vise-t-elle ce qui doit le plus changer ? Oui 1 · en partie 1 · non 0." in text, fmt
        missing = text.split("Ce qui manque dans l'ensemble de la synthèse")[1]
        assert "Selon l'atelier : La parole des usagers" in missing, fmt
        assert "Un axe sur le logement" in missing, fmt
    data = json.loads(exports["json"])
    [reported] = [v for axis in data["axes"] for v in axis["visions"]]
    assert reported["verdicts"][0]["verdict"] == "amended" and reported["answers"] == 2
    reported = next(p for axis in data["axes"] for p in axis["proposals"] if p["id"] == proposal["id"])
    assert reported["priority"] == {"yes": 1, "partly": 1, "no": 0}


def test_the_steering_committee_reads_the_report_and_nothing_else(app, staff):
    client, colleague, _rapporteurs, project, forum = _team_forum(app)
    review = colleague.get(f"/forums/{forum.id}/review").text
    colleague.post(f"/forums/{forum.id}/review", data={name: "keep" for name in review_values(review)})
    committee = login(app.test_client(), "comite")
    for fmt in ("", ".md", ".json"):
        assert committee.get(f"/forums/{forum.id}/report{fmt}").status_code == 200, fmt
    for url in (f"/forums/{forum.id}", f"/forums/{forum.id}/plenary", f"/forums/{forum.id}/review"):
        assert committee.get(url).status_code == 403, url
    assert committee.post(f"/forums/{forum.id}/conclusions", data={"conclusions": "x"}).status_code == 403
    assert db.session.get(Forum, forum.id).conclusions == ""
    # someone outside the project reads nothing
    outsider = login(app.test_client(), "outsider")
    assert outsider.get(f"/forums/{forum.id}/report.md").status_code == 403
    # a researcher of the project has the creator's rights
    response = client.post(f"/forums/{forum.id}/conclusions", data={"conclusions": "Suite en juin."})
    assert response.status_code == 303
    assert db.session.get(Forum, forum.id).conclusions == "Suite en juin."


def _statement(document, statement_id):
    return next(s for axis in document["axes"] for s in axis["statements"] if s["id"] == statement_id)


def test_the_validated_synthesis_is_a_new_version_traced_to_the_ateliers(app, staff):
    client, colleague, rapporteurs, project, forum = _team_forum(app, ateliers=2)
    first, second = forum.ateliers
    findings = [item for axis in forum.material["axes"] for item in axis["findings"]]
    amended, rejected, proposal = findings[0], findings[1], _item(forum, "proposal")
    judged = (
        (rapporteurs[0], first, "finding", amended,
         {"verdict": "amended", "amended": "Le temps manque partout."}),
        (rapporteurs[1], second, "finding", amended, {"verdict": "validated"}),
        (rapporteurs[0], first, "finding", rejected, {"verdict": "invalidated"}),
        (rapporteurs[1], second, "finding", rejected, {"verdict": "invalidated"}),
        (rapporteurs[0], first, "proposal", proposal, {"verdict": "validated"}),
        (rapporteurs[1], second, "proposal", proposal, {"verdict": "invalidated"}),
    )
    for rapporteur, atelier, kind, item, verdict in judged:
        assert rapporteur.post(_verdict_url(atelier, kind, item["id"]), data=verdict).status_code == 302
    rapporteurs[1].post(f"/sessions/{second.session_id}/forum/gap", data={"gap": "Le logement"})
    # only the team produces it
    assert rapporteurs[0].post(f"/forums/{forum.id}/validated").status_code == 403
    review = colleague.get(f"/forums/{forum.id}/review").text
    colleague.post(f"/forums/{forum.id}/review", data={name: "keep" for name in review_values(review)})
    response = colleague.post(f"/forums/{forum.id}/validated")
    assert response.status_code == 303
    validated = db.session.scalars(db.select(TransversalVersion).filter_by(project_id=project.id)
                                   .order_by(TransversalVersion.number.desc())).first()
    assert validated.number == forum.material["version"] + 1
    assert response.headers["Location"].endswith(f"/transversal/versions/{validated.number}")

    # each change traced to the ateliers that made it
    document = validated.document
    changed = _statement(document, amended["id"])
    assert changed["text"] == "Le temps manque partout." and changed["trace"]["status"] == "amended"
    assert [(v["atelier"], v["verdict"]) for v in changed["trace"]["verdicts"]] == [
        ("Atelier 1", "amended"), ("Atelier 2", "validated")]
    assert _statement(document, rejected["id"])["withdrawn"]
    assert _statement(document, proposal["id"])["trace"]["status"] == "contested"
    base = f"/projects/{project.id}/transversal/versions/{validated.number}"
    page = html.unescape(colleague.get(base).text)
    assert f"Amendé par Atelier 1. Formulation soumise au forum : {amended['text']}" in page
    assert "Validé par Atelier 2." in page and "Invalidé par Atelier 1, Atelier 2 : retiré." in page
    assert "Contesté : validé par Atelier 1, invalidé par Atelier 2." in page
    assert "Manque selon Atelier 2 : Le logement" in page
    # exported as the forum note is, and listed on the team's synthesis page
    markdown = colleague.get(f"{base}/note.md").text
    assert "Le temps manque partout." in markdown and f"[Retiré] {rejected['text']}" in markdown
    synthesis = html.unescape(client.get(f"/projects/{project.id}/transversal").text)
    assert f"Synthèse validée : version {validated.number}" in synthesis
    # the version the forum judged is unchanged
    judged_version = db.session.scalar(db.select(TransversalVersion).filter_by(
        project_id=project.id, number=forum.material["version"]))
    assert _statement(judged_version.document, amended["id"])["text"] == amended["text"]


def test_ateliers_amending_alike_count_once_and_a_different_wording_stays_in_the_trace(app):
    statement = {"id": "s1", "text": "Avant.", "sources": []}
    base = {"project": {"title": "P"},
            "axes": [{"id": "a1", "title": "Temps", "kind": "diagnosis", "statements": [statement]}]}
    wordings = (("Atelier 1", "Après."), ("Atelier 2", " après. "), ("Atelier 3", "Autre."))
    verdicts = [{"atelier": name, "verdict": "amended", "amended": text, "gaps": ""}
                for name, text in wordings]
    data = {"date": "2026-12-04", "missing": [], "axes": [
        {"id": "a1", "verdicts": [], "findings": [{"id": "s1", "verdicts": verdicts}]}]}
    with app.test_request_context():
        document = validated_document(base, data, "Forum")
    statement = document["axes"][0]["statements"][0]
    assert statement["text"] == "Après."
    assert statement["notes"][:2] == [
        "Amendé par Atelier 1, Atelier 2. Formulation soumise au forum : Avant.",
        "Autre formulation proposée par Atelier 3 : Autre."]
    assert base["axes"][0]["statements"][0]["text"] == "Avant."  # the judged version untouched
