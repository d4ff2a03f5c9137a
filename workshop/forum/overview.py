"""The coordinator's overview: for every atelier, its staff, who joined, how far it got
(answers, verdicts x/N) and who is connected now. Counts only, a handful of grouped queries
for the whole forum, so the live table stays cheap at 8 ateliers and 80 phones."""

from datetime import timedelta

from ..core.clock import utcnow
from ..core.extensions import db
from ..sessions.models import PRESENCE_SECONDS, Participant
from .material import targets_of
from .models import Forum, ForumAnswer, ForumVerdict


def _per_session(query) -> dict[int, int]:
    return dict(db.session.execute(query).all())


def overview_rows(forum: Forum) -> list[dict]:
    sessions = [atelier.session_id for atelier in forum.ateliers]
    recent = utcnow() - timedelta(seconds=PRESENCE_SECONDS)
    joined = _per_session(db.select(Participant.session_id, db.func.count())
                          .filter(Participant.session_id.in_(sessions)).group_by(Participant.session_id))
    connected = _per_session(db.select(Participant.session_id, db.func.count())
                             .filter(Participant.session_id.in_(sessions), Participant.last_seen >= recent)
                             .group_by(Participant.session_id))
    answered = _per_session(
        db.select(ForumAnswer.session_id, db.func.count(db.distinct(ForumAnswer.participant_id)))
        .filter(ForumAnswer.session_id.in_(sessions)).group_by(ForumAnswer.session_id))
    answers = _per_session(db.select(ForumAnswer.session_id, db.func.count())
                           .filter(ForumAnswer.session_id.in_(sessions)).group_by(ForumAnswer.session_id))
    verdicts: dict[int, set] = {}
    for session_id, kind, target_id in db.session.execute(
            db.select(ForumVerdict.session_id, ForumVerdict.target_kind, ForumVerdict.target_id)
            .filter(ForumVerdict.session_id.in_(sessions))):
        verdicts.setdefault(session_id, set()).add((kind, target_id))
    rows = []
    for atelier in forum.ateliers:
        sid = atelier.session_id
        programme = targets_of(forum, atelier)
        rows.append({
            "atelier": atelier, "session": atelier.session,
            "staff": sorted(atelier.session.staff, key=lambda role: (role.role, role.user.username)),
            "joined": joined.get(sid, 0), "connected": connected.get(sid, 0),
            "answered": answered.get(sid, 0), "answers": answers.get(sid, 0),
            "targets": len(programme), "verdicts": len(verdicts.get(sid, set()) & set(programme))})
    return rows


def totals(rows: list[dict]) -> dict:
    return {name: sum(row[name] for row in rows)
            for name in ("joined", "connected", "answered", "answers", "targets", "verdicts")}
