"""Research projects: themes (note and initial findings), thematic groups and their sessions.

A project is run by its research team (``views/team.py``). Each group works one
theme; its sessions follow one another, each starting from the previous one
(``research.continuity``).
"""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...core.errors import ActionError
from ...core.extensions import db
from ...sessions.models import Participant, WorkshopSession
from ..access import own_project, project_group
from ..continuity import refresh_material, start_group_session
from ..forms import GroupForm, GroupSessionForm, HorizonForm, ProjectForm, ThemeForm
from ..models import Project, ProjectMember, Theme, WorkshopGroup, default_horizon

bp = Blueprint("projects", __name__, url_prefix="/projects")


def _group_form(project: Project) -> GroupForm:
    form = GroupForm(prefix="group")
    form.theme.choices = [(theme.id, theme.title) for theme in project.themes]
    return form


def _project_page(project: Project, status: int = 200, **forms):
    forms.setdefault("theme_form", ThemeForm(prefix="theme"))
    forms.setdefault("horizon_form", HorizonForm(prefix="horizon", obj=project))
    forms.setdefault("group_form", _group_form(project))
    return render_template("research/projects/project.html", project=project, **forms), status


# --- views --------------------------------------------------------------------------------------

@bp.get("/")
@login_required
def index():
    projects = db.session.scalars(db.select(Project).join(ProjectMember).filter(
        ProjectMember.user_id == current_user.id).order_by(Project.created_at.desc())).all()
    return render_template("research/projects/index.html", projects=projects)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = ProjectForm()
    if form.validate_on_submit():
        project = Project(title=form.title.data.strip(), description=(form.description.data or "").strip(),
                          horizon_year=form.horizon_year.data or default_horizon(),
                          created_by_id=current_user.id)
        project.members.append(ProjectMember(user_id=current_user.id, role="researcher"))
        db.session.add(project)
        db.session.commit()
        return redirect(url_for("projects.page", project_id=project.id))
    return render_template("research/projects/new.html", form=form), 400 if form.errors else 200


@bp.get("/<int:project_id>")
@login_required
def page(project_id: int):
    return _project_page(own_project(project_id))


@bp.post("/<int:project_id>/horizon")
@login_required
def horizon(project_id: int):
    """The horizon year of the visions, for the project and its sessions not yet closed."""
    project = own_project(project_id)
    form = HorizonForm(prefix="horizon")
    if not form.validate_on_submit():
        return _project_page(project, 400, horizon_form=form)
    project.horizon_year = form.horizon_year.data
    for group in project.groups:
        for session in group.sessions:
            if session.status != "closed":
                session.horizon_year = project.horizon_year
    db.session.commit()
    return redirect(url_for("projects.page", project_id=project.id))


@bp.post("/<int:project_id>/themes")
@login_required
def add_theme(project_id: int):
    project = own_project(project_id)
    form = ThemeForm(prefix="theme")
    if not form.validate_on_submit():
        return _project_page(project, 400, theme_form=form)
    project.themes.append(Theme(title=form.title.data.strip(), note=(form.note.data or "").strip(),
                                initial_findings=(form.initial_findings.data or "").strip()))
    db.session.commit()
    return redirect(url_for("projects.page", project_id=project.id))


@bp.route("/<int:project_id>/themes/<int:theme_id>", methods=["GET", "POST"])
@login_required
def theme(project_id: int, theme_id: int):
    project = own_project(project_id)
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.project_id != project.id:
        abort(404)
    form = ThemeForm(obj=theme)
    if form.validate_on_submit():
        theme.title = form.title.data.strip()
        theme.note = (form.note.data or "").strip()
        theme.initial_findings = (form.initial_findings.data or "").strip()
        db.session.commit()
        return redirect(url_for("projects.page", project_id=project.id))
    return render_template("research/projects/theme.html", project=project, theme=theme, form=form), \
        400 if form.errors else 200


@bp.post("/<int:project_id>/groups")
@login_required
def add_group(project_id: int):
    project = own_project(project_id)
    form = _group_form(project)
    if not project.themes:  # said on the theme's form, the one to fill in first
        message = _("Ajoutez d'abord un thème : chaque groupe travaille un thème.")
        return _project_page(project, 409, refused={"form": "theme-form", "message": message})
    if not form.validate_on_submit():
        return _project_page(project, 400, group_form=form)
    project.groups.append(WorkshopGroup(name=form.name.data.strip(), theme_id=form.theme.data,
                                        capacity=form.capacity.data, first_date=form.first_date.data,
                                        second_date=form.second_date.data))
    db.session.commit()
    return redirect(url_for("projects.page", project_id=project.id))


def _group_page(project, group, form=None, status: int = 200):
    form = form or GroupSessionForm()
    number = len(group.sessions) + 1
    if not form.title.data:
        form.title.data = _("%(group)s — séance %(number)d", group=group.name, number=number)
    if form.scheduled_for.data is None and request.method == "GET":
        form.scheduled_for.data = {1: group.first_date, 2: group.second_date}.get(number)
    participants = {session.id: db.session.scalars(
        db.select(Participant).filter_by(session_id=session.id).order_by(Participant.pseudonym)).all()
        for session in group.sessions}
    return render_template("research/projects/group.html", project=project, group=group, form=form,
                           participants=participants), status


@bp.get("/<int:project_id>/groups/<int:group_id>")
@login_required
def group(project_id: int, group_id: int):
    project = own_project(project_id)
    return _group_page(project, project_group(project, group_id))


@bp.post("/<int:project_id>/groups/<int:group_id>/sessions")
@login_required
def new_group_session(project_id: int, group_id: int):
    project = own_project(project_id)
    group = project_group(project, group_id)
    form = GroupSessionForm()
    if not form.validate_on_submit():
        return _group_page(project, group, form, 400)
    session = start_group_session(group, current_user, form.title.data, language=form.language.data,
                                  scheduled_for=form.scheduled_for.data)
    db.session.commit()
    return redirect(url_for("console.page", session_id=session.id))


def _group_session(project_id: int, group_id: int, session_id: int):
    project = own_project(project_id)
    group = project_group(project, group_id)
    session = db.session.get(WorkshopSession, session_id)
    if session is None or session.group_id != group.id:
        abort(404)
    return project, group, session


@bp.post("/<int:project_id>/groups/<int:group_id>/sessions/<int:session_id>/material")
@login_required
def refresh(project_id: int, group_id: int, session_id: int):
    """The next session takes the intermediate report again, as its rapporteur edited it since."""
    project, group, session = _group_session(project_id, group_id, session_id)
    refresh_material(session, current_user)
    db.session.commit()
    return redirect(url_for("projects.group", project_id=project.id, group_id=group.id))


@bp.post("/<int:project_id>/groups/<int:group_id>/sessions/<int:session_id>/attendance")
@login_required
def attendance(project_id: int, group_id: int, session_id: int):
    project, group, session = _group_session(project_id, group_id, session_id)
    present = set(request.form.getlist("present"))
    people = db.session.scalars(db.select(Participant).filter_by(session_id=session.id)).all()
    known = {str(person.id) for person in people}
    if not present <= known:
        raise ActionError(_("Cette personne ne participe pas à cette séance."), 400)
    for person in people:
        person.attended = str(person.id) in present
    db.session.commit()
    return redirect(url_for("projects.group", project_id=project.id, group_id=group.id))
