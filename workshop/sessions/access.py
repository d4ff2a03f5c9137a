"""Who may do what: every route asks here, so the rules live in one place."""

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ..core.errors import ActionError
from ..core.extensions import db
from ..core.throttles import look_up_link
from .guards import read_locked
from .models import STAFF_ROLES, Participant, WorkshopSession

DRIVE = ("facilitator",)  # steps, timer, moderation, votes, speaking order
WRITE = ("facilitator", "rapporteur", "researcher")  # staff contributions
NOTES = ("rapporteur",)
LINK = ("facilitator", "rapporteur")  # an illustrating story linked to the findings it supports
VIEW = STAFF_ROLES


def staff_session(session_id: int, roles=VIEW) -> WorkshopSession:
    """The session, if the logged-in staff member holds one of ``roles`` in it."""
    session = db.session.get(WorkshopSession, session_id)
    if session is None:
        abort(404)
    if not session.roles_of(current_user) & set(roles):
        raise ActionError(_("Votre rôle dans cette séance ne permet pas cette action."), 403)
    return session


def participant_by_token(token: str, lock: bool = False) -> Participant:
    """The participant of a personal link; wrong links are throttled per address. ``lock`` for
    a request that writes for the participant: the rules' lock is taken as it is read."""
    # Every personal page reads its session: one query for both.
    query = db.select(Participant).filter_by(token=token).options(joinedload(Participant.session))
    return look_up_link(lambda: read_locked(query) if lock else db.session.scalar(query),
                        lambda: ActionError(_("Ce lien de participation n'est pas valable."), 404))
