"""Staff home: the sessions a staff member works in, and creating a session from a method."""

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ...core.accounts import User
from ...core.extensions import db
from .. import shaping
from ..access import DRIVE, staff_session
from ..lifecycle import create_session
from ..methods import all_methods
from ..models import STAFF_ROLES, StaffRole, WorkshopSession
from ..results import RESULTS_LABELS

bp = Blueprint("staff", __name__)

ROLE_LABELS = {"facilitator": _l("Animateur·rice"), "rapporteur": _l("Rapporteur·euse"),
               "researcher": _l("Chercheur·euse"), "observer": _l("Observateur·rice")}


class SessionForm(FlaskForm):
    title = StringField(_l("Titre de la séance"), validators=[DataRequired(), Length(max=200)])
    method = SelectField(_l("Méthode"))
    language = SelectField(_l("Langue de la séance"),
                           choices=[("fr", "Français"), ("nl", "Nederlands"), ("en", "English")])
    scheduled_for = DateField(_l("Date"), validators=[Optional()])
    priority_dots = IntegerField(_l("Points de priorité par participant·e"), default=5,
                                 validators=[DataRequired(), NumberRange(min=1, max=20)])
    results_shown = SelectField(_l("Résultats des votes montrés aux participants"), default="after_vote",
                                choices=list(RESULTS_LABELS.items()))


class StaffForm(FlaskForm):
    username = StringField(_l("Identifiant du membre de l'équipe"),
                           validators=[DataRequired(), Length(max=80)])
    role = SelectField(_l("Rôle"), choices=[(role, ROLE_LABELS[role]) for role in STAFF_ROLES])


@bp.get("/")
@login_required
def home():
    sessions = db.session.scalars(
        db.select(WorkshopSession)
        .filter(WorkshopSession.id.in_(db.select(StaffRole.session_id)
                                       .filter(StaffRole.user_id == current_user.id)))
        .order_by(WorkshopSession.created_at.desc())).all()  # no DISTINCT: PostgreSQL has no = on json
    return render_template("sessions/staff/home.html", sessions=sessions, role_labels=ROLE_LABELS)


@bp.route("/sessions/new", methods=["GET", "POST"])
@login_required
def new_session():
    form = SessionForm()
    variants = {f"variant-{variant.id}": variant for variant in shaping.variants()
                if variant.method_key in all_methods()}
    form.method.choices = [(key, method.title) for key, method in all_methods().items()
                           if method.standalone] + [
        (key, _("%(name)s (variante de %(method)s)", name=variant.name, method=variant.method.title))
        for key, variant in variants.items()]
    if form.validate_on_submit():
        variant = variants.get(form.method.data)
        session = create_session(form.title.data, variant.method_key if variant else form.method.data,
                                 current_user, language=form.language.data,
                                 priority_dots=form.priority_dots.data,
                                 scheduled_for=form.scheduled_for.data, results_shown=form.results_shown.data,
                                 method_steps=variant.steps if variant else None)
        db.session.commit()
        return redirect(url_for("console.page", session_id=session.id))
    return render_template("sessions/staff/new_session.html", form=form), 400 if form.errors else 200


@bp.route("/sessions/<int:session_id>/team", methods=["GET", "POST"])
@login_required
def team(session_id: int):
    session = staff_session(session_id, DRIVE)
    form = StaffForm()
    status = 400
    if form.validate_on_submit():
        user = db.session.scalar(db.select(User).filter_by(username=form.username.data.strip()))
        if user is None:  # said at the field, on the same form
            form.username.errors, status = [_("Aucun compte ne porte cet identifiant.")], 404
        elif form.role.data in session.roles_of(user):
            form.role.errors, status = [_("Cette personne a déjà ce rôle.")], 409
        else:
            session.staff.append(StaffRole(user_id=user.id, role=form.role.data))
            db.session.commit()
            return redirect(url_for("staff.team", session_id=session.id))
    return render_template("sessions/staff/team.html", session=session, form=form,
                           role_labels=ROLE_LABELS), status if form.errors else 200
