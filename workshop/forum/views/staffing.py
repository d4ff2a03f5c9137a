"""The overview's staffing form: every atelier's team from one page."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from ...core.errors import ActionError
from ...core.extensions import db
from ...sessions.live import changed
from ...sessions.models import STAFF_ROLES
from ...sessions.views.staff import ROLE_LABELS
from ..access import own_forum
from ..staffing import add_staff, remove_staff
from .blueprint import bp, htmx


def _answer(forum, saved: str):
    if htmx():
        return render_template("forum/_staffing.html", forum=forum, role_labels=ROLE_LABELS,
                               roles=STAFF_ROLES, saved=saved)
    return redirect(url_for("forum.page", forum_id=forum.id) + "#staffing", 303)


@bp.post("/forums/<int:forum_id>/staff")
@login_required
def add_member(forum_id: int):
    forum = own_forum(forum_id)
    added = add_staff(forum, request.form.get("username", ""), request.form.get("role", ""),
                      request.form.getlist("atelier"))
    db.session.commit()
    for atelier in added:
        changed(atelier.session_id, "staff")
    if not added:
        raise ActionError(_("Cette personne a déjà ce rôle dans les ateliers cochés."), 409)
    return _answer(forum, _("Équipe mise à jour."))


@bp.post("/forums/<int:forum_id>/staff/<int:role_id>/remove")
@login_required
def remove_member(forum_id: int, role_id: int):
    forum = own_forum(forum_id)
    atelier = remove_staff(forum, role_id)
    db.session.commit()
    changed(atelier.session_id, "staff")
    return _answer(forum, _("Équipe mise à jour."))
