"""The tables of the recommendations and their follow-up (``forum.work_areas``): a project's
work areas (*chantiers*) at micro, méso or macro level, their sources (items of the team's
transversal synthesis pool) and the forum verdicts they answer, the answers given over time, the
history of every change, and the secret of the public follow-up page.

They live in the forum context because a work area points to forum verdicts (forum, target kind,
target id: the same columns as ``ForumVerdict``, so new kinds of targets need nothing here)."""

from ..core.accounts import User
from ..core.clock import utcnow
from ..core.extensions import db
from ..core.revisions import Revised

LEVELS = ("micro", "meso", "macro")
STATUSES = ("proposed", "adopted", "in_progress", "done", "dropped")


class WorkArea(Revised, db.Model):
    """A chantier: a recommendation the team drafts and whose follow-up it records."""

    __tablename__ = "work_area"
    __table_args__ = (
        db.CheckConstraint("level IN ('micro', 'meso', 'macro')", name="work_area_level"),
        db.CheckConstraint("status IN ('proposed', 'adopted', 'in_progress', 'done', 'dropped')",
                           name="work_area_status"),
    )

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.Integer, db.ForeignKey("project.id", ondelete="CASCADE"), nullable=False,
                           index=True)
    title = db.Column(db.String(200), nullable=False)
    level = db.Column(db.String(8), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    owner = db.Column(db.String(200), nullable=False, default="")  # a body ("Direction du CPAS")
    status = db.Column(db.String(12), nullable=False, default="proposed")
    due_on = db.Column(db.Date)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    sources = db.relationship("WorkAreaSource", cascade="all, delete-orphan", order_by="WorkAreaSource.id")
    verdicts = db.relationship("WorkAreaVerdict", cascade="all, delete-orphan",
                               order_by="WorkAreaVerdict.id")
    answers = db.relationship("WorkAreaAnswer", cascade="all, delete-orphan",
                              order_by=lambda: (WorkAreaAnswer.answered_on.desc(), WorkAreaAnswer.id.desc()))
    changes = db.relationship("WorkAreaChange", cascade="all, delete-orphan",
                              order_by=lambda: WorkAreaChange.id.desc())


class WorkAreaSource(db.Model):
    """A source proposal (or any item of the pool), by its id in ``research.transversal.pool``."""

    __tablename__ = "work_area_source"
    __table_args__ = (db.UniqueConstraint("work_area_id", "item_id"),)

    id = db.Column(db.Integer, primary_key=True)
    work_area_id = db.Column(db.Integer, db.ForeignKey("work_area.id", ondelete="CASCADE"), nullable=False,
                             index=True)
    item_id = db.Column(db.String(200), nullable=False)


class WorkAreaVerdict(db.Model):
    """The forum verdicts on one target that the work area answers: every atelier's verdict on it."""

    __tablename__ = "work_area_verdict"
    __table_args__ = (db.UniqueConstraint("work_area_id", "forum_id", "target_kind", "target_id"),)

    id = db.Column(db.Integer, primary_key=True)
    work_area_id = db.Column(db.Integer, db.ForeignKey("work_area.id", ondelete="CASCADE"), nullable=False,
                             index=True)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False)
    target_kind = db.Column(db.String(8), nullable=False)
    target_id = db.Column(db.String(80), nullable=False)


class WorkAreaAnswer(db.Model):
    """What was done or answered, dated: the follow-up participants can read."""

    __tablename__ = "work_area_answer"

    id = db.Column(db.Integer, primary_key=True)
    work_area_id = db.Column(db.Integer, db.ForeignKey("work_area.id", ondelete="CASCADE"), nullable=False,
                             index=True)
    answered_on = db.Column(db.Date, nullable=False)
    text = db.Column(db.Text, nullable=False)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class WorkAreaChange(db.Model):
    """One change of a work area: who on the team changed which field, from what to what, when."""

    __tablename__ = "work_area_change"

    id = db.Column(db.Integer, primary_key=True)
    work_area_id = db.Column(db.Integer, db.ForeignKey("work_area.id", ondelete="CASCADE"), nullable=False,
                             index=True)
    changed_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    changed_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    field = db.Column(db.String(20), nullable=False)
    before = db.Column(db.Text, nullable=False, default="")
    after = db.Column(db.Text, nullable=False, default="")

    changed_by = db.relationship(User)


class FollowupLink(db.Model):
    """The secret of a project's public follow-up page; None once revoked."""

    __tablename__ = "followup_link"

    project_id = db.Column(db.Integer, db.ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    secret = db.Column(db.String(64), unique=True)
