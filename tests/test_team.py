"""A project's team (researchers with equal rights) and its steering committee (read only, comments
the team answers): every route checks the role."""

import io
import zipfile
from html import unescape

from conftest import decide_everything, login
from test_projects import _run_day_one, make_group, make_project, new_group_session

from workshop.core.extensions import db
from workshop.research.models import ProjectComment, ProjectMember


def _add(client, project, username, role):
    return client.post(f"/projects/{project.id}/team", data={"username": username, "role": role})


def test_two_researchers_share_the_project_with_equal_rights(app, staff):
    first = login(app.test_client(), "facilitator")
    project = make_project(first, themes=1)
    assert [(m.user.username, m.role) for m in project.members] == [("facilitator", "researcher")]
    assert _add(first, project, "researcher", "researcher").status_code == 302
    second = login(app.test_client(), "researcher")
    # the colleague does everything the creator does: groups, sessions, the team itself
    group = make_group(second, project)
    assert second.get(f"/projects/{project.id}").status_code == 200
    assert "Accompagnement social en CPAS" in second.get("/projects/").text
    assert _add(second, project, "observer", "committee").status_code == 302
    session = new_group_session(second, project, group, "Jour 1")
    assert session.group_id == group.id
    for url in (f"/projects/{project.id}/report", f"/projects/{project.id}/composition",
                f"/projects/{project.id}/synthesis", f"/projects/{project.id}/team"):
        assert second.get(url).status_code == 200, url
    # bad input stays on the form with its message, and nothing is stored
    response = _add(second, project, "nobody", "researcher")
    assert response.status_code == 404 and 'value="nobody"' in response.text
    assert "Aucun compte ne porte cet identifiant." in unescape(response.text)
    assert _add(second, project, "facilitator", "committee").status_code == 409
    assert _add(second, project, "rapporteur", "owner").status_code == 400
    assert len(db.session.scalars(db.select(ProjectMember).filter_by(project_id=project.id)).all()) == 3
    # the creator can be removed by a colleague; the last researcher cannot
    creator = next(m for m in project.members if m.user.username == "facilitator")
    assert second.post(f"/projects/{project.id}/team/{creator.id}/remove").status_code == 302
    assert first.get(f"/projects/{project.id}").status_code == 403
    me = db.session.scalars(db.select(ProjectMember).filter_by(project_id=project.id,
                                                               role="researcher")).one()
    assert second.post(f"/projects/{project.id}/team/{me.id}/remove").status_code == 409


def test_the_committee_reads_reports_and_syntheses_and_comments_the_team_answers(app, staff):
    team = login(app.test_client(), "facilitator")
    project = make_project(team, themes=1)
    group = make_group(team, project)
    day1 = new_group_session(team, project, group, "Jour 1")
    team.post(f"/sessions/{day1.id}/team", data={"username": "rapporteur", "role": "rapporteur"})
    _run_day_one(app, team, day1)
    team.post(f"/sessions/{day1.id}/status", data={"status": "closed"})
    _add(team, project, "observer", "committee")
    committee = login(app.test_client(), "observer")

    # read only: the committee's page, the reports bundle, the syntheses
    index = committee.get("/projects/").text
    assert f"/projects/{project.id}/committee" in index
    page = unescape(committee.get(f"/projects/{project.id}/committee").text)
    assert "Télécharger les rapports anonymisés" in page and "Répondre" not in page
    rapporteur = login(app.test_client(), "rapporteur")
    decide_everything(rapporteur, day1.id)
    bundle = committee.get(f"/projects/{project.id}/reports.zip")
    assert bundle.status_code == 200 and bundle.mimetype == "application/zip"
    files = zipfile.ZipFile(io.BytesIO(bundle.data))
    names = files.namelist()
    assert "index.md" in names and "01-groupe-a/jour-1.docx" in names
    report = files.read("01-groupe-a/jour-1.md").decode()
    assert "Protéger un temps d'accompagnement" in report
    for pseudonym in ("Alix", "Bo", "Cyd", "Dani"):
        assert pseudonym not in report
    synthesis = committee.get(f"/projects/{project.id}/synthesis")
    assert synthesis.status_code == 200 and "Soumettre" not in unescape(synthesis.text)
    assert committee.get(f"/projects/{project.id}/synthesis.md").status_code == 200
    # nothing else: the project's page, registrations, groups, the team, sessions
    for url in (f"/projects/{project.id}", f"/projects/{project.id}/composition",
                f"/projects/{project.id}/report", f"/projects/{project.id}/groups/{group.id}",
                f"/projects/{project.id}/team", f"/projects/{project.id}/composition.csv"):
        assert committee.get(url).status_code == 403, url
    assert committee.get(f"/sessions/{day1.id}/synthesis").status_code == 403
    assert _add(committee, project, "outsider", "committee").status_code == 403
    assert committee.post(f"/projects/{project.id}/themes", data={"theme-title": "X"}).status_code == 403

    # a comment, kept with what was typed when refused; the team answers it
    assert committee.post(f"/projects/{project.id}/comments", data={"text": ""}).status_code == 400
    long = "x" * 5001
    response = committee.post(f"/projects/{project.id}/comments", data={"text": long})
    assert response.status_code == 400 and long in response.text
    assert committee.post(f"/projects/{project.id}/comments", data={
        "text": "Les propositions tiennent-elles compte des petits CPAS ?"}).status_code == 302
    question = db.session.scalars(db.select(ProjectComment)).one()
    assert team.post(f"/projects/{project.id}/comments", data={"text": "x"}).status_code == 403
    assert committee.post(f"/projects/{project.id}/comments/{question.id}/answer",
                          data={"text": "x"}).status_code == 403
    assert team.post(f"/projects/{project.id}/comments/{question.id}/answer", data={
        "text": "Oui : deux groupes comptaient des petits CPAS."}).status_code == 302
    page = unescape(committee.get(f"/projects/{project.id}/committee").text)
    assert "petits CPAS ?" in page and "Réponse de l'équipe" in page and "deux groupes" in page

    # someone outside the project sees nothing of it
    outsider = login(app.test_client(), "outsider")
    for url in (f"/projects/{project.id}/committee", f"/projects/{project.id}/reports.zip",
                f"/projects/{project.id}/synthesis"):
        assert outsider.get(url).status_code == 403, url
    assert outsider.post(f"/projects/{project.id}/comments", data={"text": "x"}).status_code == 403
    assert app.test_client().get(f"/projects/{project.id}/committee").status_code == 302
