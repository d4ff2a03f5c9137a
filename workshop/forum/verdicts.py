"""An atelier's verdicts, recorded by its rapporteur; never overwritten by a stale form.

Two devices of one atelier may show the same verdict form. Each verdict has a version, raised
by one at every save, and each form sends the version it showed: the database stores a save
only if the version is still that one (a conditional update, or an insert when the form showed
no verdict), so of two saves from the same version the second is refused with the verdict as
stored now, never silently overwriting the first.
"""

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from ..core.clock import utcnow
from ..core.extensions import db
from .models import ForumVerdict

COMPARED = ("verdict", "amended", "gaps")  # what a verdict says (who recorded it aside)


class StaleVerdict(Exception):
    """The form showed an older version of the verdict than the one stored now."""

    def __init__(self, current: ForumVerdict | None):
        super().__init__("stale verdict form")
        self.current = current


def _stored(key: dict) -> ForumVerdict | None:
    return db.session.scalar(db.select(ForumVerdict).filter_by(**key))


def save_verdict(session_id: int, kind: str, target_id: str, values: dict,
                 shown_version: int) -> ForumVerdict:
    """Store the verdict if the form showed the version stored now (0: no verdict yet); raise
    ``StaleVerdict`` otherwise, unless the stored verdict already says exactly the same (the
    same form sent again after its answer was lost: nothing would be lost)."""
    key = {"session_id": session_id, "target_kind": kind, "target_id": target_id}
    try:
        return _save(key, values, shown_version)
    except StaleVerdict as stale:
        current = stale.current
        if current is not None and all(getattr(current, name) == values[name] for name in COMPARED):
            return current
        raise


def _save(key: dict, values: dict, shown_version: int) -> ForumVerdict:
    if shown_version == 0:
        verdict = ForumVerdict(**key, **values, version=1)
        db.session.add(verdict)
        try:
            db.session.commit()
            return verdict
        except IntegrityError:  # recorded meanwhile on another device
            db.session.rollback()
            raise StaleVerdict(_stored(key)) from None
    saved = db.session.execute(
        update(ForumVerdict).filter_by(**key, version=shown_version)
        .values(**values, version=ForumVerdict.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False))
    if saved.rowcount != 1:
        db.session.rollback()
        raise StaleVerdict(_stored(key))
    db.session.commit()
    verdict = _stored(key)
    db.session.refresh(verdict)
    return verdict
