"""The project's report page: evaluations per group and for the project, and the profile table."""

from flask import Blueprint, render_template, request
from flask_login import login_required

from ...sessions.methods import get_method
from ..access import own_project
from ..registration import registrations_of
from ..reports import DIMENSIONS, THRESHOLD, evaluation_answers, evaluation_summary, label, profile_table

bp = Blueprint("project_reports", __name__)


@bp.get("/projects/<int:project_id>/report")
@login_required
def page(project_id: int):
    project = own_project(project_id)
    row = request.args.get("row", "service")
    column = request.args.get("column", "seniority")
    if row not in DIMENSIONS:
        row = "service"
    if column not in DIMENSIONS or column == row:
        column = "seniority" if row != "seniority" else "hierarchy"
    questions = get_method("recherche-action").questions
    per_group = [(group, evaluation_summary(evaluation_answers([s.id for s in group.sessions]), questions))
                 for group in project.groups]
    every_session = [s.id for g in project.groups for s in g.sessions]
    overall = evaluation_summary(evaluation_answers(every_session), questions)
    records = [{name: getattr(r, name) for name in DIMENSIONS} for r in registrations_of(project)]
    return render_template("research/projects/report.html", project=project, per_group=per_group,
                           overall=overall, table=profile_table(records, row, column), row=row,
                           column=column, dimensions=DIMENSIONS, label=label, threshold=THRESHOLD)
