"""The rapporteur's edits of the automatic synthesis and anonymisation decisions, stored apart.

The automatic draft is rebuilt from the data on every request; what the rapporteur did to it
is kept here, one row per session: ``edits`` (``tourdetable.edits/1``, replayed in order by
``synthesis.edits.apply_edits``) and ``redactions`` (for each personal-data spot of
the exported texts, "redact" or "keep").
"""

import copy

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


def stored(session_id: int) -> SynthesisEdits | None:
    return db.session.scalar(db.select(SynthesisEdits).filter_by(session_id=session_id))


def stored_edits(session_id: int) -> dict:
    row = stored(session_id)
    return copy.deepcopy(row.edits) if row else empty_edits()


def stored_redactions(session_id: int) -> dict:
    row = stored(session_id)
    return dict(row.redactions or {}) if row else {}


def _row(session_id: int) -> SynthesisEdits:
    row = stored(session_id)
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


def replace_edits(session_id: int, edits: dict) -> None:
    validate_edits(edits)
    _row(session_id).edits = copy.deepcopy(edits)


def decide(session_id: int, decisions: dict) -> None:
    """Merge ``{spot key: {"decision", "excerpt", "kind"}}`` into the stored decisions."""
    row = _row(session_id)
    merged = dict(row.redactions or {})
    merged.update(decisions)
    row.redactions = merged
