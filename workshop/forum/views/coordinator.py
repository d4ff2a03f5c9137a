"""The coordinator's screens: create a forum (from a project or an imported synthesis), choose
each atelier's axes, watch the plenary, download the report."""

import json

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ...core.errors import ActionError, form_int
from ...core.extensions import db
from ...research.access import own_project
from ...research.synthesis import project_synthesis
from ...sessions.live import changed
from ...workspace.redaction import Undecided
from ...workspace.uploads import read_json_upload
from ..access import own_forum, staff_forum
from ..live import programme_changed, render_plenary
from ..material import check_material, create_forum
from ..models import ForumAtelier
from ..report import render_docx, render_markdown
from ..review import reviewed_report
from .blueprint import bp


@bp.post("/projects/<int:project_id>/forums")
@login_required
def create_for_project(project_id: int):
    project = own_project(project_id)
    count = form_int("ateliers")
    material = project_synthesis(project)
    if not any(axis["findings"] for axis in material["axes"]):
        raise ActionError(_("Cette synthèse ne contient aucun constat."), 400)
    forum = create_forum(request.form.get("title", ""), material, current_user, count, project.id)
    db.session.commit()
    return redirect(url_for("forum.page", forum_id=forum.id))


@bp.route("/forums/import", methods=["GET", "POST"])
@login_required
def import_forum():
    if request.method == "GET":
        return render_template("forum/import.html")
    material = check_material(read_json_upload(request.files.get("file")))
    forum = create_forum(request.form.get("title", ""), material, current_user, form_int("ateliers"))
    db.session.commit()
    return redirect(url_for("forum.page", forum_id=forum.id))


@bp.get("/forums/<int:forum_id>")
@login_required
def page(forum_id: int):
    forum = own_forum(forum_id)
    return render_template("forum/forum.html", forum=forum)


@bp.post("/forums/<int:forum_id>/ateliers/<int:atelier_id>/axes")
@login_required
def set_axes(forum_id: int, atelier_id: int):
    forum = own_forum(forum_id)
    atelier = db.session.get(ForumAtelier, atelier_id)
    if atelier is None or atelier.forum_id != forum.id:
        abort(404)
    chosen = request.form.getlist("axis")
    known = {str(axis["id"]) for axis in forum.material["axes"]}
    if not chosen or not set(chosen) <= known:
        raise ActionError(_("Choisissez au moins un axe parmi ceux du forum."), 400)
    atelier.axes = None if set(chosen) == known else sorted(set(chosen))
    db.session.commit()
    programme_changed(atelier)
    changed(atelier.session_id, "forum_programme")  # the atelier's projector shows its new programme
    return redirect(url_for("forum.page", forum_id=forum.id))


@bp.post("/forums/<int:forum_id>/settings")
@login_required
def settings(forum_id: int):
    """Whether one person may join several ateliers (by default: one atelier per person)."""
    forum = own_forum(forum_id)
    forum.several_ateliers = request.form.get("several_ateliers") == "yes"
    db.session.commit()
    return redirect(url_for("forum.page", forum_id=forum.id), 303)


@bp.get("/forums/<int:forum_id>/plenary")
@login_required
def plenary(forum_id: int):
    forum = staff_forum(forum_id)
    return render_template("forum/plenary.html", forum=forum, plenary_html=render_plenary(forum))


@bp.get("/forums/<int:forum_id>/plenary/live")
@login_required
def plenary_live(forum_id: int):
    return render_plenary(staff_forum(forum_id))


@bp.get("/forums/<int:forum_id>/report.<fmt>")
@login_required
def export(forum_id: int, fmt: str):
    forum = staff_forum(forum_id)
    if fmt not in ("md", "docx", "json"):
        raise ActionError(_("Format d'export inconnu."), 404)
    try:
        data, _records = reviewed_report(forum)
    except Undecided as undecided:
        message = ngettext(
            "%(num)d passage qui ressemble à une donnée personnelle n'a pas encore été relu.",
            "%(num)d passages qui ressemblent à des données personnelles n'ont pas encore été relus.",
            undecided.count)
        return render_template("workspace/blocked.html", message=message,
                               review_url=url_for("forum.review", forum_id=forum.id)), 409
    if fmt == "md":
        body, mimetype = render_markdown(data), "text/markdown; charset=utf-8"
    elif fmt == "docx":
        body = render_docx(data)
        mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        mimetype = "application/json"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename=forum-{forum.id}.{fmt}"})
