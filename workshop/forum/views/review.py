"""The review of the forum report's personal data: the coordinator decides, the ateliers' staff
see what was decided."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...core.extensions import db
from ...workspace.redaction import by_value, decisions_from_form, kind_label, source_label
from ..access import coordinates, own_forum, staff_forum
from ..review import decide, spots
from .blueprint import bp


@bp.get("/forums/<int:forum_id>/review")
@login_required
def review(forum_id: int):
    forum = staff_forum(forum_id)
    entries = spots(forum)
    return render_template("forum/review.html", forum=forum, values=by_value(entries),
                           kind_label=kind_label, source_label=source_label,
                           can_edit=coordinates(forum, current_user),
                           undecided=sum(entry["decision"] is None for entry in entries))


@bp.post("/forums/<int:forum_id>/review")
@login_required
def decide_review(forum_id: int):
    forum = own_forum(forum_id)
    decisions, cleared = decisions_from_form(request.form, spots(forum))
    decide(forum, decisions, cleared)
    db.session.commit()
    return redirect(url_for("forum.review", forum_id=forum.id), 303)
