"""The review of personal data: every spot in what leaves the room, redacted or kept."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...core.errors import ActionError
from ...core.extensions import db
from ...sessions.access import VIEW, staff_session
from ..interchange import session_document
from ..models import DECISIONS, decide
from ..redaction import kind_label, personal_data
from .blueprint import EDIT, bp


@bp.get("/sessions/<int:session_id>/synthesis/review")
@login_required
def review(session_id: int):
    session = staff_session(session_id, VIEW)
    spots = personal_data(session, session_document(session))
    return render_template("workspace/review.html", session=session, spots=spots,
                           kind_label=kind_label,
                           can_edit="rapporteur" in session.roles_of(current_user),
                           undecided=sum(entry["decision"] is None for entry in spots))


@bp.post("/sessions/<int:session_id>/synthesis/review")
@login_required
def decide_review(session_id: int):
    session = staff_session(session_id, EDIT)
    spots = {entry["key"]: entry for entry in personal_data(session, session_document(session))}
    decisions = {}
    for name, value in request.form.items():
        if not name.startswith("spot:"):
            continue
        key = name[len("spot:"):]
        if key not in spots:
            raise ActionError(_("Ce passage a changé depuis l'affichage. Rechargez la page."), 409)
        if value not in DECISIONS:
            raise ActionError(_("Choisissez « masquer » ou « garder »."), 400)
        spot = spots[key]["spot"]
        decisions[key] = {"decision": value, "excerpt": spot.excerpt, "kind": spot.kind}
    if not decisions:
        raise ActionError(_("Aucune décision reçue."), 400)
    decide(session.id, decisions)
    db.session.commit()
    return redirect(url_for("synthesis.review", session_id=session.id), 303)
