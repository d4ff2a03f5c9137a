"""The rapporteur's edits of the automatic synthesis and anonymisation decisions, stored apart.

The automatic draft is rebuilt from the data on every request; what the rapporteur did to it
is kept here, one row per session: ``edits`` (``tourdetable.edits/1``, replayed in order by
``synthesis.edits.apply_edits``) and ``redactions`` (for each distinct value of personal data
in the exported texts, and for an occurrence decided otherwise, "redact" or "keep").
"""

import copy

from ..core.accounts import User
from ..core.clock import utcnow
from ..core.extensions import db
from ..synthesis.edits import empty_edits, validate_edits

DECISIONS = ("redact", "keep")


class SynthesisEdits(db.Model):
    __tablename__ = "synthesis_edits"

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, unique=True)
    edits = db.Column(db.JSON, nullable=False, default=empty_edits)
    # {spot key: {"decision": "redact"|"keep", "excerpt": str, "kind": str}}
    redactions = db.Column(db.JSON, nullable=False, default=dict)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class PersonalDataEvent(db.Model):
    """Who did what with a session's personal data, and when: a complete archive downloaded,
    the report declared final (or reopened), the personal data purged. Kept after a purge."""

    __tablename__ = "personal_data_event"

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))  # None: the command line
    action = db.Column(db.String(20), nullable=False)  # archive | final | reopened | purge
    at = db.Column(db.DateTime, nullable=False, default=utcnow)
    details = db.Column(db.JSON)

    user = db.relationship(User)


def stored(session_id: int) -> SynthesisEdits | None:
    return db.session.scalar(db.select(SynthesisEdits).filter_by(session_id=session_id))


def stored_edits(session_id: int) -> dict:
    row = stored(session_id)
    return copy.deepcopy(row.edits) if row else empty_edits()


def stored_redactions(session_id: int) -> dict:
    row = stored(session_id)
    return dict(row.redactions or {}) if row else {}


def _row(session_id: int) -> SynthesisEdits:
    """The row to change, locked until the commit (PostgreSQL): two saves at the same moment
    are merged one after the other, neither lost."""
    row = db.session.scalar(db.select(SynthesisEdits).filter_by(session_id=session_id)
                            .with_for_update().execution_options(populate_existing=True))
    if row is None:
        row = SynthesisEdits(session_id=session_id, edits=empty_edits(), redactions={})
        db.session.add(row)
    return row


def append_operation(session_id: int, operation: dict) -> dict:
    """Add one edit after the others; raises DocumentError if the result is not well formed."""
    row = _row(session_id)
    edits = copy.deepcopy(row.edits or empty_edits())
    edits.setdefault("operations", []).append(operation)
    validate_edits(edits)
    row.edits = edits  # a new object, so SQLAlchemy sees the change
    return edits


def undo_operation(session_id: int, index: int, at: str | None, user_id: int) -> dict | None:
    """Take edit ``index`` out of the replayed operations (the later ones still apply: they
    name themes by content) and keep it in ``undone`` with who undid it and when. None when
    the edit at ``index`` is no longer the one stamped ``at`` (someone else changed the list)."""
    row = _row(session_id)
    edits = copy.deepcopy(row.edits or empty_edits())
    operations = edits.get("operations", [])
    if not 0 <= index < len(operations) or operations[index].get("at") != at:
        return None
    operation = operations.pop(index)
    edits.setdefault("undone", []).append(
        dict(operation, undone_by=user_id, undone_at=utcnow().isoformat()))
    validate_edits(edits)
    row.edits = edits
    return operation


def replace_edits(session_id: int, edits: dict) -> None:
    validate_edits(edits)
    _row(session_id).edits = copy.deepcopy(edits)


def decide(session_id: int, decisions: dict, cleared: set | frozenset = frozenset()) -> None:
    """Merge ``{key: {"decision", "excerpt", "kind"}}`` into the stored decisions (a key is a
    distinct value or one occurrence, ``workspace.redaction``); forget the ``cleared`` keys."""
    row = _row(session_id)
    merged = {key: value for key, value in (row.redactions or {}).items() if key not in cleared}
    merged.update(decisions)
    row.redactions = merged
