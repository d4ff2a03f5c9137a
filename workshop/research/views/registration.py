"""The registration form (public) and the coordinator's composition of the groups."""

import csv
import io

from flask import Blueprint, Response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from ...core.errors import ActionError
from ...core.extensions import db, limiter
from ...sessions.profiles import PROFILE_CHOICES
from .. import registration as rules
from ..access import open_project, own_project, project_registration
from ..forms import RegistrationForm

bp = Blueprint("registration", __name__)


@bp.route("/register/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def register(token: str):
    project = open_project(token)
    form = RegistrationForm(project)
    if form.validate_on_submit():
        try:
            rules.register(project, form)
        except ActionError as refused:  # said on the form, everything typed kept
            db.session.rollback()
            return render_template("research/registration/form.html", project=project, form=form,
                                   refused={"form": "registration-form", "message": refused.message}), \
                refused.status
        db.session.commit()
        return render_template("research/registration/thanks.html", project=project)
    return render_template("research/registration/form.html", project=project, form=form), \
        400 if form.errors else 200


@bp.post("/projects/<int:project_id>/registration")
@login_required
def toggle(project_id: int):
    project = own_project(project_id)
    project.registration_open = request.form.get("open") == "1"
    db.session.commit()
    return redirect(url_for("registration.composition", project_id=project.id))


def _composition_page(project, refused: dict | None = None, status: int = 200):
    """The composition page; after a refused action, its message on the form it came from."""
    people = rules.registrations_of(project)
    themes = {theme.id: theme.title for theme in project.themes}
    return render_template("research/registration/composition.html", project=project, people=people,
                           scores=rules.composition_scores(project, people), themes=themes,
                           choices=PROFILE_CHOICES,
                           link=url_for("registration.register", token=project.registration_token,
                                        _external=True), refused=refused), status


def _composing(project, form_id: str, action):
    """Run a composition action, then back to the page; refused, the page with the message on
    the form ``form_id`` (a 4xx), nothing half-stored."""
    try:
        action()
    except ActionError as refused:
        db.session.rollback()
        return _composition_page(project, {"form": form_id, "message": refused.message}, refused.status)
    db.session.commit()
    return redirect(url_for("registration.composition", project_id=project.id))


@bp.get("/projects/<int:project_id>/composition")
@login_required
def composition(project_id: int):
    return _composition_page(own_project(project_id))


@bp.post("/projects/<int:project_id>/composition")
@login_required
def compose_groups(project_id: int):
    project = own_project(project_id)
    return _composing(project, "compose-form", lambda: rules.compose_groups(project))


@bp.post("/projects/<int:project_id>/composition/<int:registration_id>")
@login_required
def move(project_id: int, registration_id: int):
    project = own_project(project_id)
    registration = project_registration(project, registration_id)
    return _composing(project, f"move-{registration.id}",
                      lambda: rules.move(project, registration, request.form.get("group", "")))


@bp.post("/projects/<int:project_id>/composition/confirm")
@login_required
def confirm(project_id: int):
    project = own_project(project_id)
    return _composing(project, "confirm-form", lambda: rules.confirm(project))


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
        for r in rules.registrations_of(project):
            if r.confirmed and r.group_id == group.id:
                writer.writerow([group.name, group.theme.title, dates, r.name, r.email, r.organisation,
                                 labels["service"].get(r.service, r.service),
                                 labels["function"].get(r.function, r.function),
                                 labels["hierarchy"].get(r.hierarchy, r.hierarchy), r.language])
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=groupes-projet-{project.id}.csv"})
