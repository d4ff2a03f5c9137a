"""The rules of the method hold when requests race: ten taps on "send" in the same second from
one phone store what one tap would.

Each rule that reads before it writes (one story, one story-choice vote, the dot budget) first
takes the participant's lock, so a participant's writes run one after the other; a unique
index in the database stands behind each rule, and its refusal gets the rule's own message.
"""

from collections.abc import Callable
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session as SaSession

from ..core.errors import ActionError
from ..core.extensions import db
from .models import Participant

_LOCKED = "locked_participants"  # in Session.info: the participants locked in this transaction


def lock_participant(participant: Participant) -> None:
    """Until the commit, this participant's other writes wait for this one.

    PostgreSQL: ``SELECT … FOR UPDATE`` on the participant's row (or nothing more, when the
    request read the participant with that lock: ``read_locked``). SQLite has no row locks: the
    first write of a transaction takes the database's write lock (a serialised write, as
    ``BEGIN IMMEDIATE`` would), so the reads that follow see every earlier commit."""
    held = db.session.info.setdefault(_LOCKED, set())
    if participant.id in held:
        return
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(db.update(Participant).where(Participant.id == participant.id)
                           .values(id=Participant.id))
    else:
        db.session.execute(db.select(Participant.id).where(Participant.id == participant.id)
                           .with_for_update())
    held.add(participant.id)


def read_locked(query) -> Participant | None:
    """The participant ``query`` finds, its row lock taken as it is read where the database has
    row locks: a write then costs one round trip fewer (``lock_participant`` knows it holds the
    lock). On SQLite the first write takes the lock."""
    if db.session.get_bind().dialect.name == "sqlite":
        return db.session.scalar(query)
    participant = db.session.scalar(query.with_for_update(of=Participant))
    if participant is not None:
        db.session.info.setdefault(_LOCKED, set()).add(participant.id)
    return participant


@event.listens_for(SaSession, "after_transaction_end")
def _locks_released(session, transaction) -> None:
    """A commit or a rollback releases the row locks: the next write asks again."""
    session.info.pop(_LOCKED, None)


@contextmanager
def refused_as(message: Callable[[], str], status: int = 409):
    """Writes whose unique index refuses them get ``message()``, the rule's own message, and
    nothing of the request is kept."""
    try:
        yield
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ActionError(message(), status) from None
