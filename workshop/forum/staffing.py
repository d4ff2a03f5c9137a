"""Staffing every atelier of a forum from one form: a member added to the ateliers ticked in one
role, or removed from one atelier. The coordinator (the forum's creator) stays on every atelier."""

from flask_babel import gettext as _

from ..core.accounts import User
from ..core.errors import ActionError
from ..core.extensions import db
from ..sessions.models import STAFF_ROLES, StaffRole
from .models import Forum, ForumAtelier


def add_staff(forum: Forum, username: str, role: str, atelier_ids: list[str]) -> list[ForumAtelier]:
    """Give ``username`` the ``role`` in each atelier ticked; returns those where it is new."""
    username = (username or "").strip()
    if not username or len(username) > 80:
        raise ActionError(_("Écrivez l'identifiant d'un membre de l'équipe."), 400)
    if role not in STAFF_ROLES:
        raise ActionError(_("Choisissez un des rôles proposés."), 400)
    chosen = [atelier for atelier in forum.ateliers if str(atelier.id) in atelier_ids]
    if not chosen or len(chosen) != len(set(atelier_ids)):
        raise ActionError(_("Cochez au moins un atelier de ce forum."), 400)
    user = db.session.scalar(db.select(User).filter_by(username=username))
    if user is None:
        raise ActionError(_("Aucun compte ne porte cet identifiant."), 404)
    added = [atelier for atelier in chosen if role not in atelier.session.roles_of(user)]
    for atelier in added:
        atelier.session.staff.append(StaffRole(user_id=user.id, role=role))
    return added


def remove_staff(forum: Forum, role_id: int) -> ForumAtelier:
    """Take one role away in one atelier; the coordinator's own roles stay."""
    role = db.session.get(StaffRole, role_id)
    atelier = role and next((a for a in forum.ateliers if a.session_id == role.session_id), None)
    if atelier is None:
        raise ActionError(_("Ce membre ne fait pas partie de l'équipe de ce forum."), 404)
    if role.user_id == forum.created_by_id:
        raise ActionError(_("La personne qui coordonne le forum reste dans l'équipe de chaque atelier."), 409)
    db.session.delete(role)
    return atelier
