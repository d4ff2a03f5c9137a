"""The projector's own link: a read-only address with a secret, so the room's PC needs no staff
login. It shows what the projector shows and joins only the projector's live room. The
facilitator makes it and revokes it (a new secret: the old link answers 404 and its live
connections are closed)."""

import re
import secrets

from flask_babel import gettext as _

from ..core.errors import ActionError
from ..core.extensions import db
from ..core.throttles import look_up_link
from .models import WorkshopSession

SECRET = re.compile(r"[\w-]{20,64}", re.ASCII)  # the shape of a projector link's secret


def renew(session: WorkshopSession) -> str:
    """A new secret; the previous link, if any, stops working."""
    session.projector_secret = secrets.token_urlsafe(24)
    return session.projector_secret


def revoke(session: WorkshopSession) -> None:
    session.projector_secret = None


def by_secret(secret: str) -> WorkshopSession | None:
    """The session whose projector link has this secret, without throttling (live connections)."""
    if not isinstance(secret, str) or not SECRET.fullmatch(secret):
        return None
    return db.session.scalar(db.select(WorkshopSession).filter_by(projector_secret=secret))


def session_of_link(secret: str) -> WorkshopSession:
    """The session of a projector link; unknown secrets are throttled per address like every link."""
    return look_up_link(lambda: by_secret(secret),
                        lambda: ActionError(_("Ce lien de projecteur n'est pas valable."), 404))


def link_room(secret: str) -> str:
    """The room of the connections opened through one link: closed when the link is revoked."""
    return f"projector-link:{secret}"
