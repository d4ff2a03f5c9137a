"""What a session stores: the session and its steps' state, its staff, participants,
contributions, votes and the rapporteur's notes. Rules live in the modules beside this one."""

import secrets
import uuid

from ..core.accounts import User
from ..core.clock import utcnow
from ..core.extensions import db
from .grants import granted_roles
from .methods import Method, Step, get_method, shaped
from .profiles import PROFILE_FIELDS
from .pseudonyms import pseudonym_key

STATUSES = ("draft", "live", "closed")
STAFF_ROLES = ("facilitator", "rapporteur", "researcher", "observer")
LEVELS = ("practice", "organisation", "policy")
AGREEMENT_VALUES = ("agree", "disagree", "abstain")
PRESENCE_SECONDS = 60  # a participant not heard from for this long is shown as disconnected
ONE_PER_PARTICIPANT = ("story", "narration")  # contribution kinds a participant writes once
# When participants see a vote's results: once they have voted on the item, once the facilitator
# reveals them, or live. Hidden results keep the first voters from steering the others.
RESULTS_SHOWN = ("after_vote", "after_reveal", "live")


def _where(condition: str) -> dict:
    """A partial index's condition, the same on SQLite and PostgreSQL."""
    return {"sqlite_where": db.text(condition), "postgresql_where": db.text(condition)}


class WorkshopSession(db.Model):
    __tablename__ = "workshop_session"

    id = db.Column(db.Integer, primary_key=True)
    # A stable id: what references to the session that leave this installation carry (a row id
    # means something only in its own database).
    uid = db.Column(db.String(32), unique=True, nullable=False, default=lambda: uuid.uuid4().hex)
    title = db.Column(db.String(200), nullable=False)
    method_key = db.Column(db.String(60), nullable=False)
    language = db.Column(db.String(5), nullable=False, default="fr")
    status = db.Column(db.String(10), nullable=False, default="draft")
    join_code = db.Column(db.String(12), unique=True, nullable=False)
    current_step = db.Column(db.Integer, nullable=False, default=0)
    priority_dots = db.Column(db.Integer, nullable=False, default=5)
    results_shown = db.Column(db.String(12), nullable=False, default="after_vote",
                              server_default="after_vote")  # one of RESULTS_SHOWN
    scheduled_for = db.Column(db.Date)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    previous_session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id"))
    group_id = db.Column(db.Integer, db.ForeignKey("workshop_group.id", ondelete="SET NULL"),
                         index=True)  # a thematic group's session (research)
    chosen_story_id = db.Column(
        db.Integer, db.ForeignKey("contribution.id", use_alter=True, ondelete="SET NULL"))
    # Timer: running when timer_ends_at is set; paused with timer_remaining seconds left.
    timer_ends_at = db.Column(db.DateTime)
    timer_remaining = db.Column(db.Integer)
    # Retention (workspace.retention): the rapporteur declares the report final; its personal
    # data (pseudonyms, personal links, profiles, raw texts) may then be purged.
    report_final_at = db.Column(db.DateTime)
    purged_at = db.Column(db.DateTime)
    # The horizon year of the visions (its project's); else five years after the session's date.
    horizon_year = db.Column(db.Integer)
    # The facilitator's own sequence of steps (``shaping``): skipped, repeated or reordered
    # steps, their time boxes and prompts; None: the method as its file says.
    method_steps = db.Column(db.JSON)
    # The read-only projector link's secret (``projector_link``); a new one revokes the old.
    projector_secret = db.Column(db.String(64), unique=True)

    staff = db.relationship("StaffRole", back_populates="session", cascade="all, delete-orphan")
    step_states = db.relationship("StepState", back_populates="session",
                                  cascade="all, delete-orphan")
    chosen_story = db.relationship("Contribution", foreign_keys=[chosen_story_id],
                                   post_update=True)

    @property
    def method(self) -> Method:
        base = get_method(self.method_key)
        return shaped(base, self.method_steps) if self.method_steps else base

    @property
    def step(self) -> Step:
        return self.method.steps[self.current_step]

    @property
    def narrator_id(self) -> int | None:
        return self.chosen_story.participant_id if self.chosen_story else None

    @property
    def horizon(self) -> int:
        day = self.scheduled_for or self.created_at or utcnow()
        return self.horizon_year or day.year + 5

    def prompt_of(self, step: Step) -> str:
        """The step's prompt for this session: "{horizon}" is the session's horizon year."""
        return step.prompt.replace("{horizon}", str(self.horizon))

    def roles_of(self, user) -> set[str]:
        """The user's staff roles here, and those a higher context grants (``grants``)."""
        if not getattr(user, "is_authenticated", False):
            return set()
        return {role.role for role in self.staff if role.user_id == user.id} | granted_roles(self, user)

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
    # The page of this step's content the projector shows when it needs several (0: the first);
    # the projector's layout decides how many there are (static/js/fit.js).
    projector_page = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    # In a choose-story step: the story the group chose there (a day may analyse several).
    chosen_story_id = db.Column(db.Integer, db.ForeignKey("contribution.id", ondelete="SET NULL"))

    session = db.relationship("WorkshopSession", back_populates="step_states")


