"""Who may see or do what in a forum: its creator and the researchers of its project coordinate
it, with the same rights (each runs any atelier's console and reads its rapporteur's notes as
the creator does, without staffing themselves: a role grant on the ateliers' sessions); the
ateliers' staff see the plenary and the report; the project's steering committee reads the
report; an atelier works only on the targets of its programme."""

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from ..core.errors import ActionError
from ..core.extensions import db
from ..research.models import Project
from ..sessions.grants import add_role_grant
from .material import targets_of
from .models import Forum, ForumAtelier

COORDINATOR_ROLES = frozenset({"facilitator"})  # what the forum's creator holds in each atelier


def atelier_of_session(session) -> ForumAtelier:
    atelier = db.session.scalar(db.select(ForumAtelier).filter_by(session_id=session.id))
    if atelier is None:
        abort(404)
    return atelier


def _project_role(forum: Forum, user) -> str | None:
    """The user's role in the forum's project ("researcher", "committee"), if it has one."""
    project = db.session.get(Project, forum.project_id) if forum.project_id is not None else None
    return project.role_of(user) if project is not None else None


def coordinates(forum: Forum, user) -> bool:
    """The forum's creator, or a researcher of its project: the same rights."""
    if not getattr(user, "is_authenticated", False):
        return False
    return forum.created_by_id == user.id or _project_role(forum, user) == "researcher"


def _researchers_run_the_ateliers(session, user) -> set[str]:
    """In an atelier, a researcher of the forum's project holds the creator's role; the
    committee and the researchers of other projects hold nothing."""
    if session.method_key != "forum" or session.id is None:
        return set()
    forum = db.session.scalar(db.select(Forum).join(ForumAtelier)
                              .where(ForumAtelier.session_id == session.id))
    if forum is None or _project_role(forum, user) != "researcher":
        return set()
    return set(COORDINATOR_ROLES)


add_role_grant(_researchers_run_the_ateliers)


def _forum(forum_id: int) -> Forum:
    forum = db.session.get(Forum, forum_id)
    if forum is None:
        abort(404)
    return forum


def own_forum(forum_id: int) -> Forum:
    forum = _forum(forum_id)
    if not coordinates(forum, current_user):
        raise ActionError(_("Seule l'équipe qui coordonne le forum peut faire cela."), 403)
    return forum


def is_forum_staff(forum: Forum, user) -> bool:
    """Who coordinates the forum, or anyone on the staff of one of its ateliers."""
    if not getattr(user, "is_authenticated", False):
        return False
    return coordinates(forum, user) or any(atelier.session.roles_of(user) for atelier in forum.ateliers)


def staff_forum(forum_id: int) -> Forum:
    """The forum, for who coordinates it or anyone on the staff of one of its ateliers."""
    forum = _forum(forum_id)
    if not is_forum_staff(forum, current_user):
        raise ActionError(_("Seule l'équipe du forum peut voir cette page."), 403)
    return forum


def report_forum(forum_id: int) -> Forum:
    """The forum, for its staff and, reading its report only, its project's steering committee."""
    forum = _forum(forum_id)
    if not (is_forum_staff(forum, current_user) or _project_role(forum, current_user) == "committee"):
        raise ActionError(_("Seule l'équipe du forum peut voir cette page."), 403)
    return forum


def programme_target(atelier: ForumAtelier, kind: str, target_id: str) -> dict:
    target = targets_of(atelier.forum, atelier).get((kind, target_id))
    if target is None:
        message = {"axis": _("Cet axe n'est pas au programme de cet atelier."),
                   "finding": _("Ce constat n'est pas au programme de cet atelier.")}.get(
            kind, _("Cet élément n'est pas au programme de cet atelier."))
        raise ActionError(message, 404)
    return target
