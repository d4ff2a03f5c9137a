"""The coordinator's screens: create a forum (from a project or an imported synthesis), choose
each atelier's axes, watch the plenary, download the report."""

import json

from flask import Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from ...core.errors import ActionError, form_int
from ...core.extensions import db
from ...core.i18n import current_language
from ...research.access import own_project
from ...research.note import personal_data_in
from ...research.synthesis import project_synthesis
from ...research.transversal import TEAM_SOURCE, forum_material, save_version, versions_of
from ...sessions.live import changed
from ...sessions.models import STAFF_ROLES
from ...sessions.views.staff import ROLE_LABELS
from ...workspace.redaction import Undecided
from ...workspace.uploads import read_json_upload
from ..access import own_forum, report_forum, staff_forum
from ..gaps import forum_gaps
from ..inputs import form_text
from ..live import plenary_moved, programme_changed, render_overview, render_plenary
from ..material import axis_items, check_material, create_forum, targets_of
from ..models import ForumAtelier
from ..plenary import plenary_view, set_focus, set_mode, step_focus, step_page
from ..report import blocks, render_docx, render_markdown
from ..review import reviewed_report
from ..validated import validated_versions
from .blueprint import bp, htmx


@bp.post("/projects/<int:project_id>/forums")
@login_required
def create_for_project(project_id: int):
    project = own_project(project_id)
    count = form_int("ateliers")
    team = request.form.get("source") == TEAM_SOURCE  # the team's synthesis, else the automatic one
    if team and not versions_of(project):  # the forum judges a named version: its validated one follows
        save_version(project, _("Soumise au forum « %(title)s »", title=request.form.get("title", ""))[:200],
                     current_user)
        db.session.flush()
    if team:  # the ateliers read its texts and quotes: nothing that looks like personal data
        found = personal_data_in(project, versions_of(project)[0].document)
        if found:
            db.session.rollback()
            return render_template("research/transversal/blocked.html", project=project, found=found), 409
    material = forum_material(project) if team else project_synthesis(project)
    if not any(axis_items(axis) for axis in material["axes"]):
        raise ActionError(_("Cette synthèse ne contient ni constat, ni vision, ni proposition."), 400)
    forum = create_forum(request.form.get("title", ""), material, current_user, count, project.id)
    db.session.commit()
    return redirect(url_for("forum.page", forum_id=forum.id))


@bp.route("/forums/import", methods=["GET", "POST"])
@login_required
def import_forum():
    if request.method == "GET":
        return render_template("forum/import.html")
    try:
        material = check_material(read_json_upload(request.files.get("file")))
        forum = create_forum(request.form.get("title", ""), material, current_user, form_int("ateliers"))
    except ActionError as refused:  # said on the form, the title and the count kept
        db.session.rollback()
        return render_template("forum/import.html", refused={
            "form": "forum-import-form", "message": refused.message}), refused.status
    db.session.commit()
    return redirect(url_for("forum.page", forum_id=forum.id))


@bp.get("/forums/<int:forum_id>")
@login_required
def page(forum_id: int):
    """The coordinator's overview: every atelier's staff, progress and connections, live."""
    forum = own_forum(forum_id)
    return render_template("forum/forum.html", forum=forum, overview_html=render_overview(forum),
                           gaps=forum_gaps(forum), validated=validated_versions(forum),
                           role_labels=ROLE_LABELS, roles=STAFF_ROLES, **_control_context(forum))


@bp.get("/forums/<int:forum_id>/overview")
@login_required
def overview(forum_id: int):
    """The overview's live table, re-fetched after a lost connection."""
    return render_overview(own_forum(forum_id))


def _control_context(forum) -> dict:
    return {"view": plenary_view(forum), "targets": targets_of(forum)}


@bp.post("/forums/<int:forum_id>/plenary/control")
@login_required
def control_plenary(forum_id: int):
    """The coordinator moves the plenary: the tally (a page back or on) or the focus (a target
    chosen, the previous or the next)."""
    forum = own_forum(forum_id)
    action = request.form.get("action", "")
    if action == "tally":
        set_mode(forum, "tally")
    elif action in ("page-previous", "page-next"):
        step_page(forum, -1 if action == "page-previous" else 1)
    elif action == "focus":
        kind, _sep, target_id = request.form.get("target", "").partition(":")
        set_focus(forum, kind, target_id)
    elif action in ("previous", "next"):
        step_focus(forum, -1 if action == "previous" else 1)
    else:
        raise ActionError(_("La demande est incorrecte."), 400)
    db.session.commit()
    plenary_moved(forum)
    if htmx():
        return render_template("forum/_plenary_control.html", forum=forum, **_control_context(forum))
    return redirect(url_for("forum.page", forum_id=forum.id), 303)


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


def reviewed_or_blocked(forum):
    """The report with its personal data replaced, or the page saying the review is not done."""
    try:
        return reviewed_report(forum)[0]
    except Undecided as undecided:
        message = ngettext(
            "%(num)d passage qui ressemble à une donnée personnelle n'a pas encore été relu.",
            "%(num)d passages qui ressemblent à des données personnelles n'ont pas encore été relus.",
            undecided.count)
        return render_template("workspace/blocked.html", message=message,
                               review_url=url_for("forum.review", forum_id=forum.id)), 409


@bp.get("/forums/<int:forum_id>/report")
@login_required
def report_page(forum_id: int):
    """The report for the comité, as a page to print (or save as PDF)."""
    forum = report_forum(forum_id)
    data = reviewed_or_blocked(forum)
    if not isinstance(data, dict):
        return data
    return render_template("forum/report.html", forum=forum, title=data["forum"],
                           blocks=blocks(data, current_language()), language=current_language())


@bp.post("/forums/<int:forum_id>/conclusions")
@login_required
def save_conclusions(forum_id: int):
    """The team's conclusions, the report's closing section (reviewed like every text in it)."""
    forum = own_forum(forum_id)
    forum.conclusions = form_text("conclusions", limit=20000)
    db.session.commit()
    if htmx():
        return render_template("forum/_conclusions.html", forum=forum, saved=_("Conclusions enregistrées."))
    return redirect(url_for("forum.page", forum_id=forum.id) + "#conclusions", 303)


@bp.get("/forums/<int:forum_id>/report.<fmt>")
@login_required
def export(forum_id: int, fmt: str):
    forum = report_forum(forum_id)
    if fmt not in ("md", "docx", "json"):
        raise ActionError(_("Format d'export inconnu."), 404)
    data = reviewed_or_blocked(forum)
    if not isinstance(data, dict):
        return data
    if fmt == "md":
        body, mimetype = render_markdown(data, current_language()), "text/markdown; charset=utf-8"
    elif fmt == "docx":
        body = render_docx(data, current_language())
        mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        mimetype = "application/json"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename=forum-{forum.id}.{fmt}"})
