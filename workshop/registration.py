"""Registration to a research project, and composing its thematic groups from the registrations.

The public link /register/<token> (opened and closed by the coordinator) asks for a name, an
e-mail address, the profile (organisation, size, service, function, hierarchical position,
seniority, language), ranked theme preferences and consent to the use of the data. The
coordinator then composes the groups (``workshop.composition``), adjusts by hand, confirms,
and downloads the confirmed list with the dates as CSV. Confirmed registrants become the
participants of their group's first session.
"""

import csv
import io

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from .accounts import utcnow
from .composition import Group, Person, compose, evaluate
from .errors import ActionError
from .extensions import db, limiter
from .participants import PROFILE_CHOICES, Participant
from .projects import Project, WorkshopGroup, own_project

bp = Blueprint("registration", __name__)

MAX_CHOICES = 3


class Registration(db.Model):
    __table_args__ = (db.UniqueConstraint("project_id", "email"),)

    id = db.Column(db.Integer, primary_key=True)
    project_id = db.Column(db.Integer, db.ForeignKey("project.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    name = db.Column(db.String(120), nullable=False)
    email = db.Column(db.String(200), nullable=False)  # stored lower-cased
    organisation = db.Column(db.String(120), nullable=False)
    organisation_size = db.Column(db.String(20), nullable=False)
    service = db.Column(db.String(20), nullable=False)
    function = db.Column(db.String(20), nullable=False)
    hierarchy = db.Column(db.String(20), nullable=False)
    seniority = db.Column(db.String(20), nullable=False)
    language = db.Column(db.String(5), nullable=False)
    preferences = db.Column(db.JSON, nullable=False, default=list)  # theme ids, best first
    consent_at = db.Column(db.DateTime, nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    group_id = db.Column(db.Integer, db.ForeignKey("workshop_group.id", ondelete="SET NULL"))
    confirmed = db.Column(db.Boolean, nullable=False, default=False)

    group = db.relationship(WorkshopGroup)

    def person(self) -> Person:
        return Person(self.id, {"function": self.function, "hierarchy": self.hierarchy,
                                "service": self.service, "organisation": self.organisation},
                      list(self.preferences or []))


class RegistrationForm(FlaskForm):
    name = StringField(_l("Nom et prénom"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Adresse e-mail"), validators=[
        DataRequired(), Length(max=200),
        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Cette adresse e-mail n'est pas valable."))])
    organisation = StringField(_l("Organisation"), validators=[DataRequired(), Length(max=120)])
    organisation_size = SelectField(_l("Taille de l'organisation"), validators=[DataRequired()])
    service = SelectField(_l("Service"), validators=[DataRequired()])
    function = SelectField(_l("Fonction"), validators=[DataRequired()])
    hierarchy = SelectField(_l("Position hiérarchique"), validators=[DataRequired()])
    seniority = SelectField(_l("Ancienneté"), validators=[DataRequired()])
    language = SelectField(_l("Langue"), validators=[DataRequired()])
    choice_1 = SelectField(_l("Premier choix de thème"), validators=[DataRequired()])
    choice_2 = SelectField(_l("Deuxième choix (facultatif)"))
    choice_3 = SelectField(_l("Troisième choix (facultatif)"))
    consent = BooleanField(_l("J'accepte que ces données soient utilisées pour composer les groupes et "
                              "pour l'analyse anonyme du projet."), validators=[DataRequired()])

    def __init__(self, project: Project, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in PROFILE_CHOICES.items():
            getattr(self, name).choices = [("", _("— choisir —")), *choices]
        themes = [(str(theme.id), theme.title) for theme in project.themes]
        self.choice_1.choices = [("", _("— choisir —")), *themes]
        for name in ("choice_2", "choice_3"):
            getattr(self, name).choices = [("", _("— aucun —")), *themes]

    def preferences(self) -> list[int]:
        ranked = [field.data for field in (self.choice_1, self.choice_2, self.choice_3) if field.data]
        if len(set(ranked)) != len(ranked):
            raise ActionError(_("Chaque thème ne peut être choisi qu'une fois."), 400)
        if not self.choice_2.data and self.choice_3.data:
            raise ActionError(_("Indiquez un deuxième choix avant un troisième."), 400)
        return [int(value) for value in ranked]


def _open_project(token: str) -> Project:
    project = db.session.scalar(db.select(Project).filter_by(registration_token=token))
    if project is None:
        raise ActionError(_("Ce lien d'inscription n'est pas valable."), 404)
    if not project.registration_open:
        raise ActionError(_("Les inscriptions à ce projet sont fermées."), 410)
    return project


@bp.route("/register/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def register(token: str):
    project = _open_project(token)
    form = RegistrationForm(project)
    if form.validate_on_submit():
        preferences = form.preferences()
        email = form.email.data.strip().lower()
        if db.session.scalar(db.select(Registration.id).filter_by(project_id=project.id, email=email)):
            raise ActionError(_("Une inscription existe déjà avec cette adresse e-mail pour ce projet."),
                              409)
        registration = Registration(project_id=project.id, email=email, preferences=preferences,
                                    consent_at=utcnow(), name=form.name.data.strip(),
                                    organisation=form.organisation.data.strip())
        for name in PROFILE_CHOICES:
            setattr(registration, name, getattr(form, name).data)
        db.session.add(registration)
        db.session.commit()
        return render_template("registration/thanks.html", project=project)
    return render_template("registration/form.html", project=project, form=form), \
        400 if form.errors else 200


# --- coordinator ------------------------------------------------------------------------------------

def registrations_of(project) -> list[Registration]:
    return list(db.session.scalars(db.select(Registration).filter_by(project_id=project.id)
                                   .order_by(Registration.id)))


def _groups(project) -> list[Group]:
    return [Group(g.id, g.theme_id, g.capacity) for g in project.groups]


@bp.post("/projects/<int:project_id>/registration")
@login_required
def toggle(project_id: int):
    project = own_project(project_id)
    project.registration_open = request.form.get("open") == "1"
    db.session.commit()
    return redirect(url_for("registration.composition", project_id=project.id))


@bp.get("/projects/<int:project_id>/composition")
@login_required
def composition(project_id: int):
    project = own_project(project_id)
    people = registrations_of(project)
    scores = evaluate([r.person() for r in people], _groups(project),
                      {r.id: r.group_id for r in people if r.group_id})
    themes = {theme.id: theme.title for theme in project.themes}
    return render_template("registration/composition.html", project=project, people=people,
                           scores=scores, themes=themes, choices=PROFILE_CHOICES,
                           link=url_for("registration.register", token=project.registration_token,
                                        _external=True))


@bp.post("/projects/<int:project_id>/composition")
@login_required
def compose_groups(project_id: int):
    project = own_project(project_id)
    if not project.groups:
        raise ActionError(_("Créez d'abord les groupes."), 409)
    people = [r for r in registrations_of(project) if not r.confirmed]
    if not people:
        raise ActionError(_("Aucune inscription à répartir."), 409)
    groups = _groups(project)
    taken = {g.id: 0 for g in groups}
    for r in registrations_of(project):
        if r.confirmed and r.group_id in taken:
            taken[r.group_id] += 1
    room = [Group(g.id, g.theme_id, g.capacity - taken[g.id]) for g in groups]
    result = compose([r.person() for r in people], room, seed=project.id)
    for r in people:
        r.group_id = result.assignment.get(r.id)
    db.session.commit()
    return redirect(url_for("registration.composition", project_id=project.id))


def _registration(project, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.project_id != project.id:
        abort(404)
    return registration


@bp.post("/projects/<int:project_id>/composition/<int:registration_id>")
@login_required
def move(project_id: int, registration_id: int):
    """Manual adjustment: put a registrant in another group (or none), within capacity."""
    project = own_project(project_id)
    registration = _registration(project, registration_id)
    value = request.form.get("group", "")
    if value == "":
        registration.group_id = None
        registration.confirmed = False
    else:
        group = next((g for g in project.groups if str(g.id) == value), None)
        if group is None:
            raise ActionError(_("Ce groupe n'existe pas dans ce projet."), 400)
        if group.id != registration.group_id:
            members = db.session.scalar(db.select(db.func.count(Registration.id)).filter_by(
                group_id=group.id))
            if members >= group.capacity:
                raise ActionError(_("Ce groupe est complet."), 409)
            registration.group_id = group.id
    db.session.commit()
    return redirect(url_for("registration.composition", project_id=project.id))


@bp.post("/projects/<int:project_id>/composition/confirm")
@login_required
def confirm(project_id: int):
    project = own_project(project_id)
    for registration in registrations_of(project):
        registration.confirmed = registration.group_id is not None
    db.session.commit()
    return redirect(url_for("registration.composition", project_id=project.id))


@bp.get("/projects/<int:project_id>/composition.csv")
@login_required
def export_csv(project_id: int):
    project = own_project(project_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Groupe"), _("Thème"), _("Dates prévues"), _("Nom et prénom"), _("Adresse e-mail"),
                     _("Organisation"), _("Service"), _("Fonction"), _("Position hiérarchique"),
                     _("Langue")])
    labels = {name: dict(choices) for name, choices in PROFILE_CHOICES.items()}
    for group in project.groups:
        dates = " ; ".join(d.isoformat() for d in group.dates())
        for r in registrations_of(project):
            if r.confirmed and r.group_id == group.id:
                writer.writerow([group.name, group.theme.title, dates, r.name, r.email, r.organisation,
                                 labels["service"].get(r.service, r.service),
                                 labels["function"].get(r.function, r.function),
                                 labels["hierarchy"].get(r.hierarchy, r.hierarchy), r.language])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=groupes-projet-{project.id}.csv"})


def confirmed_participants(group, session) -> list[Participant]:
    """The group's confirmed registrants as participants of its first session.

    The pseudonym is the first name given (made unique inside the session)."""
    added, used = [], set()
    for r in db.session.scalars(db.select(Registration).filter_by(group_id=group.id, confirmed=True)
                                .order_by(Registration.name)):
        base = (r.name.split() or [r.name])[0][:36]
        pseudonym, number = base, 2
        while pseudonym.casefold() in used:
            pseudonym, number = f"{base} {number}", number + 1
        used.add(pseudonym.casefold())
        person = Participant(session_id=session.id, pseudonym=pseudonym, language=r.language,
                             **{name: getattr(r, name) for name in
                                ("organisation", "organisation_size", "service", "function",
                                 "hierarchy", "seniority")})
        db.session.add(person)
        added.append(person)
    return added
