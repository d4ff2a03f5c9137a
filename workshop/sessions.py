"""Sessions and their lifecycle: created from a method, joined by code, driven step by step."""

import secrets
from datetime import timedelta

from flask_babel import gettext as _

from .accounts import User, utcnow
from .errors import ActionError
from .extensions import db
from .methods import Method, Step, get_method

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read aloud or from a projector must not be misread.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3479"
JOIN_CODE_LENGTH = 6

STATUSES = ("draft", "live", "closed")
STAFF_ROLES = ("facilitator", "rapporteur", "researcher", "observer")


class WorkshopSession(db.Model):
    __tablename__ = "workshop_session"

    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    method_key = db.Column(db.String(60), nullable=False)
    language = db.Column(db.String(5), nullable=False, default="fr")
    status = db.Column(db.String(10), nullable=False, default="draft")
    join_code = db.Column(db.String(12), unique=True, nullable=False)
    current_step = db.Column(db.Integer, nullable=False, default=0)
    priority_dots = db.Column(db.Integer, nullable=False, default=5)
    scheduled_for = db.Column(db.Date)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    previous_session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id"))
    group_id = db.Column(db.Integer, db.ForeignKey("workshop_group.id", ondelete="SET NULL"),
                         index=True)  # a thematic group's session (workshop.projects)
    chosen_story_id = db.Column(
        db.Integer, db.ForeignKey("contribution.id", use_alter=True, ondelete="SET NULL"))
    # Timer: running when timer_ends_at is set; paused with timer_remaining seconds left.
    timer_ends_at = db.Column(db.DateTime)
    timer_remaining = db.Column(db.Integer)

    staff = db.relationship("StaffRole", back_populates="session", cascade="all, delete-orphan")
    step_states = db.relationship("StepState", back_populates="session",
                                  cascade="all, delete-orphan")
    chosen_story = db.relationship("Contribution", foreign_keys=[chosen_story_id],
                                   post_update=True)

    @property
    def method(self) -> Method:
        return get_method(self.method_key)

    @property
    def step(self) -> Step:
        return self.method.steps[self.current_step]

    @property
    def narrator_id(self) -> int | None:
        return self.chosen_story.participant_id if self.chosen_story else None

    def roles_of(self, user) -> set[str]:
        if not getattr(user, "is_authenticated", False):
            return set()
        return {role.role for role in self.staff if role.user_id == user.id}

    def state(self, index: int | None = None) -> "StepState":
        """The stored state of a step, created with the step kind's defaults on first use."""
        index = self.current_step if index is None else index
        for state in self.step_states:
            if state.step_index == index:
                return state
        kind = self.method.steps[index].kind
        state = StepState(step_index=index, revealed=kind.revealed_on_entry,
                          votes_open=kind.votes_open_on_entry, speaking_order=[], turn=0)
        self.step_states.append(state)
        return state

    def timer_seconds_left(self) -> int | None:
        if self.timer_ends_at is not None:
            return max(0, int((self.timer_ends_at - utcnow()).total_seconds()))
        return self.timer_remaining


class StaffRole(db.Model):
    """A staff member's role in one session; one person may hold several."""

    __table_args__ = (db.UniqueConstraint("session_id", "user_id", "role"),)

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    role = db.Column(db.String(20), nullable=False)

    session = db.relationship("WorkshopSession", back_populates="staff")
    user = db.relationship(User)


class StepState(db.Model):
    """What the facilitator decided in one step: reveal, votes open, speaking order and turn."""

    __table_args__ = (db.UniqueConstraint("session_id", "step_index"),)

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False)
    step_index = db.Column(db.Integer, nullable=False)
    revealed = db.Column(db.Boolean, nullable=False, default=False)
    votes_open = db.Column(db.Boolean, nullable=False, default=False)
    speaking_order = db.Column(db.JSON, nullable=False, default=list)  # participant ids
    turn = db.Column(db.Integer, nullable=False, default=0)  # index into speaking_order

    session = db.relationship("WorkshopSession", back_populates="step_states")


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not db.session.scalar(db.select(WorkshopSession.id).filter_by(join_code=code)):
            return code


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()[:JOIN_CODE_LENGTH * 2]


def create_session(title: str, method_key: str, facilitator: User, language: str = "fr",
                   priority_dots: int | None = None, scheduled_for=None) -> WorkshopSession:
    """A draft session with its creator as facilitator."""
    method = get_method(method_key)
    session = WorkshopSession(
        title=title.strip(), method_key=method.key, language=language,
        priority_dots=priority_dots or int(method.settings.get("priority_dots", 5)),
        join_code=new_join_code(), created_by_id=facilitator.id, scheduled_for=scheduled_for)
    session.staff.append(StaffRole(user_id=facilitator.id, role="facilitator"))
    db.session.add(session)
    session.state(0)
    return session


def set_status(session: WorkshopSession, status: str) -> None:
    allowed = {"draft": {"live"}, "live": {"closed"}, "closed": {"live"}}
    if status not in allowed[session.status]:
        raise ActionError(_("Ce changement d'état n'est pas possible."), 409)
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
    state = session.state(index)
    step = steps[index]
    if step.kind.speaking_order and not state.speaking_order:
        state.speaking_order = default_speaking_order(session)
        state.turn = 0
    session.timer_ends_at = None
    session.timer_remaining = step.minutes * 60
    return step


def default_speaking_order(session: WorkshopSession) -> list[int]:
    """Everyone but the narrator, in the order they joined."""
    from .participants import Participant

    ids = db.session.scalars(db.select(Participant.id).filter_by(session_id=session.id)
                             .order_by(Participant.id)).all()
    return [pid for pid in ids if pid != session.narrator_id]


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
