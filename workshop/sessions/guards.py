"""The rules of the method hold when requests race: ten taps on "send" in the same second from
one phone store what one tap would.

Each rule that reads before it writes (one story, one story-choice vote, the dot budget) first
takes the participant's lock, so a participant's writes run one after the other; a unique
index in the database stands behind each rule, and its refusal gets the rule's own message.
"""

from collections.abc import Callable
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from ..core.errors import ActionError
from ..core.extensions import db
from .models import Participant


def lock_participant(participant: Participant) -> None:
    """Until the commit, this participant's other writes wait for this one.

    PostgreSQL: ``SELECT … FOR UPDATE`` on the participant's row. SQLite has no row locks: the
    first write of a transaction takes the database's write lock (a serialised write, as
    ``BEGIN IMMEDIATE`` would), so the reads that follow see every earlier commit."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(db.update(Participant).where(Participant.id == participant.id)
                           .values(id=Participant.id))
    else:
        db.session.execute(db.select(Participant.id).where(Participant.id == participant.id)
                           .with_for_update())


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
