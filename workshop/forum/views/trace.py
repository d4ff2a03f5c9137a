"""Where the groups' words went: the traceability page of a project, and under each statement of
the team's synthesis, what the forum and the work areas made of it."""

from flask import g, render_template
from flask_login import current_user, login_required

from ...core.slots import add_to_slot
from ...research.access import followed_project
from ...research.note import kind_labels, source_line
from ..trace import item_uses, statement_uses
from .followup import bp


@bp.get("/projects/<int:project_id>/trace")
@login_required
def trace(project_id: int):
    """Every item of the groups the synthesis or a work area cites, by group and session, and where
    it went: statements, verdicts, validated synthesis, work areas."""
    project = followed_project(project_id)
    return render_template("forum/trace.html", project=project, entries=item_uses(project),
                           kinds=kind_labels(), source_line=source_line)


def _statement_trace(project, statement_id: str, **_context) -> str | None:
    """Under a statement of the team's synthesis: its verdicts, its fate in the validated
    synthesis and the work areas that answer it (the page's uses, computed once)."""
    if project.role_of(current_user) not in ("researcher", "committee"):
        return None
    cache = g.setdefault("statement_uses", {})
    if project.id not in cache:
        cache[project.id] = statement_uses(project)
    uses = cache[project.id].get(statement_id)
    if not uses:
        return None
    return render_template("forum/_statement_trace.html", project=project, uses=uses, sid=statement_id)


add_to_slot("transversal_statement", _statement_trace)
