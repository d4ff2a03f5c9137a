"""Rows several people edit from the same page (the team's transversal synthesis, its work
areas). Each has a revision, raised by one at every saved change; a form sends the revision it
showed. A save made from an older page is refused when the form is read; and, so that two saves
sent at the same instant from one page cannot both pass that check, the database writes a change
only where the stored revision is still the one read (SQLAlchemy's version counter, raised by the
rules themselves: ``UPDATE ... WHERE revision = :read``). The second save is refused too."""

from contextlib import contextmanager

from sqlalchemy.orm import declared_attr
from sqlalchemy.orm.exc import StaleDataError

from .errors import ActionError
from .extensions import db


class Revised:
    """Mixin: the revision column, checked by the database at every write of the row."""

    revision = db.Column(db.Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls):  # noqa: N805 (a class-level directive)
        return {"version_id_col": cls.__table__.c.revision, "version_id_generator": False}


def refuse_if_stale(row: Revised, shown, message: str) -> None:
    """The form showed another revision than the stored one: a colleague saved in between."""
    if str(shown) != str(row.revision):
        raise ActionError(message, 409)


def raise_revision(row: Revised) -> None:
    row.revision += 1


@contextmanager
def written_or_refused(message: str):
    """Make the edit inside, then write it; a colleague's save of the same row since it was
    read (seen at this flush or at an autoflush inside) refuses it."""
    try:
        yield
        db.session.flush()
    except StaleDataError:
        raise ActionError(message, 409) from None
