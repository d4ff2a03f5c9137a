"""Who was there: the people who attended each day of each group, counted apart from registrants.

The source project had 111 registrants and 78 people in the rooms; the profile tables and the
evaluation figures describe the people who came. A participant attended a session when staff
marked them present; where attendance was not taken (``attended`` is None) someone who wrote
or voted in the session was there; someone marked absent was not. The same person on day 1 and
day 2 is followed through ``Participant.carried_from_id`` and counted once in the project.
"""

from dataclasses import dataclass, field

from ..core.extensions import db
from ..sessions.models import Contribution, Participant, Vote


@dataclass
class Day:
    """One session of a group: its number in the group, who was invited, who attended."""

    number: int
    session: object
    invited: int
    attendees: list = field(default_factory=list)  # Participant rows


def _took_part(session_id: int) -> set[int]:
    wrote = db.session.scalars(db.select(Contribution.participant_id).filter(
        Contribution.session_id == session_id, Contribution.participant_id.is_not(None)))
    voted = db.session.scalars(db.select(Vote.participant_id).filter_by(session_id=session_id))
    return set(wrote) | set(voted)


def attendees(session) -> list[Participant]:
    people = db.session.scalars(db.select(Participant).filter_by(session_id=session.id)
                                .order_by(Participant.id)).all()
    active = _took_part(session.id) if any(p.attended is None for p in people) else set()
    return [p for p in people if p.attended or (p.attended is None and p.id in active)]


def days_of(group) -> list[Day]:
    out = []
    for number, session in enumerate(group.sessions, start=1):
        invited = db.session.scalar(db.select(db.func.count(Participant.id))
                                    .filter_by(session_id=session.id))
        out.append(Day(number, session, invited, attendees(session)))
    return out


def _person_keys(project) -> dict[int, int]:
    """Participant id -> the id of the same person's first participant row in their group."""
    rows = db.session.execute(db.select(Participant.id, Participant.carried_from_id).where(
        Participant.session_id.in_([s.id for g in project.groups for s in g.sessions]))).all()
    parent = dict(rows)

    def root(pid):
        seen = set()
        while parent.get(pid) is not None and pid not in seen and parent[pid] in parent:
            seen.add(pid)
            pid = parent[pid]
        return pid

    return {pid: root(pid) for pid in parent}


def project_attendees(project, day: int | None = None) -> list[Participant]:
    """The people who attended at least one day (or day ``day``) of the project's groups, each
    once, as described on the last day they attended."""
    keys = _person_keys(project)
    people: dict[int, Participant] = {}
    for group in project.groups:
        for entry in days_of(group):
            if day is None or entry.number == day:
                for person in entry.attendees:
                    people[keys.get(person.id, person.id)] = person
    return list(people.values())


def max_days(project) -> int:
    return max((len(group.sessions) for group in project.groups), default=0)
