"""The facilitator writes the group's wording of a positioned item (``sessions.wording``)."""

from flask import Blueprint, request
from flask_login import current_user, login_required

from ...core.extensions import db
from .. import moderation, wording
from ..access import WRITE, staff_session
from ..live import changed
from .console import render_state

bp = Blueprint("wording", __name__, url_prefix="/sessions/<int:session_id>")


@bp.post("/wordings/<int:contribution_id>")
@login_required
def word(session_id: int, contribution_id: int):
    session = staff_session(session_id, WRITE)
    wording.word(session, current_user, moderation.session_item(session, contribution_id),
                 request.form.get("text"))
    db.session.commit()
    changed(session.id, "contributions")
    return render_state(session)
