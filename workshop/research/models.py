"""What a research project stores: its team and steering committee, its themes (note and
initial findings), its thematic groups, the registrations to it, the committee's comments and
the team's transversal synthesis. A group's sessions are ``sessions.models.WorkshopSession`` rows
that point to it."""

import secrets
import uuid

from ..core.accounts import User
from ..core.clock import utcnow
from ..core.extensions import db
from ..core.revisions import Revised
from ..sessions.models import WorkshopSession
from .composition import Person

HORIZON_YEARS = 5


def default_horizon(day=None) -> int:
    return (day or utcnow()).year + HORIZON_YEARS


class Project(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)  # who created it
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    # The public registration link carries this token (research.registration).
    registration_token = db.Column(db.String(40), unique=True, nullable=False,
                                   default=lambda: secrets.token_urlsafe(12))
    registration_open = db.Column(db.Boolean, nullable=False, default=False)
    # The year the groups' visions look to ("En 2031, …"): five years ahead by default.
    horizon_year = db.Column(db.Integer, nullable=False, default=lambda: default_horizon())

    themes = db.relationship("Theme", back_populates="project", cascade="all, delete-orphan",
                             order_by="Theme.id")
    groups = db.relationship("WorkshopGroup", back_populates="project",
                             cascade="all, delete-orphan", order_by="WorkshopGroup.id")
    members = db.relationship("ProjectMember", back_populates="project", cascade="all, delete-orphan",
                              order_by="ProjectMember.id")

    def role_of(self, user) -> str | None:
        """"researcher", "committee" or None."""
        if not getattr(user, "is_authenticated", False):
            return None
        return next((m.role for m in self.members if m.user_id == user.id), None)


PROJECT_ROLES = ("researcher", "committee")


