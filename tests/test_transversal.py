"""The team's transversal synthesis: two researchers start from the automatic grouping, write
axes and statements linked to the groups' items, merge and split, keep versions, and export the
forum note through the disclosure policy; the committee reads it; the forum can import it."""

import io
import re
from html import unescape

from conftest import login
from docx import Document
from test_project_synthesis import _two_groups_after_day_one
from test_projects import FINDINGS, new_group_session

from workshop.core.extensions import db
from workshop.forum.material import check_material
from workshop.research.models import TransversalAxis, TransversalStatement, TransversalVersion
from workshop.research.transversal import document, forum_material, pool


def _axes(project):
    return db.session.scalars(db.select(TransversalAxis).filter_by(project_id=project.id)
                              .order_by(TransversalAxis.position, TransversalAxis.id)).all()


def test_two_researchers_write_the_forum_note_from_the_automatic_draft(app, staff):
    first, project, groups, sessions = _two_groups_after_day_one(app)
    first.post(f"/projects/{project.id}/team", data={"username": "researcher", "role": "researcher"})
    second = login(app.test_client(), "researcher")
    base = f"/projects/{project.id}/transversal"
    assert "Partir du regroupement automatique" in unescape(first.get(base).text)

    # the automatic grouping is the first draft: findings as diagnosis, proposals as perspectives
    assert first.post(f"{base}/draft").status_code == 302
    axes = _axes(project)
    assert {axis.kind for axis in axes} == {"diagnosis", "perspective"}
    statements = [s for axis in axes for s in axis.statements]
    assert len(statements) == 8 and all(len(s.links) == 1 for s in statements)
    assert first.post(f"{base}/draft").status_code == 409  # only into an empty synthesis

    # the second researcher renames an axis in the team's words; the first, working from the old
    # revision, is told a colleague changed it, and what she typed is kept on the form
    diagnosis = next(axis for axis in axes if axis.kind == "diagnosis")
    revision = diagnosis.revision
    assert second.post(f"{base}/axes/{diagnosis.id}", data={
        "title": "Le temps d'accompagnement", "kind": "diagnosis", "revision": revision}).status_code == 302
    response = first.post(f"{base}/axes/{diagnosis.id}", data={
        "title": "Le temps invisible", "kind": "diagnosis", "revision": revision})
    assert response.status_code == 409 and "collègue" in unescape(response.text)
    assert 'value="Le temps invisible"' in unescape(response.text)
    assert db.session.get(TransversalAxis, diagnosis.id).title == "Le temps d'accompagnement"
    # bad input: a clear message on the same form, nothing stored
    response = first.post(f"{base}/axes", data={"title": "", "kind": "diagnosis"})
    assert response.status_code == 400 and "Donnez un titre" in unescape(response.text)
    assert first.post(f"{base}/axes", data={"title": "Axe", "kind": "opinion"}).status_code == 400
    assert len(_axes(project)) == len(axes)

    # a new axis, a statement written by the team, linked to items of both groups
    response = first.post(f"{base}/axes", data={"title": "Le travail en réseau", "kind": "diagnosis"})
    assert response.status_code == 302
    network = _axes(project)[-1]
    network_id = network.id
    assert first.post(f"{base}/axes/{network.id}/statements", data={
        "text": "Les informations ne passent pas entre les services."}).status_code == 302
    statement = db.session.scalars(db.select(TransversalStatement).filter_by(axis_id=network.id)).one()
    items = pool(project)
    kept = [item["id"] for item in items.values() if item["text"] == FINDINGS[1]]
    assert len(kept) == 2  # the divided finding, in each group
    picker = unescape(second.get(f"{base}/statements/{statement.id}/sources").text)
    assert "Groupe A — Groupe A jour 1" in picker and "Groupe B — Groupe B jour 1" in picker
    assert second.post(f"{base}/statements/{statement.id}/sources",
                       data={"items": kept, "revision": statement.revision}).status_code == 302
    assert second.post(f"{base}/statements/{statement.id}/sources",
                       data={"items": ["nope"], "revision": statement.revision + 1}).status_code == 400
    assert {link.item_id for link in db.session.get(TransversalStatement, statement.id).links} == set(kept)

    # merge the new axis into the renamed one, then split two statements out again
    before = len(db.session.get(TransversalAxis, diagnosis.id).statements)
    assert first.post(f"{base}/axes/{network.id}/merge", data={"into": diagnosis.id}).status_code == 302
    assert db.session.get(TransversalAxis, network_id) is None
    merged = db.session.get(TransversalAxis, diagnosis.id)
    assert len(merged.statements) == before + 1 and merged.statements[-1].id == statement.id
    moving = [str(merged.statements[0].id), str(statement.id)]
    response = first.post(f"{base}/axes/{merged.id}/split", data={"statements": moving, "title": ""})
    assert response.status_code == 400
    assert first.post(f"{base}/axes/{merged.id}/split", data={
        "statements": moving, "title": "Réseau et circulation de l'information"}).status_code == 302
    split = next(axis for axis in _axes(project) if axis.title.startswith("Réseau"))
    assert {str(s.id) for s in split.statements} == set(moving) and split.kind == "diagnosis"
    assert _axes(project).index(split) == _axes(project).index(merged) + 1
    assert first.post(f"{base}/axes/{split.id}/delete").status_code == 409  # not empty

    # a named version, with who and when; later edits leave it as it was
    assert second.post(f"{base}/versions", data={"name": ""}).status_code == 400
    assert second.post(f"{base}/versions", data={"name": "Note pour le comité"}).status_code == 302
    version = db.session.scalars(db.select(TransversalVersion)).one()
    assert (version.number, version.created_by.username) == (1, "researcher")
    first.post(f"{base}/statements/{statement.id}", data={"text": "Réécrit après la version.",
                                                         "revision": db.session.get(
                                                             TransversalStatement, statement.id).revision})
    listing = unescape(first.get(f"{base}/versions").text)
    assert "Note pour le comité" in listing and "Researcher" in listing
    shown = unescape(first.get(f"{base}/versions/1").text)
    assert "Les informations ne passent pas" in shown and "Réécrit après la version." not in shown
    assert "Réécrit après la version." in unescape(first.get(base).text)

    # the forum note: Markdown, DOCX, print, each statement followed by its sources
    markdown = first.get(f"{base}/versions/1/note.md").text
    assert markdown.startswith("# Note pour le forum : Accompagnement social en CPAS")
    assert "## Diagnostic" in markdown and "## Perspectives" in markdown
    assert "Le temps d'accompagnement" in markdown
    assert re.search(r"Les informations ne passent pas.*\n\n- Constat \(Groupe A — Groupe A jour 1", markdown)
    for pseudonym in ("Alix", "Bo ", "Cyd", "Dani"):
        assert pseudonym not in markdown
    docx = Document(io.BytesIO(first.get(f"{base}/note.docx").data))
    assert "Réécrit après la version." in "\n".join(p.text for p in docx.paragraphs)
    assert "Réseau et circulation" in unescape(first.get(f"{base}/note.print").text)
    assert first.get(f"{base}/note.pdf").status_code == 404

    # day 2 carries group A's items: what the statements cite on day 1 stays cited
    new_group_session(first, project, groups[0], "Groupe A jour 2")
    cited = next(s for axis in document(project)["axes"] for s in axis["statements"]
                 if s["id"] == f"s{statement.id}")
    assert {source["id"] for source in cited["sources"]} == set(kept) and not cited["missing_sources"]

    # the forum imports the latest version in its own format
    with app.test_request_context():
        material = check_material(forum_material(project))
    assert {axis["kind"] for axis in material["axes"]} == {"diagnosis", "perspective"}
    assert any(item["text"] == "Les informations ne passent pas entre les services."
               for axis in material["axes"] for item in axis["findings"])


