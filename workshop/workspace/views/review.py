"""The review of personal data: every distinct value found in what leaves the room, redacted or
kept everywhere at once, with a different decision possible for one occurrence."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...core.extensions import db
from ...sessions.access import VIEW, staff_session
from ..interchange import session_document
from ..models import decide
from ..redaction import by_value, decisions_from_form, kind_label, personal_data, source_label
from ..retention import require_open_report
from .blueprint import EDIT, bp


@bp.get("/sessions/<int:session_id>/synthesis/review")
@login_required
def review(session_id: int):
    session = staff_session(session_id, VIEW)
    spots = personal_data(session, session_document(session))
    return render_template("workspace/review.html", session=session, values=by_value(spots),
                           kind_label=kind_label, source_label=source_label,
                           can_edit="rapporteur" in session.roles_of(current_user)
                           and session.report_final_at is None,
                           undecided=sum(entry["decision"] is None for entry in spots))


@bp.post("/sessions/<int:session_id>/synthesis/review")
@login_required
def decide_review(session_id: int):
    session = staff_session(session_id, EDIT)
    require_open_report(session)
    spots = personal_data(session, session_document(session))
    decisions, cleared = decisions_from_form(request.form, spots)
    decide(session.id, decisions, cleared)
    db.session.commit()
    return redirect(url_for("synthesis.review", session_id=session.id), 303)
