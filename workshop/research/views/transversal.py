"""The team's transversal synthesis: written by the project's researchers, read by its steering
committee; versions and the forum note (Markdown, DOCX, print)."""

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...core.errors import ActionError
from ...core.extensions import db
from .. import transversal as rules
from ..access import followed_project, own_project
from ..models import MAX_QUOTE, TransversalAxis, TransversalQuote, TransversalStatement, TransversalVersion
from ..note import kind_labels, personal_data_in, quote_line, render_docx, render_markdown, source_line

bp = Blueprint("transversal", __name__, url_prefix="/projects/<int:project_id>/transversal")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _page(project, status: int = 200, error: dict | None = None):
    """The synthesis page; after a refused edit, the message by its form and what was typed."""
    axes = {f"a{a.id}": a for a in rules.axes_of(project)}
    return render_template("research/transversal/page.html", project=project, note=rules.document(project),
                           axes=axes, rows={s.id: s for a in axes.values() for s in a.statements},
                           versions=rules.versions_of(project), kinds=kind_labels(),
                           source_line=source_line, quote_line=quote_line,
                           editable=project.role_of(current_user) == "researcher",
                           error=error, typed=request.form if error else {}), status


def _edit(project, form_key: str, action, anchor: str | None = None):
    """Run an edit of the team, then back to the page at the axis or statement it made (else at
    ``anchor``); on bad input, the page again with the message on that form."""
    try:
        with rules.saved_edit():
            made = action()
        if isinstance(made, TransversalAxis | TransversalStatement):
            anchor = f"{'axis' if isinstance(made, TransversalAxis) else 'statement'}-{made.id}"
    except ActionError as refused:
        db.session.rollback()
        return _page(project, refused.status, {"form": form_key, "message": refused.message})
    db.session.commit()
    return redirect(url_for("transversal.page", project_id=project.id) + (f"#{anchor}" if anchor else ""))


def _axis(project, axis_id: int) -> TransversalAxis:
    axis = db.session.get(TransversalAxis, axis_id)
    if axis is None or axis.project_id != project.id:
        abort(404)
    return axis


def _statement(project, statement_id: int) -> TransversalStatement:
    statement = db.session.get(TransversalStatement, statement_id)
    if statement is None or statement.axis.project_id != project.id:
        abort(404)
    return statement


def _version(project, number: int) -> TransversalVersion:
    version = db.session.scalar(db.select(TransversalVersion).filter_by(project_id=project.id, number=number))
    if version is None:
        abort(404)
    return version


# --- reading ----------------------------------------------------------------------------------------

@bp.get("")
@login_required
def page(project_id: int):
    return _page(followed_project(project_id))


@bp.get("/versions")
@login_required
def versions(project_id: int):
    project = followed_project(project_id)
    return render_template("research/transversal/versions.html", project=project,
                           versions=rules.versions_of(project))


@bp.get("/versions/<int:number>")
@login_required
def version(project_id: int, number: int):
    project = followed_project(project_id)
    shown = _version(project, number)
    return render_template("research/transversal/note.html", project=project, version=shown,
                           note=shown.document, kinds=kind_labels(), source_line=source_line,
                           quote_line=quote_line)


def _export(project, note: dict, fmt: str, version=None):
    found = personal_data_in(project, note)
    if found:
        return render_template("research/transversal/blocked.html", project=project, found=found), 409
    name = f"note-forum-projet-{project.id}" + (f"-v{version.number}" if version else "")
    if fmt == "print":
        return render_template("research/transversal/note.html", project=project, version=version, note=note,
                               kinds=kind_labels(), source_line=source_line, quote_line=quote_line,
                               printable=True)
    if fmt == "md":
        body, mimetype = render_markdown(note, version), "text/markdown; charset=utf-8"
    elif fmt == "docx":
        body, mimetype = render_docx(note, version), DOCX
    else:
        raise ActionError(_("Format d'export inconnu."), 404)
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"', "Cache-Control": "no-store"})


@bp.get("/note.<fmt>")
@login_required
def export(project_id: int, fmt: str):
    project = followed_project(project_id)
    return _export(project, rules.document(project), fmt)


@bp.get("/versions/<int:number>/note.<fmt>")
@login_required
def export_version(project_id: int, number: int, fmt: str):
    project = followed_project(project_id)
    version = _version(project, number)
    return _export(project, version.document, fmt, version)


# --- the team's edits -------------------------------------------------------------------------------

@bp.post("/draft")
@login_required
def draft(project_id: int):
    project = own_project(project_id)
    return _edit(project, "draft", lambda: rules.draft_from_grouping(project, current_user))


@bp.post("/axes")
@login_required
def new_axis(project_id: int):
    project = own_project(project_id)
    return _edit(project, "new-axis", lambda: rules.create_axis(
        project, request.form.get("title", ""), request.form.get("kind", ""), current_user))


@bp.post("/axes/<int:axis_id>")
@login_required
def edit_axis(project_id: int, axis_id: int):
    project = own_project(project_id)
    axis = _axis(project, axis_id)
    return _edit(project, f"axis-{axis.id}", lambda: rules.update_axis(
        axis, request.form.get("title", ""), request.form.get("kind", ""), request.form.get("revision"),
        current_user), f"axis-{axis.id}")


@bp.post("/axes/<int:axis_id>/merge")
@login_required
def merge_axis(project_id: int, axis_id: int):
    """This axis's statements join the chosen axis; this axis goes."""
    project = own_project(project_id)
    axis = _axis(project, axis_id)
    target = db.session.get(TransversalAxis, request.form.get("into", type=int) or 0)
    if target is None or target.project_id != project.id:
        return _page(project, 400, {"form": f"merge-{axis.id}",
                                    "message": _("Choisissez un autre axe du projet.")})
    return _edit(project, f"merge-{axis.id}", lambda: rules.merge_axes(target, axis, current_user),
                 f"axis-{target.id}")


