"""One atelier per person in a forum, unless its coordinator allows several (issue #18).

A person is known by their device (``sessions.joining``: a signed cookie) and by the personal
links their browser opened. A join into a second atelier of the same forum is refused with a
link back to their own; the database keeps the rule with a seat per (forum, device), inserted
in the participant's transaction, so that two joins at the same moment leave one.
"""

from flask import url_for
from flask_babel import gettext as _

from ..core.extensions import db
from ..sessions.joining import JoinRefused, add_join_rule
from ..sessions.models import Participant
from .models import ForumAtelier, ForumSeat


def _atelier(session) -> ForumAtelier | None:
    return db.session.scalar(db.select(ForumAtelier).filter_by(session_id=session.id))


def _refusal(participant: Participant) -> JoinRefused:
    atelier = _atelier(participant.session)
    return JoinRefused(
        _("Vous participez déjà à ce forum, dans « %(atelier)s ». Chacun·e participe à un seul atelier.",
          atelier=atelier.name),
        url_for("participation.page", token=participant.token), _("Retourner à mon atelier"))


def _check(session, device: str, tokens: list[str]) -> JoinRefused | None:
    atelier = _atelier(session)
    if atelier is None or atelier.forum.several_ateliers:
        return None
    seated = db.session.scalar(
        db.select(Participant).join(ForumSeat, ForumSeat.participant_id == Participant.id)
        .filter(ForumSeat.forum_id == atelier.forum_id, ForumSeat.device == device))
    if seated is None and tokens:
        seated = db.session.scalar(
            db.select(Participant).join(ForumAtelier, ForumAtelier.session_id == Participant.session_id)
            .filter(ForumAtelier.forum_id == atelier.forum_id, Participant.token.in_(tokens[-10:]))
            .order_by(Participant.id).limit(1))
    return _refusal(seated) if seated is not None else None


def _seat(session, participant: Participant, device: str) -> None:
    atelier = _atelier(session)
    if atelier is not None and not atelier.forum.several_ateliers:
        db.session.add(ForumSeat(forum_id=atelier.forum_id, device=device, participant_id=participant.id))


add_join_rule(_check, _seat)