class ProjectMember(db.Model):
    """A member of the project: a researcher of its team (all with the same rights) or a member of
    its steering committee (reads the anonymised reports and syntheses, comments)."""

    __tablename__ = "project_member"
    __table_args__ = (db.UniqueConstraint("project_id", "user_id"),
                      db.CheckConstraint("role IN ('researcher', 'committee')", name="project_role"))

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.Integer, db.ForeignKey("project.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False, index=True)
    role = db.Column(db.String(20), nullable=False)
    added_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    project = db.relationship("Project", back_populates="members")
    user = db.relationship(User)


class ProjectComment(db.Model):
    """A comment of the steering committee, or the team's answer to one (``answer_to_id``)."""

    __tablename__ = "project_comment"

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.Integer, db.ForeignKey("project.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    author_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    answer_to_id = db.Column(db.Integer, db.ForeignKey("project_comment.id", ondelete="CASCADE"),
                             index=True)
    text = db.Column(db.Text, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    author = db.relationship(User)
    answers = db.relationship("ProjectComment", cascade="all, delete-orphan",
                              order_by="ProjectComment.id")


class Theme(db.Model):
    """A theme of the project: a short note and the researchers' initial findings."""

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.Integer, db.ForeignKey("project.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    title = db.Column(db.String(200), nullable=False)
    note = db.Column(db.Text, nullable=False, default="")
    initial_findings = db.Column(db.Text, nullable=False, default="")  # one finding per line

    project = db.relationship("Project", back_populates="themes")

    @property
    def findings(self) -> list[str]:
        return [line.strip() for line in self.initial_findings.splitlines() if line.strip()]


class WorkshopGroup(db.Model):
    """A thematic group: works one theme, meets in successive sessions."""

    __tablename__ = "workshop_group"

    id = db.Column(db.Integer, primary_key=True)
    uid = db.Column(db.String(32), unique=True, nullable=False,
                    default=lambda: uuid.uuid4().hex)  # a stable id, like a session's
    project_id = db.Column(db.Integer, db.ForeignKey("project.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    theme_id = db.Column(db.Integer, db.ForeignKey("theme.id"), nullable=False)
    name = db.Column(db.String(120), nullable=False)
    capacity = db.Column(db.Integer, nullable=False, default=10)
    first_date = db.Column(db.Date)  # planned dates of day 1 and day 2
    second_date = db.Column(db.Date)

    project = db.relationship("Project", back_populates="groups")
    theme = db.relationship("Theme")
    sessions = db.relationship(WorkshopSession, order_by=WorkshopSession.id,
                               primaryjoin="WorkshopGroup.id == WorkshopSession.group_id",
                               foreign_keys=[WorkshopSession.group_id], viewonly=True)

    def dates(self) -> list:
        """Planned dates, else the dates of its sessions."""
        planned = [d for d in (self.first_date, self.second_date) if d]
        return planned or [s.scheduled_for for s in self.sessions if s.scheduled_for]


class Registration(db.Model):
    __table_args__ = (db.UniqueConstraint("project_id", "email"),)

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.Integer, db.ForeignKey("project.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    name = db.Column(db.String(120), nullable=False)
    email = db.Column(db.String(200), nullable=False)  # stored lower-cased
    organisation = db.Column(db.String(120), nullable=False)
    organisation_size = db.Column(db.String(20), nullable=False)
    service = db.Column(db.String(20), nullable=False)
    function = db.Column(db.String(20), nullable=False)
    hierarchy = db.Column(db.String(20), nullable=False)
    seniority = db.Column(db.String(20), nullable=False)
    language = db.Column(db.String(5), nullable=False)
    preferences = db.Column(db.JSON, nullable=False, default=list)  # theme ids, best first
    consent_at = db.Column(db.DateTime, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    group_id = db.Column(db.Integer, db.ForeignKey("workshop_group.id", ondelete="SET NULL"))
    confirmed = db.Column(db.Boolean, nullable=False, default=False)

    group = db.relationship(WorkshopGroup)

    def person(self) -> Person:
        return Person(self.id, {"function": self.function, "hierarchy": self.hierarchy,
                                "service": self.service, "organisation": self.organisation},
                      list(self.preferences or []))


# --- the transversal synthesis the team writes (research.transversal) ------------------------------

AXIS_KINDS = ("diagnosis", "perspective")


class TransversalAxis(Revised, db.Model):
    """An axis of the team's transversal synthesis: a diagnosis or a perspective."""

    __tablename__ = "transversal_axis"
    __table_args__ = (db.CheckConstraint("kind IN ('diagnosis', 'perspective')", name="axis_kind"),)

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.Integer, db.ForeignKey("project.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    title = db.Column(db.String(200), nullable=False)
    kind = db.Column(db.String(20), nullable=False)
    position = db.Column(db.Integer, nullable=False, default=0)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    updated_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))

    statements = db.relationship("TransversalStatement", back_populates="axis",
                                 cascade="all, delete-orphan",
                                 order_by="(TransversalStatement.position, TransversalStatement.id)")
    updated_by = db.relationship(User)


class TransversalStatement(Revised, db.Model):
    """A statement the team wrote under an axis, linked to the items it stands on."""

    __tablename__ = "transversal_statement"

    id = db.Column(db.Integer, primary_key=True)
    axis_id = db.Column(db.Integer, db.ForeignKey("transversal_axis.id", ondelete="CASCADE"),
                        nullable=False, index=True)
    text = db.Column(db.Text, nullable=False)
    position = db.Column(db.Integer, nullable=False, default=0)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)
    updated_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))

    axis = db.relationship("TransversalAxis", back_populates="statements")
    links = db.relationship("TransversalLink", cascade="all, delete-orphan", order_by="TransversalLink.id")
    quotes = db.relationship("TransversalQuote", cascade="all, delete-orphan", order_by="TransversalQuote.id")
    updated_by = db.relationship(User)


class TransversalLink(db.Model):
    """A source item of a statement: ``item_id`` names it as the project's pool does
    (``research.sources``: the session's stable id and the contribution), from any group."""

    __tablename__ = "transversal_link"
    __table_args__ = (db.UniqueConstraint("statement_id", "item_id"),)

    id = db.Column(db.Integer, primary_key=True)
    statement_id = db.Column(db.Integer, db.ForeignKey("transversal_statement.id", ondelete="CASCADE"),
                             nullable=False, index=True)
    item_id = db.Column(db.String(80), nullable=False)


MAX_QUOTE = 600  # characters: a passage, not a whole story (and a unique index PostgreSQL accepts)


class TransversalQuote(db.Model):
    """A passage of a source item the statement quotes: the participants' own words as an
    illustration. ``text`` is a substring of the item's text (whitespace normalised) when it
    was chosen; ``research.transversal.document`` checks it still is before showing it."""

    __tablename__ = "transversal_quote"
    __table_args__ = (db.UniqueConstraint("statement_id", "item_id", "text"),
                      db.CheckConstraint(f"length(text) BETWEEN 1 AND {MAX_QUOTE}", name="quote_length"))

    id = db.Column(db.Integer, primary_key=True)
    statement_id = db.Column(db.Integer, db.ForeignKey("transversal_statement.id", ondelete="CASCADE"),
                             nullable=False, index=True)
    item_id = db.Column(db.String(80), nullable=False)
    text = db.Column(db.Text, nullable=False)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class TransversalVersion(db.Model):
    """A named snapshot of the transversal synthesis, as it read then (texts and sources)."""

    __tablename__ = "transversal_version"
    __table_args__ = (db.UniqueConstraint("project_id", "number"),)

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.Integer, db.ForeignKey("project.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    number = db.Column(db.Integer, nullable=False)
    name = db.Column(db.String(200), nullable=False)
    document = db.Column(db.JSON, nullable=False)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    created_by = db.relationship(User)