class Participant(db.Model):
    # Look-alike pseudonyms ("Marie", "MARIE", "Mаrie" in Cyrillic) share a key: one per session.
    __table_args__ = (db.UniqueConstraint("session_id", "pseudonym"),
                      db.UniqueConstraint("session_id", "pseudonym_key",
                                          name="uq_participant_pseudonym_key"))

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    pseudonym = db.Column(db.String(40), nullable=False)
    pseudonym_key = db.Column(db.String(160), nullable=False)
    token = db.Column(db.String(64), unique=True, nullable=False,
                      default=lambda: secrets.token_urlsafe(18))
    language = db.Column(db.String(5))
    organisation = db.Column(db.String(120))
    organisation_size = db.Column(db.String(20))
    service = db.Column(db.String(20))
    function = db.Column(db.String(20))
    hierarchy = db.Column(db.String(20))
    seniority = db.Column(db.String(20))
    joined_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_seen = db.Column(db.DateTime)
    attended = db.Column(db.Boolean)  # recorded by staff; None until attendance is taken
    charter_acknowledged_at = db.Column(db.DateTime)  # None until the person has read the charter
    # The same person in the group's previous session (carried into this one).
    carried_from_id = db.Column(db.Integer, db.ForeignKey("participant.id", ondelete="SET NULL"))

    session = db.relationship("WorkshopSession")

    @db.validates("pseudonym")
    def _keep_key(self, _name, pseudonym):
        self.pseudonym_key = pseudonym_key(pseudonym)
        return pseudonym

    @property
    def connected(self) -> bool:
        return bool(self.last_seen) and (utcnow() - self.last_seen).total_seconds() < PRESENCE_SECONDS

    def profile(self) -> dict:
        return {name: getattr(self, name) for name in PROFILE_FIELDS}