def test_a_name_in_the_teams_text_stops_the_export_and_the_committee_only_reads(app, staff):
    team, project, groups, sessions = _two_groups_after_day_one(app)
    base = f"/projects/{project.id}/transversal"
    team.post(f"{base}/axes", data={"title": "Accueil", "kind": "diagnosis"})
    axis = _axes(project)[0]
    team.post(f"{base}/axes/{axis.id}/statements", data={"text": "Comme le disait Alix, le téléphone sonne."})
    response = team.get(f"{base}/note.md")
    assert response.status_code == 409 and "Alix" in unescape(response.text)
    statement = axis.statements[0]
    team.post(f"{base}/statements/{statement.id}", data={"text": "Le téléphone sonne sans cesse.",
                                                        "revision": statement.revision})
    assert team.get(f"{base}/note.md").status_code == 200
    assert document(project)["axes"][0]["statements"][0]["text"] == "Le téléphone sonne sans cesse."

    team.post(f"/projects/{project.id}/team", data={"username": "observer", "role": "committee"})
    committee = login(app.test_client(), "observer")
    page = unescape(committee.get(base).text)
    assert "Le téléphone sonne sans cesse." in page and "Modifier l'énoncé" not in page
    assert committee.get(f"{base}/note.docx").status_code == 200
    assert committee.get(f"{base}/versions").status_code == 200
    for url, data in ((f"{base}/axes", {"title": "X", "kind": "diagnosis"}), (f"{base}/draft", {}),
                      (f"{base}/axes/{axis.id}/statements", {"text": "X"}),
                      (f"{base}/statements/{statement.id}/delete", {}),
                      (f"{base}/versions", {"name": "X"})):
        assert committee.post(url, data=data).status_code == 403, url
    assert committee.get(f"{base}/statements/{statement.id}/sources").status_code == 403
    outsider = login(app.test_client(), "outsider")
    assert outsider.get(base).status_code == 403 and outsider.get(f"{base}/note.md").status_code == 403
