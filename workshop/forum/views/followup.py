"""The follow-up board of a project's work areas (chantiers) and its public page.

The project's researchers draft, import and edit work areas (HTMX swaps one card in place; without
JavaScript the board comes back); its steering committee reads the board and the exports; anyone
with the public link's secret reads what became of the recommendations, without any name."""

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_login import current_user, login_required

from ...core.errors import ActionError
from ...core.extensions import db
from ...core.slots import add_to_slot
from ...research.access import followed_project, own_project
from ...research.note import source_line
from .. import followup_link
from ..trace import origins
from ..work_area_exports import described, for_the_public, personal_data_in, render_csv, render_docx
from ..work_area_import import import_work_areas
from ..work_area_models import LEVELS, STATUSES, WorkArea
from ..work_areas import (
    add_answer,
    create_work_area,
    field_labels,
    level_labels,
    saved_edit,
    sources_pool,
    status_labels,
    update_content,
    update_followup,
    verdict_choices,
    verdict_key,
)

bp = Blueprint("followup", __name__)
BOARD = "/projects/<int:project_id>/followup"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.app_template_filter("day")
def show_day(value) -> str:
    return format_date(value, "medium") if value else ""


def _labels() -> dict:
    return {"levels": level_labels(), "statuses": status_labels(), "fields": field_labels(),
            "level_order": LEVELS, "status_order": STATUSES}


def _verdict_keys(area: WorkArea) -> list[str]:
    return [verdict_key(v.forum_id, v.target_kind, v.target_id) for v in area.verdicts]


def _context(project) -> dict:
    known, waiting = sources_pool(project)
    return {"project": project, "known": known, "waiting": waiting, "choices": verdict_choices(project),
            "origins": origins(project), "source_line": source_line,
            "proposals": [item for item in known.values() if item["kind"] == "proposal"],
            "editable": project.role_of(current_user) == "researcher", "verdict_keys_of": _verdict_keys,
            **_labels()}


def _board(project, status: int = 200, refused: dict | None = None):
    """The board; after a refused edit, the message by its form and what was typed kept."""
    entries = described(project)
    team = project.role_of(current_user) == "researcher"
    return render_template("forum/followup/board.html", entries=entries,
                           found=personal_data_in(project, entries) if team else [],
                           secret=followup_link.secret_of(project), refused=refused,
                           typed=request.form if refused else {}, **_context(project)), status


def _area(project, area_id: int) -> WorkArea:
    area = db.session.get(WorkArea, area_id)
    if area is None or area.project_id != project.id:
        abort(404)
    return area


def _card(project, area: WorkArea, status: int = 200, refused: dict | None = None):
    entry = next(e for e in described(project) if e["id"] == area.id)
    return render_template("forum/followup/_work_area.html", entry=entry, refused=refused,
                           typed=request.form if refused else {}, **_context(project)), status


def _edit(project, area: WorkArea, form_key: str, action):
    """Run a change of one work area: its card again (HTMX) or the board at it; on bad input, the
    card or board with the message on that form and what was typed."""
    try:
        with saved_edit():
            action()
    except ActionError as refused:
        db.session.rollback()
        area = db.session.get(WorkArea, area.id)
        mistake = {"form": form_key, "message": refused.message}
        if request.headers.get("HX-Request"):
            return _card(project, area, refused.status, mistake)
        return _board(project, refused.status, mistake)
    db.session.commit()
    if request.headers.get("HX-Request"):
        return _card(project, area)
    return redirect(url_for("followup.board", project_id=project.id) + f"#work-area-{area.id}", 303)


# --- the board ---------------------------------------------------------------------------------------

@bp.get(BOARD)
@login_required
def board(project_id: int):
    return _board(followed_project(project_id))


@bp.post(BOARD)
@login_required
def create(project_id: int):
    project = own_project(project_id)
    try:
        area = create_work_area(project, request.form, current_user)
        db.session.flush()
    except ActionError as refused:
        db.session.rollback()
        return _board(project, refused.status, {"form": "new-work-area", "message": refused.message})
    db.session.commit()
    return redirect(url_for("followup.board", project_id=project.id) + f"#work-area-{area.id}", 303)


@bp.post(f"{BOARD}/import")
@login_required
def import_csv(project_id: int):
    project = own_project(project_id)
    try:
        count = import_work_areas(project, request.files.get("file"), current_user)
        db.session.flush()
    except ActionError as refused:
        db.session.rollback()
        return _board(project, refused.status, {"form": "import-work-areas", "message": refused.message})
    db.session.commit()
    return redirect(url_for("followup.board", project_id=project.id, imported=count), 303)


@bp.post(f"{BOARD}/<int:area_id>/followup")
@login_required
def edit_followup(project_id: int, area_id: int):
    project = own_project(project_id)
    area = _area(project, area_id)
    return _edit(project, area, f"followup-{area.id}",
                 lambda: update_followup(area, request.form, current_user))


@bp.post(f"{BOARD}/<int:area_id>/content")
@login_required
def edit_content(project_id: int, area_id: int):
    project = own_project(project_id)
    area = _area(project, area_id)
    return _edit(project, area, f"content-{area.id}",
                 lambda: update_content(project, area, request.form, current_user))


@bp.post(f"{BOARD}/<int:area_id>/answers")
@login_required
def answer(project_id: int, area_id: int):
    project = own_project(project_id)
    area = _area(project, area_id)
    return _edit(project, area, f"answer-{area.id}", lambda: add_answer(area, request.form, current_user))


# --- exports -----------------------------------------------------------------------------------------

def _filename(project, extension: str) -> str:
    return f"chantiers-{project.id}.{extension}"


def _blocked(project):
    """The page that says which of the team's texts keep an export in, or None."""
    found = personal_data_in(project, described(project))
    if not found:
        return None
    return render_template("forum/followup/blocked.html", project=project, found=found), 409


@bp.get(f"{BOARD}/work-areas.csv")
@login_required
def export_csv(project_id: int):
    project = followed_project(project_id)
    if blocked := _blocked(project):
        return blocked
    return Response(render_csv(project), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{_filename(project, "csv")}"'})


@bp.get(f"{BOARD}/work-areas.docx")
@login_required
def export_docx(project_id: int):
    project = followed_project(project_id)
    if blocked := _blocked(project):
        return blocked
    return Response(render_docx(project), mimetype=DOCX, headers={
        "Content-Disposition": f'attachment; filename="{_filename(project, "docx")}"'})


# --- the public page and its link ----------------------------------------------------------------------

@bp.post(f"{BOARD}/link")
@login_required
def renew_link(project_id: int):
    project = own_project(project_id)
    followup_link.renew(project)
    db.session.commit()
    return redirect(url_for("followup.board", project_id=project.id) + "#public-link", 303)


@bp.post(f"{BOARD}/link/revoke")
@login_required
def revoke_link(project_id: int):
    project = own_project(project_id)
    followup_link.revoke(project)
    db.session.commit()
    return redirect(url_for("followup.board", project_id=project.id) + "#public-link", 303)


@bp.get("/followup/<secret>")
def public(secret: str):
    project = followup_link.project_of_link(secret)
    return render_template("forum/followup/public.html", project=project, entries=for_the_public(project),
                           **_labels())


def _project_link(project, separator: str = "", **_context) -> str | None:
    """On the project's page and the committee's: the way to the follow-up board."""
    if project.role_of(current_user) not in ("researcher", "committee"):
        return None
    return render_template("forum/followup/_project_link.html", project=project, separator=separator)


add_to_slot("project_links", _project_link)
