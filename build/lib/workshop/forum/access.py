"""Who may see or do what in a forum: its creator coordinates it; the ateliers' staff see the
plenary and the report; an atelier works only on the targets of its programme."""

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from ..core.errors import ActionError
from ..core.extensions import db
from .material import targets_of
from .models import Forum, ForumAtelier


def atelier_of_session(session) -> ForumAtelier:
    atelier = db.session.scalar(db.select(ForumAtelier).filter_by(session_id=session.id))
    if atelier is None:
        abort(404)
    return atelier


def own_forum(forum_id: int) -> Forum:
    forum = db.session.get(Forum, forum_id)
    if forum is None:
        abort(404)
    if forum.created_by_id != current_user.id:
        raise ActionError(_("Seul·e la personne qui a créé le forum peut faire cela."), 403)
    return forum


def is_forum_staff(forum: Forum, user) -> bool:
    """The forum's creator, or anyone on the staff of one of its ateliers."""
    if not getattr(user, "is_authenticated", False):
        return False
    return forum.created_by_id == user.id or any(atelier.session.roles_of(user) for atelier in forum.ateliers)


def staff_forum(forum_id: int) -> Forum:
    """The forum, for its creator or anyone on the staff of one of its ateliers."""
    forum = db.session.get(Forum, forum_id)
    if forum is None:
        abort(404)
    if not is_forum_staff(forum, current_user):
        raise ActionError(_("Seule l'équipe du forum peut voir cette page."), 403)
    return forum


def programme_target(atelier: ForumAtelier, kind: str, target_id: str) -> dict:
    target = targets_of(atelier.forum, atelier).get((kind, target_id))
    if target is None:
        message = (_("Cet axe n'est pas au programme de cet atelier.") if kind == "axis"
                   else _("Ce constat n'est pas au programme de cet atelier."))
        raise ActionError(message, 404)
    return target
