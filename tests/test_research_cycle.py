"""The whole action-research cycle of issue 4, as a coordinator and participants live it."""

import json
import random

from conftest import go_to, login, submit
from test_projects import FINDINGS, make_group, make_project, new_group_session
from test_registration import form_data

from workshop.core.extensions import db
from workshop.research.models import Project, Registration
from workshop.sessions.models import Contribution, Participant


def test_project_registration_composition_day_one_day_two_and_cross_group_synthesis(app, staff):
    coordinator = login(app.test_client(), "facilitator")
    project = make_project(coordinator, themes=3)
    for index, name in enumerate(("Groupe A", "Groupe B", "Groupe C")):
        make_group(coordinator, project, index, name)
    coordinator.post(f"/projects/{project.id}/registration", data={"open": "1"})
    project = db.session.get(Project, project.id)
    rng, public = random.Random(11), app.test_client()
    for number in range(30):
        assert public.post(f"/register/{project.registration_token}",
                           data=form_data(project, number, rng)).status_code == 200
    coordinator.post(f"/projects/{project.id}/composition")
    coordinator.post(f"/projects/{project.id}/composition/confirm")
    assert db.session.scalar(db.select(db.func.count(Registration.id)).filter_by(confirmed=True)) == 30
    group = project.groups[0]

    # day 1: the group's confirmed members open their personal links
    day1 = new_group_session(coordinator, project, group, "Jour 1")
    coordinator.post(f"/sessions/{day1.id}/status", data={"status": "live"})
    people = db.session.scalars(db.select(Participant).filter_by(session_id=day1.id)
                                .order_by(Participant.id)).all()
    assert len(people) == 10
    browsers = [(app.test_client(), f"/p/{person.token}") for person in people]
    assert submit(*browsers[0], 0, "Les délais de traitement des dossiers s'allongent.").status_code == 200
    coordinator.post(f"/sessions/{day1.id}/votes", data={"open": "1"})
    findings = db.session.scalars(db.select(Contribution).filter_by(session_id=day1.id, kind="finding")
                                  .order_by(Contribution.id)).all()
    for index, (browser, url) in enumerate(browsers):
        for finding in findings:
            value = "agree" if finding.text == FINDINGS[0] or index % 2 else "disagree"
            assert browser.post(f"{url}/votes", data={"kind": "agreement", "contribution": finding.id,
                                                      "value": value}).status_code == 200
    go_to(coordinator, day1, 4)
    assert submit(*browsers[1], 4, "Un référent procédures par antenne", level="organisation",
                  actor="Direction").status_code == 200
    coordinator.post(f"/sessions/{day1.id}/status", data={"status": "closed"})

    # day 2 starts from day 1's synthesis, with the same people
    day2 = new_group_session(coordinator, project, group, "Jour 2")
    carried = db.session.scalars(db.select(Participant).filter_by(session_id=day2.id)).all()
    assert sorted(p.pseudonym for p in carried) == sorted(p.pseudonym for p in people)
    origins = {(c.origin, c.text) for c in db.session.scalars(
        db.select(Contribution).filter_by(session_id=day2.id))}
    assert ("previous", FINDINGS[0]) in origins
    assert ("divergence", FINDINGS[1]) in origins
    assert ("previous", "Un référent procédures par antenne") in origins
    coordinator.post(f"/sessions/{day2.id}/status", data={"status": "live"})
    coordinator.post(f"/sessions/{day2.id}/status", data={"status": "closed"})

    # the cross-group synthesis keeps each item's group and session
    synthesis = json.loads(coordinator.get(f"/projects/{project.id}/synthesis.json").text)
    items = [item for axis in synthesis["axes"] for item in axis["findings"] + axis["proposals"]]
    assert {(item["group"], item["session"]) for item in items} == {("Groupe A", "Jour 2")}
    assert any(item["text"] == "Un référent procédures par antenne" for item in items)
    assert coordinator.get(f"/projects/{project.id}/synthesis.docx").status_code == 200
