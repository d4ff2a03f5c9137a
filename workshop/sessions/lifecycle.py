"""A session's lifecycle: created from a method, joined by code, driven step by step, timed."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import ngettext

from ..core.accounts import User
from ..core.clock import utcnow
from ..core.errors import ActionError
from ..core.extensions import db
from .methods import Step, get_method
from .models import Contribution, Participant, StaffRole, StepState, Vote, WorkshopSession
from .sequences import follow, has_story

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read aloud or from a projector must not be misread.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3479"
JOIN_CODE_LENGTH = 6

def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not db.session.scalar(db.select(WorkshopSession.id).filter_by(join_code=code)):
            return code


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()[:JOIN_CODE_LENGTH * 2]


def create_session(title: str, method_key: str, facilitator: User, language: str = "fr",
                   priority_dots: int | None = None, scheduled_for=None,
                   method_steps: list | None = None, results_shown: str = "after_vote") -> WorkshopSession:
    """A draft session with its creator as facilitator (``method_steps``: a variant's sequence)."""
    method = get_method(method_key)
    session = WorkshopSession(
        title=title.strip(), method_key=method.key, language=language, method_steps=method_steps,
        priority_dots=priority_dots or int(method.settings.get("priority_dots", 5)),
        join_code=new_join_code(), created_by_id=facilitator.id, scheduled_for=scheduled_for,
        results_shown=results_shown)
    session.staff.append(StaffRole(user_id=facilitator.id, role="facilitator"))
    db.session.add(session)
    session.state(0)
    return session


def set_status(session: WorkshopSession, status: str) -> None:
    allowed = {"draft": {"live"}, "live": {"closed"}, "closed": {"live"}}
    if status not in allowed[session.status]:
        raise ActionError(_("Ce changement d'état n'est pas possible."), 409)
    if status == "live" and (session.report_final_at or session.purged_at):
        raise ActionError(_("Le rapport de cette séance est final : elle ne peut plus être rouverte."),
                          409)
    session.status = status
    if status == "closed":
        pause_timer(session)


def go_to_step(session: WorkshopSession, index: int) -> Step:
    """Move the whole room to another step; its state is prepared on first entry."""
    steps = session.method.steps
    if not 0 <= index < len(steps):
        raise ActionError(_("Cette étape n'existe pas."), 400)
    if session.status == "closed":
        raise ActionError(_("Cette séance est terminée."), 409)
    session.current_step = index
    follow(session, index)
    state = session.state(index)
    step = steps[index]
    if step.kind.speaking_order and not state.speaking_order:
        state.speaking_order = default_speaking_order(session)
        state.turn = 0
    session.timer_ends_at = None
    session.timer_remaining = step.minutes * 60
    return step


@dataclass(frozen=True)
class Need:
    """Something a step builds on (``StepKind.needs``) that the session does not have yet, and
    the step where the group gives it (None: no step of this session gives it)."""

    name: str
    message: str
    fix: Step | None


def _has(session: WorkshopSession, need: str, step: Step) -> bool:
    if need == "chosen_story":  # this sequence's own choice: an earlier sequence's does not count
        return has_story(session, step.index)
    if need == "positions":
        return db.session.scalar(db.select(Vote.id).filter_by(session_id=session.id, kind="agreement")
                                 .limit(1)) is not None
    return db.session.scalar(db.select(Contribution.id).filter_by(
        session_id=session.id, kind=need, hidden=False, merged_into_id=None).limit(1)) is not None


def _need_message(need: str) -> str:
    messages = {"chosen_story": _("Aucun récit n'a encore été choisi."),
                "positions": _("Personne ne s'est encore positionné."),
                "story": _("Aucun récit n'a encore été proposé."),
                "interpretation": _("Il n'y a encore aucune interprétation.")}
    return messages.get(need, _("Une étape précédente n'a encore rien donné."))


def unmet_needs(session: WorkshopSession, step: Step) -> list[Need]:
    """What ``step`` builds on that the session does not have yet, with the step that gives it
    (the last one before ``step``, else the first of the session)."""
    steps = session.method.steps
    unmet = []
    for need in step.kind.needs:
        if _has(session, need, step):
            continue
        givers = [s for s in steps if need in s.kind.provides]
        before = [s for s in givers if s.index < step.index]
        fix = before[-1] if before else (givers[0] if givers else None)
        unmet.append(Need(need, _need_message(need), fix))
    return unmet


def move_warnings(session: WorkshopSession, index: int) -> list[str]:
    """Why moving the room to step ``index`` needs a confirmation: a jump over steps, or a step
    forward whose needs are not met. Empty: the move may go at once."""
    steps = session.method.steps
    if not 0 <= index < len(steps) or index == session.current_step:
        return []
    warnings = []
    skipped = abs(index - session.current_step) - 1
    if skipped:
        warnings.append(ngettext("Ce saut passe %(num)d étape.", "Ce saut passe %(num)d étapes.", skipped))
    if index > session.current_step:
        warnings += [need.message for need in unmet_needs(session, steps[index])]
    return warnings


def default_speaking_order(session: WorkshopSession) -> list[int]:
    """Everyone but the narrator, in the order they joined."""
    ids = db.session.scalars(db.select(Participant.id).filter_by(session_id=session.id)
                             .order_by(Participant.id)).all()
    return [pid for pid in ids if pid != session.narrator_id]


def add_to_speaking_order(session: WorkshopSession, participant: Participant) -> bool:
    """Someone who joins during a round (the opening's introductions, an interpretation round)
    takes the last turn. The step's state is locked first, so two joins at once both land."""
    if not session.step.kind.speaking_order:
        return False
    state = db.session.scalar(db.select(StepState).filter_by(
        session_id=session.id, step_index=session.current_step).with_for_update()
        .execution_options(populate_existing=True))
    if state is None or participant.id in state.speaking_order:
        return False
    state.speaking_order = [*state.speaking_order, participant.id]
    return True


def start_timer(session: WorkshopSession) -> None:
    seconds = session.timer_seconds_left()
    if seconds is None or seconds <= 0:
        seconds = session.step.minutes * 60
    session.timer_ends_at = utcnow() + timedelta(seconds=seconds)
    session.timer_remaining = None


def pause_timer(session: WorkshopSession) -> None:
    if session.timer_ends_at is not None:
        session.timer_remaining = session.timer_seconds_left()
        session.timer_ends_at = None


def extend_timer(session: WorkshopSession, minutes: int) -> None:
    if not 1 <= minutes <= 60:
        raise ActionError(_("On peut prolonger de 1 à 60 minutes."), 400)
    if session.timer_ends_at is not None:
        session.timer_ends_at = max(session.timer_ends_at, utcnow()) + timedelta(minutes=minutes)
    else:
        session.timer_remaining = (session.timer_remaining or 0) + minutes * 60


def reset_timer(session: WorkshopSession) -> None:
    session.timer_ends_at = None
    session.timer_remaining = session.step.minutes * 60
