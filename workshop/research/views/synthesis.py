"""The cross-group synthesis of a project, read and exported by its team and its steering
committee."""

import json

from flask import Blueprint, Response, render_template
from flask_babel import gettext as _
from flask_login import login_required

from ...core.errors import ActionError
from ..access import followed_project
from ..synthesis import class_labels, counts_line, project_synthesis, render_docx, render_markdown

bp = Blueprint("project_synthesis", __name__)


@bp.get("/projects/<int:project_id>/synthesis")
@login_required
def page(project_id: int):
    project = followed_project(project_id)
    return render_template("research/projects/synthesis.html", project=project,
                           synthesis=project_synthesis(project), labels=class_labels(),
                           counts_line=counts_line)


@bp.get("/projects/<int:project_id>/synthesis.<fmt>")
@login_required
def export(project_id: int, fmt: str):
    project = followed_project(project_id)
    if fmt not in ("md", "docx", "json"):
        raise ActionError(_("Format d'export inconnu."), 404)
    synthesis = project_synthesis(project)
    name = f"synthese-projet-{project.id}"
    if fmt == "md":
        body, mimetype = render_markdown(synthesis), "text/markdown; charset=utf-8"
    elif fmt == "docx":
        body = render_docx(synthesis)
        mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        body = json.dumps(synthesis, ensure_ascii=False, indent=2) + "\n"
        mimetype = "application/json"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename={name}.{fmt}"})
