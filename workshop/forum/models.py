"""Validation forum (DESIGN §1c): parallel ateliers validate a project's cross-group synthesis.

A forum keeps a copy of its material: the project's cross-group synthesis (axes with findings,
visions and proposals, every item with its source group and session), or a synthesis imported
in the same JSON format. Each atelier is a session of method ``forum`` with its own join code,
projector, facilitator and rapporteur, working on all or some of the axes. Participants answer
the questions on each axis as a whole and on each of its findings, visions and proposals: these
are the questions' *targets*, named by kind (``TARGET_KINDS``) and id. Coverage and
generalisability are asked of every target, priority of proposals only (``asks_priority``).
The atelier's rapporteur records the atelier's verdict per target: validated, invalidated or
amended. The plenary follows live (``forum.live``); the atelier's projector and staff screens
show its programme, answer counts and verdicts live (the session channel).
"""

from ..core.clock import utcnow
from ..core.extensions import db

COVERAGE = ("covered", "gaps")
SCOPE = ("all", "some")
PRIORITY = ("yes", "partly", "no")
VERDICTS = ("validated", "invalidated", "amended")
TARGET_KINDS = ("axis", "finding", "vision", "proposal")
ITEM_KINDS = {"findings": "finding", "visions": "vision", "proposals": "proposal"}  # an axis's lists
MAX_ATELIERS = 12
TARGET_CHECK = "target_kind IN ({})".format(", ".join(f"'{kind}'" for kind in TARGET_KINDS))


def asks_priority(kind: str) -> bool:
    """"Do the proposals target what most needs changing?" is asked of a proposal only."""
    return kind == "proposal"


class Forum(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    project_id = db.Column(db.Integer, db.ForeignKey("project.id", ondelete="SET NULL"), index=True)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    material = db.Column(db.JSON, nullable=False)  # the synthesis, as when the forum was created
    # The review of its report's personal data (forum.review): {value or occurrence: decision}.
    redactions = db.Column(db.JSON)
    # Whether one person (a device, a personal link) may join several of its ateliers.
    several_ateliers = db.Column(db.Boolean, nullable=False, default=False, server_default=db.false())
    # What the plenary shows (``forum.plenary``): the tally (at a page) or one target in focus.
    plenary_mode = db.Column(db.String(8), nullable=False, default="tally", server_default="tally")
    plenary_page = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    focus_kind = db.Column(db.String(8))
    focus_id = db.Column(db.String(80))
    # The team's conclusions, the closing section of the report for the comité (``forum.report``).
    conclusions = db.Column(db.Text, nullable=False, default="", server_default="")

    ateliers = db.relationship("ForumAtelier", back_populates="forum", cascade="all, delete-orphan",
                               order_by="ForumAtelier.id")


class ForumAtelier(db.Model):
    """One atelier: a session of method ``forum`` and the axes it works on (None: all)."""

    id = db.Column(db.Integer, primary_key=True)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False)
    axes = db.Column(db.JSON)

    forum = db.relationship("Forum", back_populates="ateliers")
    session = db.relationship("WorkshopSession")


class ForumAnswer(db.Model):
    """A participant's answers to the questions on one target (priority: a proposal's only)."""

    __table_args__ = (db.UniqueConstraint("participant_id", "target_kind", "target_id"),
                      db.CheckConstraint(TARGET_CHECK, name="target_kind"))

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    participant_id = db.Column(db.Integer, db.ForeignKey("participant.id", ondelete="CASCADE"),
                               nullable=False)
    target_kind = db.Column(db.String(8), nullable=False)
    target_id = db.Column(db.String(80), nullable=False)
    coverage = db.Column(db.String(10), nullable=False)
    gaps = db.Column(db.Text, nullable=False, default="")
    scope = db.Column(db.String(10), nullable=False)
    scope_which = db.Column(db.Text, nullable=False, default="")
    priority = db.Column(db.String(10))  # None where the question is not asked
    client_key = db.Column(db.String(40))  # the key of the form that last changed it
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class ForumVerdict(db.Model):
    """The atelier's verdict on one target (an axis or an item of it), recorded by its rapporteur."""

    __table_args__ = (db.UniqueConstraint("session_id", "target_kind", "target_id"),
                      db.CheckConstraint(TARGET_CHECK, name="target_kind"))

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    target_kind = db.Column(db.String(8), nullable=False)
    target_id = db.Column(db.String(80), nullable=False)
    verdict = db.Column(db.String(12), nullable=False)
    amended = db.Column(db.Text, nullable=False, default="")
    gaps = db.Column(db.Text, nullable=False, default="")
    recorded_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    # Raised by one at every save; a save from a form that showed an older version is refused
    # (two devices of one atelier, ``forum.verdicts``).
    version = db.Column(db.Integer, nullable=False, default=1, server_default="1")
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class ForumSeat(db.Model):
    """A device's one place in a forum (``forum.seats``): the unique index keeps one atelier per
    device even when two joins race; inserted in the participant's own transaction."""

    __table_args__ = (db.UniqueConstraint("forum_id", "device"),)

    id = db.Column(db.Integer, primary_key=True)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False)
    device = db.Column(db.String(64), nullable=False)
    participant_id = db.Column(db.Integer, db.ForeignKey("participant.id", ondelete="CASCADE"),
                               nullable=False, index=True)

    participant = db.relationship("Participant")


class ForumGap(db.Model):
    """What is missing in the whole synthesis (an axis nobody wrote, say), as one atelier saw it:
    a participant's own text (one each), or the atelier's, written by its rapporteur
    (``participant_id`` empty). Not tied to a target (``forum.gaps``)."""

    __tablename__ = "forum_gap"
    __table_args__ = (db.UniqueConstraint("session_id", "participant_id"),)

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    participant_id = db.Column(db.Integer, db.ForeignKey("participant.id", ondelete="CASCADE"))
    recorded_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))  # the rapporteur, for the atelier's
    text = db.Column(db.Text, nullable=False)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
