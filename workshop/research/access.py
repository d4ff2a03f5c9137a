"""Who may open a project: its research team (researchers with equal rights) does everything; its
steering committee reads the anonymised reports and syntheses and comments; a registration
link: anyone, while it is open."""

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from ..core.errors import ActionError
from ..core.extensions import db
from .models import Project, Registration, WorkshopGroup


def _project(project_id: int, roles: tuple[str, ...], message: str) -> Project:
    project = db.session.get(Project, project_id)
    if project is None:
        abort(404)
    if project.role_of(current_user) not in roles:
        raise ActionError(message, 403)
    return project


def own_project(project_id: int) -> Project:
    """The project, if the logged-in staff member is one of its researchers."""
    return _project(project_id, ("researcher",),
                    _("Seule l'équipe de recherche du projet peut faire cela."))


def followed_project(project_id: int) -> Project:
    """The project, for its researchers and the members of its steering committee (read only)."""
    return _project(project_id, ("researcher", "committee"),
                    _("Seuls l'équipe de recherche et le comité d'accompagnement du projet peuvent voir "
                      "cette page."))


def project_group(project: Project, group_id: int) -> "WorkshopGroup":
    group = db.session.get(WorkshopGroup, group_id)
    if group is None or group.project_id != project.id:
        abort(404)
    return group


def open_project(token: str) -> Project:
    project = db.session.scalar(db.select(Project).filter_by(registration_token=token))
    if project is None:
        raise ActionError(_("Ce lien d'inscription n'est pas valable."), 404)
    if not project.registration_open:
        raise ActionError(_("Les inscriptions à ce projet sont fermées."), 410)
    return project


def project_registration(project: Project, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.project_id != project.id:
        abort(404)
    return registration
