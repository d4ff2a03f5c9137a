"""What is missing in the whole synthesis (a missing axis, say): not a gap of one target but of
the material as a whole. Each participant may write one; each atelier's rapporteur writes the
atelier's. The coordinator's overview and the report for the comité list them by atelier."""

from ..core.extensions import db
from .inputs import upsert
from .models import Forum, ForumGap

MAX_GAP = 2000


def save_gap(session_id: int, participant_id: int | None, text: str, user_id: int | None = None) -> None:
    """Store (or, with an empty text, remove) a participant's gap or, without a participant, the
    atelier's."""
    key = {"session_id": session_id, "participant_id": participant_id}
    if not text:
        db.session.execute(db.delete(ForumGap).filter_by(**key))
        db.session.commit()
        return
    upsert(ForumGap, key, {"text": text, "recorded_by_id": user_id})


def gap_of(session_id: int, participant_id: int | None) -> ForumGap | None:
    return db.session.scalar(db.select(ForumGap).filter_by(session_id=session_id,
                                                           participant_id=participant_id))


def participants_gaps(session_id: int) -> list[str]:
    """The texts an atelier's participants wrote, oldest first (never who wrote them)."""
    return list(db.session.scalars(db.select(ForumGap.text).filter(
        ForumGap.session_id == session_id, ForumGap.participant_id.is_not(None)).order_by(ForumGap.id)))


def forum_gaps(forum: Forum) -> list[dict]:
    """Per atelier, the atelier's gap (its rapporteur's) and its participants' texts."""
    out = []
    for atelier in forum.ateliers:
        mine = gap_of(atelier.session_id, None)
        out.append({"atelier": atelier.name, "text": mine.text if mine else "",
                    "participants": participants_gaps(atelier.session_id)})
    return out
