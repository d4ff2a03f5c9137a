"""The project's report page: the true figures (registrants, and who attended each day),
evaluations per day, per group and for the project, and the profile table of the people who came."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from ...sessions.methods import get_method
from ..access import own_project
from ..attendance import days_of, max_days, project_attendees
from ..registration import registrations_of
from ..reports import DIMENSIONS, THRESHOLD, evaluation_answers, evaluation_summary, label, profile_table

bp = Blueprint("project_reports", __name__)


def _populations(project) -> dict:
    """Whom the profile table may describe: the people who came (all days, or one day), or the
    registrants."""
    out = {"present": _("Personnes présentes (au moins un jour)")}
    for day in range(1, max_days(project) + 1):
        out[f"day{day}"] = _("Présent·es au jour %(day)d", day=day)
    out["registered"] = _("Inscrit·es")
    return out


def _records(project, population: str) -> list[dict]:
    if population == "registered":
        people = registrations_of(project)
    else:
        day = int(population[3:]) if population.startswith("day") else None
        people = project_attendees(project, day)
    return [{name: getattr(person, name) for name in DIMENSIONS} for person in people]


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
    populations = _populations(project)
    population = request.args.get("population", "present")
    if population not in populations:
        population = "present"
    questions = get_method("recherche-action").questions
    per_group, every_answer = [], []
    for group in project.groups:
        days = []
        for day in days_of(group):
            answers = evaluation_answers([day.session.id], {p.id for p in day.attendees})
            every_answer.extend(answers)
            days.append((day, evaluation_summary(answers, questions)))
        per_group.append((group, days))
    registrants = registrations_of(project)
    figures = {"registered": len(registrants), "confirmed": sum(r.confirmed for r in registrants),
               "present": len(project_attendees(project))}
    return render_template("research/projects/report.html", project=project, per_group=per_group,
                           overall=evaluation_summary(every_answer, questions), figures=figures,
                           table=profile_table(_records(project, population), row, column),
                           row=row, column=column, dimensions=DIMENSIONS, label=label,
                           threshold=THRESHOLD, populations=populations, population=population)
