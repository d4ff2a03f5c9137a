"""The public follow-up page's link: a read-only address with its own secret, so participants can
see what became of what they said without an account. The team makes it and revokes it; a
revoked or unknown secret answers 404 (and unknown ones are throttled like every link)."""

import secrets

from flask_babel import gettext as _

from ..core.errors import ActionError
from ..core.extensions import db
from ..core.throttles import look_up_link
from ..research.models import Project
from ..sessions.projector_link import SECRET
from .work_area_models import FollowupLink


def secret_of(project) -> str | None:
    link = db.session.get(FollowupLink, project.id)
    return link.secret if link else None


def renew(project) -> str:
    """A new secret; the previous link, if any, stops working."""
    link = db.session.get(FollowupLink, project.id)
    if link is None:
        link = FollowupLink(project_id=project.id)
        db.session.add(link)
    link.secret = secrets.token_urlsafe(24)
    return link.secret


def revoke(project) -> None:
    link = db.session.get(FollowupLink, project.id)
    if link is not None:
        link.secret = None


def project_of_link(secret: str) -> Project:
    link = look_up_link(
        lambda: db.session.scalar(db.select(FollowupLink).filter_by(secret=secret))
        if SECRET.fullmatch(secret or "") else None,
        lambda: ActionError(_("Ce lien de suivi n'est pas valable."), 404))
    return db.session.get(Project, link.project_id)