class Contribution(db.Model):
    # A form sent twice (a retry after a timeout) carries the same key: stored once. One story
    # (and one narration) per participant, whatever the timing of the requests.
    __table_args__ = (
        db.UniqueConstraint("participant_id", "client_key"),
        db.Index("uq_contribution_once_per_participant", "participant_id", "kind", unique=True,
                 **_where("kind IN ('story', 'narration')")),  # ONE_PER_PARTICIPANT
    )

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    step_index = db.Column(db.Integer, nullable=False)
    kind = db.Column(db.String(30), nullable=False)
    participant_id = db.Column(db.Integer, db.ForeignKey("participant.id", ondelete="CASCADE"))
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))  # staff author (or who typed it)
    # Said aloud and entered by staff: participant_id is the speaker (None: from the floor).
    spoken = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    title = db.Column(db.String(200))
    text = db.Column(db.Text, nullable=False)
    parent_id = db.Column(db.Integer, db.ForeignKey("contribution.id", ondelete="SET NULL"))
    level = db.Column(db.String(20))
    actor = db.Column(db.String(200))
    theme = db.Column(db.String(80))
    score = db.Column(db.Integer)
    language = db.Column(db.String(5))
    hidden = db.Column(db.Boolean, nullable=False, default=False)
    merged_into_id = db.Column(db.Integer, db.ForeignKey("contribution.id", ondelete="SET NULL"))
    position_override = db.Column(db.String(20))
    client_key = db.Column(db.String(40))
    # Starting material: "initial" (the theme's initial findings), "previous", "divergence" or
    # "chosen" (a story it analysed), carried from the group's previous session, where
    # source_id is the original item.
    origin = db.Column(db.String(20))
    source_id = db.Column(db.Integer, db.ForeignKey("contribution.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    participant = db.relationship("Participant")
    revisions = db.relationship("ContributionRevision", cascade="all, delete-orphan",
                                order_by="ContributionRevision.id")

    @property
    def visible(self) -> bool:
        return not self.hidden and self.merged_into_id is None


class ContributionRevision(db.Model):
    """The text before a moderator corrected it: corrections never erase what was written."""

    id = db.Column(db.Integer, primary_key=True)
    contribution_id = db.Column(db.Integer, db.ForeignKey("contribution.id", ondelete="CASCADE"),
                                nullable=False, index=True)
    title = db.Column(db.String(200))
    text = db.Column(db.Text, nullable=False)
    edited_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    edited_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Vote(db.Model):
    """One participant's vote of one kind on one item; priority votes carry their dots in points
    (one row per item, the dots stacked on it). One story-choice vote per participant in each
    choose step: a day with several MAG sequences keeps every sequence's votes."""

    __table_args__ = (
        db.Index("uq_vote_one_per_item", "contribution_id", "participant_id", "kind", unique=True,
                 **_where("kind <> 'story_choice'")),
        db.Index("uq_vote_one_story_choice_per_step", "participant_id", "step_index", unique=True,
                 **_where("kind = 'story_choice'")),
        db.CheckConstraint("kind <> 'story_choice' OR step_index IS NOT NULL",
                           name="story_choice_has_step"),
    )

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    contribution_id = db.Column(db.Integer, db.ForeignKey("contribution.id", ondelete="CASCADE"),
                                nullable=False)
    participant_id = db.Column(db.Integer, db.ForeignKey("participant.id", ondelete="CASCADE"),
                               nullable=False)
    kind = db.Column(db.String(20), nullable=False)
    # The choose step a story-choice vote was cast in (None for the other kinds).
    step_index = db.Column(db.Integer)
    value = db.Column(db.String(20), nullable=False)
    points = db.Column(db.Integer, nullable=False, default=1)
    client_key = db.Column(db.String(40))  # key of the last form that changed it (see Contribution)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class StoryLink(db.Model):
    """An illustrating story linked to a finding it supports (or contradicts), by the staff."""

    __table_args__ = (db.UniqueConstraint("story_id", "finding_id"),)

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    story_id = db.Column(db.Integer, db.ForeignKey("contribution.id", ondelete="CASCADE"),
                         nullable=False)
    finding_id = db.Column(db.Integer, db.ForeignKey("contribution.id", ondelete="CASCADE"),
                           nullable=False)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    story = db.relationship("Contribution", foreign_keys=[story_id])
    finding = db.relationship("Contribution", foreign_keys=[finding_id])


class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    step_index = db.Column(db.Integer, nullable=False)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    text = db.Column(db.Text, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    author = db.relationship("User")


class MethodVariant(db.Model):
    """A method as a facilitator shaped it, saved under a name for the whole team. Sessions made
    from it copy its steps: changing the variant later never changes a past session."""

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120), nullable=False, unique=True)
    method_key = db.Column(db.String(60), nullable=False)  # the built-in method it shapes
    steps = db.Column(db.JSON, nullable=False)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    @property
    def method(self) -> Method:
        return shaped(get_method(self.method_key), self.steps)
