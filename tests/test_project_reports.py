"""Evaluation aggregates per group and project; a profile table that never identifies a person."""

import random
import re
from html import unescape

from conftest import go_to, join, login
from test_projects import make_group, make_project, new_group_session
from test_registration import form_data

from workshop.core.extensions import db
from workshop.research.models import Project
from workshop.research.reports import MERGED, profile_table
from workshop.sessions.models import Participant


def record(service, seniority):
    return {"service": service, "seniority": seniority}


def test_small_cells_are_hidden_and_cannot_be_recomputed_from_totals():
    records = ([record("ssg", "lt2")] * 5 + [record("ssg", "gt5")] * 2 + [record("isp", "lt2")] * 4
               + [record("isp", "gt5")] * 6 + [record("ssg", "2to5")] * 3 + [record("isp", "2to5")] * 3)
    table = profile_table(records, "service", "seniority")
    cells = table["cells"]
    assert cells[("ssg", "gt5")] is None  # 2 people: hidden
    # with one hidden cell the row total would give it away: another cell of the row is hidden
    for line in ([(r, c) for c in table["columns"]] for r in table["rows"]):
        assert sum(cells[key] is None for key in line) != 1
    for line in ([(r, c) for r in table["rows"]] for c in table["columns"]):
        assert sum(cells[key] is None for key in line) != 1
    assert table["total"] == 23 and table["row_totals"]["ssg"] == 10
    assert all(n is None or n == 0 or n >= 3 for n in cells.values())


def test_small_categories_are_merged_and_a_single_person_never_shows():
    records = [record("ssg", "lt2")] * 4 + [record("isp", "lt2")] * 4 + [record("other", "gt5")]
    table = profile_table(records, "service", "seniority")
    assert "other" not in table["rows"] and "gt5" not in table["columns"]
    assert MERGED in table["rows"] and MERGED in table["columns"]
    assert table["row_totals"][MERGED] is None and table["column_totals"][MERGED] is None
    assert table["cells"][(MERGED, MERGED)] is None
    assert profile_table(records[:2], "service", "seniority")["total"] is None


def test_report_counts_the_people_who_attended_each_day_and_registrants_apart(app, staff):
    coordinator = login(app.test_client(), "facilitator")
    project = make_project(coordinator, themes=3)
    groups = [make_group(coordinator, project, 0, "Groupe A"),
              make_group(coordinator, project, 1, "Groupe B")]
    sessions = []
    for group, people, score in ((groups[0], ("Alix", "Bo", "Cyd", "Dani", "Eve"), "4"),
                                 (groups[1], ("Eli", "Fé"), "2")):
        session = new_group_session(coordinator, project, group, f"{group.name} jour 1")
        sessions.append(session)
        coordinator.post(f"/sessions/{session.id}/status", data={"status": "live"})
        browsers = [join(app, session, name, service="ssg", seniority="lt2") for name in people]
        go_to(coordinator, session, 5)
        for browser, url in browsers[:4]:  # Eve joined but wrote nothing
            response = browser.post(f"{url}/evaluation", data={"step": 5, "q_method": score,
                                                                "q_comment": "Très utile"})
            assert response.status_code == 200
    # in group A, staff take attendance: Dani was marked absent (her answer does not count)
    people_a = db.session.scalars(db.select(Participant).filter_by(session_id=sessions[0].id)
                                  .order_by(Participant.id)).all()
    coordinator.post(f"/projects/{project.id}/groups/{groups[0].id}/sessions/{sessions[0].id}/attendance",
                     data={"present": [str(p.id) for p in people_a if p.pseudonym != "Dani"]})
    coordinator.post(f"/projects/{project.id}/registration", data={"open": "1"})
    project = db.session.get(Project, project.id)
    rng = random.Random(5)
    public = app.test_client()
    for number in range(12):
        public.post(f"/register/{project.registration_token}", data=form_data(project, number, rng))

    page = unescape(coordinator.get(f"/projects/{project.id}/report").text)
    participation, overall, group_a, group_b = page.split("<table>")[1:5]
    # group A: Alix, Bo, Cyd, Eve marked present; group B: Eli and Fé took part (no attendance taken)
    assert re.search(r"Groupe A</td><td>Jour 1.*?<td>5</td><td>4</td>", participation, re.S)
    assert re.search(r"Groupe B</td><td>Jour 1.*?<td>2</td><td>2</td>", participation, re.S)
    assert "Inscrit·es : <strong>12</strong>" in page and "au moins un jour : <strong>6</strong>" in page
    # 5 answers from attendees (mean (3*4 + 2*2) / 5); Dani's answer is not counted
    assert "3.20" in overall and "<td>5</td>" in overall
    assert "Groupe A — jour 1 (4 présent·es)" in page and "4.00" in group_a and "<td>3</td>" in group_a
    assert "2.00" not in group_b and "<td>2</td>" in group_b
    # the profile table describes the six people who came; the registrants on demand
    table = page.split('class="profile-table"')[1]
    assert "Personnes présentes (au moins un jour)" in page
    assert re.search(r"<tfoot>.*<td>6</td></tr></tfoot>", table, re.S)
    registered = unescape(coordinator.get(f"/projects/{project.id}/report?population=registered").text)
    assert re.search(r"<tfoot>.*<td>12</td></tr></tfoot>", registered.split('class="profile-table"')[1], re.S)
    day1 = unescape(coordinator.get(f"/projects/{project.id}/report?population=day1").text)
    assert "Présent·es au jour 1" in day1
    other = login(app.test_client(), "outsider")
    assert other.get(f"/projects/{project.id}/report").status_code == 403


def test_the_same_person_on_two_days_counts_once_and_small_cells_stay_hidden(app, staff):
    coordinator = login(app.test_client(), "facilitator")
    project = make_project(coordinator, themes=1)
    group = make_group(coordinator, project)
    day1 = new_group_session(coordinator, project, group, "Jour 1")
    coordinator.post(f"/sessions/{day1.id}/status", data={"status": "live"})
    for name, service in (("Alix", "ssg"), ("Bo", "ssg"), ("Cyd", "ssg"), ("Dani", "isp")):
        join(app, day1, name, service=service, seniority="lt2")
    everyone = db.session.scalars(db.select(Participant).filter_by(session_id=day1.id)).all()
    coordinator.post(f"/projects/{project.id}/groups/{group.id}/sessions/{day1.id}/attendance",
                     data={"present": [str(p.id) for p in everyone]})
    coordinator.post(f"/sessions/{day1.id}/status", data={"status": "closed"})
    day2 = new_group_session(coordinator, project, group, "Jour 2")
    again = db.session.scalars(db.select(Participant).filter_by(session_id=day2.id)).all()
    coordinator.post(f"/projects/{project.id}/groups/{group.id}/sessions/{day2.id}/attendance",
                     data={"present": [str(p.id) for p in again if p.pseudonym != "Bo"]})
    page = unescape(coordinator.get(f"/projects/{project.id}/report?row=service&column=seniority").text)
    assert "au moins un jour : <strong>4</strong>" in page
    table = page.split('class="profile-table"')[1]
    assert re.search(r"<tfoot>.*<td>4</td></tr></tfoot>", table, re.S)
    assert "<td>1</td>" not in table  # Dani, alone in her service, is merged and hidden
    day2_page = unescape(coordinator.get(f"/projects/{project.id}/report?population=day2").text)
    assert re.search(r"<tfoot>.*<td>3</td></tr></tfoot>", day2_page.split('class="profile-table"')[1], re.S)
