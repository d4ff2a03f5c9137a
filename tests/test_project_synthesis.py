"""Cross-group synthesis of a project: transversal axes, sources kept, exports."""

import io
import json

from conftest import login
from docx import Document
from test_projects import FINDINGS, _run_day_one, make_group, make_project, new_group_session

from workshop.core.extensions import db
from workshop.research.models import Project


def _two_groups_after_day_one(app):
    client = login(app.test_client(), "facilitator")
    project = make_project(client, themes=2)
    groups = [make_group(client, project, 0, "Groupe A"), make_group(client, project, 1, "Groupe B")]
    sessions = []
    for group in groups:
        session = new_group_session(client, project, group, f"{group.name} jour 1")
        _run_day_one(app, client, session)
        client.post(f"/sessions/{session.id}/status", data={"status": "closed"})
        sessions.append(session)
    return client, db.session.get(Project, project.id), groups, sessions


def test_findings_and_proposals_of_all_groups_in_axes_with_their_sources(app, staff):
    client, project, groups, sessions = _two_groups_after_day_one(app)
    response = client.get(f"/projects/{project.id}/synthesis.json")
    assert response.status_code == 200
    synthesis = json.loads(response.text)
    items = [item for axis in synthesis["axes"] for item in axis["findings"] + axis["proposals"]]
    assert synthesis["counts"] == {"findings": 4, "proposals": 4, "groups": 2}
    assert len(items) == 8 and len({item["id"] for item in items}) == 8
    assert {(item["group"], item["session"]) for item in items} == {
        ("Groupe A", "Groupe A jour 1"), ("Groupe B", "Groupe B jour 1")}
    # sources by stable ids, which mean something outside this database; never a row id
    assert {(item["group_uid"], item["session_uid"]) for item in items} == {
        (group.uid, session.uid) for group, session in zip(groups, sessions, strict=True)}
    assert not any({"group_id", "session_id"} & item.keys() for item in items)
    assert all(item["id"].startswith(item["session_uid"] + "-c") for item in items)
    agreed = [item for item in items if item["text"] == FINDINGS[0]]
    assert {item["class"] for item in agreed} == {"convergence"}
    assert {item["group"] for item in agreed} == {"Groupe A", "Groupe B"}
    divided = [item for item in items if item["text"] == FINDINGS[1]]
    assert {item["class"] for item in divided} == {"divergence"}
    # the same finding in both groups lands in one axis; the one that divides them is contested
    axis_of = {item["id"]: axis for axis in synthesis["axes"]
               for item in axis["findings"] + axis["proposals"]}
    assert len({axis_of[item["id"]]["id"] for item in agreed}) == 1
    assert all(axis_of[item["id"]]["status"] == "contested" for item in divided)
    proposal = next(item for item in items if item["kind"] == "proposal" and item["actor"])
    assert (proposal["level"], proposal["actor"], proposal["dots"]) == ("organisation",
                                                                        "Direction du CPAS", 4)

    markdown = client.get(f"/projects/{project.id}/synthesis.md").text
    assert markdown.startswith("# Synthèse transversale : Accompagnement social en CPAS")
    assert "## Axe 1" in markdown and "(Groupe B — Groupe B jour 1" in markdown
    assert "qui agit : Direction du CPAS" in markdown
    document = Document(io.BytesIO(client.get(f"/projects/{project.id}/synthesis.docx").data))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert FINDINGS[0] in text and "Groupe A — Groupe A jour 1" in text
    assert "Groupe A jour 1" in client.get(f"/projects/{project.id}/synthesis").text
    assert client.get(f"/projects/{project.id}/synthesis.pdf").status_code == 404
    other = login(app.test_client(), "outsider")
    assert other.get(f"/projects/{project.id}/synthesis.json").status_code == 403


def test_an_item_carried_into_day_two_is_represented_by_its_latest_version(app, staff):
    client, project, groups, sessions = _two_groups_after_day_one(app)
    new_group_session(client, project, groups[0], "Groupe A jour 2")
    synthesis = json.loads(client.get(f"/projects/{project.id}/synthesis.json").text)
    items = [item for axis in synthesis["axes"] for item in axis["findings"] + axis["proposals"]]
    group_a = {(item["session"], item["text"]) for item in items if item["group"] == "Groupe A"}
    assert ("Groupe A jour 2", FINDINGS[0]) in group_a
    assert not any(session == "Groupe A jour 1" for session, _text in group_a)
    assert synthesis["counts"]["findings"] == 4