@bp.post("/axes/<int:axis_id>/split")
@login_required
def split_axis(project_id: int, axis_id: int):
    project = own_project(project_id)
    axis = _axis(project, axis_id)
    return _edit(project, f"split-{axis.id}", lambda: rules.split_axis(
        axis, request.form.getlist("statements"), request.form.get("title", ""), current_user))


@bp.post("/axes/<int:axis_id>/delete")
@login_required
def delete_axis(project_id: int, axis_id: int):
    project = own_project(project_id)
    axis = _axis(project, axis_id)
    return _edit(project, f"axis-{axis.id}", lambda: rules.delete_axis(axis))


@bp.post("/axes/<int:axis_id>/statements")
@login_required
def new_statement(project_id: int, axis_id: int):
    project = own_project(project_id)
    axis = _axis(project, axis_id)
    return _edit(project, f"new-statement-{axis.id}", lambda: rules.add_statement(
        project, axis, request.form.get("text", ""), [], current_user))


@bp.post("/statements/<int:statement_id>")
@login_required
def edit_statement(project_id: int, statement_id: int):
    project = own_project(project_id)
    statement = _statement(project, statement_id)
    return _edit(project, f"statement-{statement.id}", lambda: rules.update_statement(
        statement, request.form.get("text", ""), request.form.get("revision"), current_user),
        f"statement-{statement.id}")


@bp.post("/statements/<int:statement_id>/move")
@login_required
def move_statement(project_id: int, statement_id: int):
    project = own_project(project_id)
    statement = _statement(project, statement_id)
    target = _axis(project, request.form.get("axis", type=int) or 0)
    return _edit(project, f"move-{statement.id}",
                 lambda: rules.move_statement(statement, target, current_user), f"statement-{statement.id}")


@bp.post("/statements/<int:statement_id>/delete")
@login_required
def delete_statement(project_id: int, statement_id: int):
    project = own_project(project_id)
    statement = _statement(project, statement_id)
    return _edit(project, f"statement-{statement.id}", lambda: db.session.delete(statement),
                 f"axis-{statement.axis_id}")


@bp.route("/statements/<int:statement_id>/sources", methods=["GET", "POST"])
@login_required
def sources(project_id: int, statement_id: int):
    """Link the statement to its source items, chosen among every group's and session's."""
    project = own_project(project_id)
    statement = _statement(project, statement_id)
    status, error = 200, None
    if request.method == "POST":
        saved, status, error = _statement_form(project, statement, lambda: rules.set_sources(
            project, statement, request.form.getlist("items"), request.form.get("revision"), current_user))
        if saved:
            return saved
    kind = request.args.get("kind", "")
    items = [item for item in rules.pool(project).values() if not kind or item["kind"] == kind]
    chosen = set(request.form.getlist("items")) if error else {link.item_id for link in statement.links}
    return render_template("research/transversal/sources.html", project=project, statement=statement,
                           sections=_sections(items), shown={item["id"] for item in items},
                           chosen=chosen, kind=kind, kinds=kind_labels(), error=error), status


def _statement_form(project, statement, action):
    """A statement's own form (its sources, a quote) sent: saved, and back to the statement; else
    no answer yet, with the status and message the form shows again with what was chosen."""
    try:
        with rules.saved_edit():
            action()
        db.session.commit()
    except ActionError as refused:
        db.session.rollback()
        return None, refused.status, refused.message
    back = url_for("transversal.page", project_id=project.id) + f"#statement-{statement.id}"
    return redirect(back), 200, None


def _sections(items) -> list[list[dict]]:
    """Items by session, in the order of groups and days."""
    sections: dict[str, list] = {}
    for item in items:
        sections.setdefault(item["session_uid"], []).append(item)
    return list(sections.values())


@bp.route("/statements/<int:statement_id>/quotes", methods=["GET", "POST"])
@login_required
def quotes(project_id: int, statement_id: int):
    """Quote a passage of an item of any group and session under the statement: the item is
    chosen first, then the passage copied from its text."""
    project = own_project(project_id)
    statement = _statement(project, statement_id)
    known = rules.pool(project)
    status, error = 200, None
    if request.method == "POST":
        saved, status, error = _statement_form(project, statement, lambda: rules.add_quote(
            project, statement, request.form.get("item", ""), request.form.get("text", ""), current_user))
        if saved:
            return saved
    item = known.get(request.values.get("item", ""))
    kind = request.args.get("kind", "")
    items = [] if item else [i for i in known.values() if not kind or i["kind"] == kind]
    return render_template("research/transversal/quotes.html", project=project, statement=statement,
                           item=item, sections=_sections(items), kind=kind, kinds=kind_labels(),
                           max_quote=MAX_QUOTE, typed=request.form.get("text", "") if error else "",
                           error=error), status


@bp.post("/quotes/<int:quote_id>/delete")
@login_required
def delete_quote(project_id: int, quote_id: int):
    project = own_project(project_id)
    quote = db.session.get(TransversalQuote, quote_id)
    if quote is None:
        abort(404)
    statement = _statement(project, quote.statement_id)
    return _edit(project, f"statement-{statement.id}", lambda: db.session.delete(quote),
                 f"statement-{statement.id}")


@bp.post("/versions")
@login_required
def save_version(project_id: int):
    project = own_project(project_id)
    return _edit(project, "version", lambda: rules.save_version(project, request.form.get("name", ""),
                                                                current_user))
