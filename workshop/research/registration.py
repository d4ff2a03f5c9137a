"""Registration to a research project, and composing its thematic groups from the registrations.

The public link /register/<token> (opened and closed by the coordinator) asks for a name, an
e-mail address, the profile (organisation, size, service, function, hierarchical position,
seniority, language), ranked theme preferences and consent to the use of the data. The
coordinator then composes the groups (``composition``), adjusts by hand, confirms, and
downloads the confirmed list with the dates as CSV. Confirmed registrants become the
participants of their group's first session.
"""

from flask_babel import gettext as _

from ..core.clock import utcnow
from ..core.errors import ActionError
from ..core.extensions import db
from ..sessions.models import Participant
from ..sessions.profiles import PROFILE_CHOICES
from ..sessions.pseudonyms import distinct_pseudonym
from .composition import Group, compose, evaluate
from .models import Registration


def registrations_of(project) -> list[Registration]:
    return list(db.session.scalars(db.select(Registration).filter_by(project_id=project.id)
                                   .order_by(Registration.id)))


def register(project, form) -> Registration:
    """A registration from the public form, once per e-mail address and project."""
    preferences = form.preferences()
    email = form.email.data.strip().lower()
    if db.session.scalar(db.select(Registration.id).filter_by(project_id=project.id, email=email)):
        raise ActionError(_("Une inscription existe déjà avec cette adresse e-mail pour ce projet."), 409)
    registration = Registration(project_id=project.id, email=email, preferences=preferences,
                                consent_at=utcnow(), name=form.name.data.strip(),
                                organisation=form.organisation.data.strip())
    for name in PROFILE_CHOICES:
        setattr(registration, name, getattr(form, name).data)
    db.session.add(registration)
    return registration


def _groups(project) -> list[Group]:
    return [Group(g.id, g.theme_id, g.capacity) for g in project.groups]


def composition_scores(project, people: list[Registration]) -> dict:
    return evaluate([r.person() for r in people], _groups(project),
                    {r.id: r.group_id for r in people if r.group_id})


def compose_groups(project) -> None:
    """Place every registrant not yet confirmed, in the room the confirmed ones leave."""
    if not project.groups:
        raise ActionError(_("Créez d'abord les groupes."), 409)
    everyone = registrations_of(project)
    people = [r for r in everyone if not r.confirmed]
    if not people:
        raise ActionError(_("Aucune inscription à répartir."), 409)
    groups = _groups(project)
    taken = {g.id: 0 for g in groups}
    for r in everyone:
        if r.confirmed and r.group_id in taken:
            taken[r.group_id] += 1
    room = [Group(g.id, g.theme_id, g.capacity - taken[g.id]) for g in groups]
    result = compose([r.person() for r in people], room, seed=project.id)
    for r in people:
        r.group_id = result.assignment.get(r.id)


def move(project, registration: Registration, value: str) -> None:
    """Manual adjustment: put a registrant in another group (``value``, a group id) or none
    (empty), within capacity."""
    if value == "":
        registration.group_id = None
        registration.confirmed = False
        return
    group = next((g for g in project.groups if str(g.id) == value), None)
    if group is None:
        raise ActionError(_("Ce groupe n'existe pas dans ce projet."), 400)
    if group.id != registration.group_id:
        members = db.session.scalar(db.select(db.func.count(Registration.id)).filter_by(group_id=group.id))
        if members >= group.capacity:
            raise ActionError(_("Ce groupe est complet."), 409)
        registration.group_id = group.id


def confirm(project) -> None:
    for registration in registrations_of(project):
        registration.confirmed = registration.group_id is not None


def confirmed_participants(group, session) -> list[Participant]:
    """The group's confirmed registrants as participants of its first session.

    The pseudonym is the first name given (made unique inside the session)."""
    added, taken = [], set()
    for r in db.session.scalars(db.select(Registration).filter_by(group_id=group.id, confirmed=True)
                                .order_by(Registration.name)):
        pseudonym = distinct_pseudonym((r.name.split() or [r.name])[0], taken)
        person = Participant(session_id=session.id, pseudonym=pseudonym, language=r.language,
                             **{name: getattr(r, name) for name in
                                ("organisation", "organisation_size", "service", "function",
                                 "hierarchy", "seniority")})
        db.session.add(person)
        added.append(person)
    return added
