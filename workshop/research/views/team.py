"""The project's team and steering committee.

Researchers (all with the same rights) add and remove members; the committee reads the
anonymised group reports (one bundle), the syntheses, and leaves comments the team answers."""

from flask import Blueprint, Response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...core.accounts import User
from ...core.errors import ActionError
from ...core.extensions import db
from ..access import followed_project, own_project
from ..bundle import reports_bundle
from ..forms import CommentForm, MemberForm
from ..models import ProjectComment, ProjectMember

bp = Blueprint("team", __name__, url_prefix="/projects/<int:project_id>")


def role_labels() -> dict:
    return {"researcher": _("Équipe de recherche"), "committee": _("Comité d'accompagnement")}


def _team_page(project, form=None, status: int = 200):
    return render_template("research/team/team.html", project=project, form=form or MemberForm(),
                           role_labels=role_labels()), status


@bp.get("/team")
@login_required
def team(project_id: int):
    return _team_page(own_project(project_id))


@bp.post("/team")
@login_required
def add_member(project_id: int):
    project = own_project(project_id)
    form = MemberForm()
    if not form.validate_on_submit():
        return _team_page(project, form, 400)
    user = db.session.scalar(db.select(User).filter_by(username=form.username.data.strip()))
    if user is None:
        form.username.errors.append(_("Aucun compte ne porte cet identifiant."))
        return _team_page(project, form, 404)
    if project.role_of(user):
        form.username.errors.append(_("Cette personne fait déjà partie du projet."))
        return _team_page(project, form, 409)
    project.members.append(ProjectMember(user_id=user.id, role=form.role.data))
    db.session.commit()
    return redirect(url_for("team.team", project_id=project.id))


@bp.post("/team/<int:member_id>/remove")
@login_required
def remove_member(project_id: int, member_id: int):
    project = own_project(project_id)
    member = next((m for m in project.members if m.id == member_id), None)
    if member is None:
        raise ActionError(_("Cette personne ne fait pas partie du projet."), 404)
    if member.role == "researcher" and sum(m.role == "researcher" for m in project.members) == 1:
        raise ActionError(_("Un projet garde au moins une chercheuse ou un chercheur."), 409)
    db.session.delete(member)
    db.session.commit()
    return redirect(url_for("team.team", project_id=project.id))


# --- the steering committee ---------------------------------------------------------------------

def _committee_page(project, form=None, status: int = 200, answering: int | None = None):
    comments = db.session.scalars(db.select(ProjectComment).filter_by(
        project_id=project.id, answer_to_id=None).order_by(ProjectComment.id.desc())).all()
    return render_template("research/team/committee.html", project=project, comments=comments,
                           form=form or CommentForm(), answering=answering,
                           role=project.role_of(current_user), role_labels=role_labels()), status


@bp.get("/committee")
@login_required
def committee(project_id: int):
    return _committee_page(followed_project(project_id))


@bp.post("/comments")
@login_required
def comment(project_id: int):
    project = followed_project(project_id)
    if project.role_of(current_user) != "committee":
        raise ActionError(_("Les commentaires viennent du comité d'accompagnement ; l'équipe y répond."), 403)
    form = CommentForm()
    if not form.validate_on_submit():
        return _committee_page(project, form, 400)
    db.session.add(ProjectComment(project_id=project.id, author_id=current_user.id,
                                  text=form.text.data.strip()))
    db.session.commit()
    return redirect(url_for("team.committee", project_id=project.id))


@bp.post("/comments/<int:comment_id>/answer")
@login_required
def answer(project_id: int, comment_id: int):
    project = own_project(project_id)
    question = db.session.get(ProjectComment, comment_id)
    if question is None or question.project_id != project.id or question.answer_to_id is not None:
        raise ActionError(_("Ce commentaire n'existe pas dans ce projet."), 404)
    form = CommentForm()
    if not form.validate_on_submit():
        return _committee_page(project, form, 400, answering=question.id)
    question.answers.append(ProjectComment(project_id=project.id, author_id=current_user.id,
                                           text=form.text.data.strip()))
    db.session.commit()
    return redirect(url_for("team.committee", project_id=project.id))


@bp.get("/reports.zip")
@login_required
def bundle(project_id: int):
    project = followed_project(project_id)
    return Response(reports_bundle(project), mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="rapports-groupes-projet-{project.id}.zip"',
        "Cache-Control": "no-store"})
