"""Evaluation aggregates per group and project; a profile table that never identifies a person."""

import random
from html import unescape

from conftest import go_to, join, login
from test_projects import make_group, make_project, new_group_session
from test_registration import form_data

from workshop.core.extensions import db
from workshop.research.models import Project
from workshop.research.reports import MERGED, profile_table


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


def test_report_page_aggregates_evaluations_per_group_and_project(app, staff):
    coordinator = login(app.test_client(), "facilitator")
    project = make_project(coordinator, themes=3)
    groups = [make_group(coordinator, project, 0, "Groupe A"),
              make_group(coordinator, project, 1, "Groupe B")]
    for group, people, score in ((groups[0], ("Alix", "Bo", "Cyd", "Dani"), "4"),
                                 (groups[1], ("Eli", "Fé"), "2")):
        session = new_group_session(coordinator, project, group, f"{group.name} jour 1")
        coordinator.post(f"/sessions/{session.id}/status", data={"status": "live"})
        browsers = [join(app, session, name) for name in people]
        go_to(coordinator, session, 4)
        for browser, url in browsers:
            response = browser.post(f"{url}/evaluation", data={"step": 4, "q_method": score,
                                                                "q_comment": "Très utile"})
            assert response.status_code == 200
    coordinator.post(f"/projects/{project.id}/registration", data={"open": "1"})
    project = db.session.get(Project, project.id)
    rng = random.Random(5)
    public = app.test_client()
    for number in range(12):
        public.post(f"/register/{project.registration_token}", data=form_data(project, number, rng))

    page = unescape(coordinator.get(f"/projects/{project.id}/report").text)
    overall, group_a, group_b = page.split("<table>")[1:4]
    # 6 answers overall (mean (4*4 + 2*2) / 6), 4 in group A, only 2 in group B: mean hidden
    assert "3.33" in overall and "4.00" in group_a
    assert "2.00" not in group_b and "<td>2</td>" in group_b
    assert "Profils des inscrit·es" in page and "<td>12</td>" in page
    other = login(app.test_client(), "outsider")
    assert other.get(f"/projects/{project.id}/report").status_code == 403
