"""The rapporteur's workspace: timestamped notes filed under the step they belong to."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...core.errors import ActionError, form_int
from ...core.extensions import db
from .. import story_links
from ..access import LINK, NOTES, VIEW, staff_session
from ..contributions import clean_text
from ..live import changed
from ..models import Note

bp = Blueprint("rapporteur", __name__, url_prefix="/sessions/<int:session_id>")


def _notes_by_step(session) -> list[tuple]:
    notes = db.session.scalars(db.select(Note).filter_by(session_id=session.id)
                               .order_by(Note.step_index, Note.created_at)).all()
    return [(step, [note for note in notes if note.step_index == step.index])
            for step in session.method.steps]


@bp.get("/notes")
@login_required
def page(session_id: int):
    session = staff_session(session_id, VIEW)
    return render_template("sessions/rapporteur/page.html", session=session,
                           notes_by_step=_notes_by_step(session),
                           can_write="rapporteur" in session.roles_of(current_user),
                           **story_links.links_context(session, current_user))


@bp.post("/story-links")
@login_required
def story_link(session_id: int):
    """Link an illustrating story to a finding, or undo a link."""
    session = staff_session(session_id, LINK)
    if request.form.get("action") == "unlink":
        story_links.unlink(session, form_int("link"))
    else:
        story_links.link(session, current_user, form_int("story"), form_int("finding"))
    db.session.commit()
    changed(session.id, "notes")
    return render_template("sessions/rapporteur/_story_links.html", session=session,
                           **story_links.links_context(session, current_user))


@bp.get("/notes/list")
@login_required
def notes_list(session_id: int):
    session = staff_session(session_id, VIEW)
    return render_template("sessions/rapporteur/_notes.html", session=session,
                           notes_by_step=_notes_by_step(session))


@bp.get("/notes/step")
@login_required
def step_select(session_id: int):
    """The step a new note goes under, moved to the current step once the session moved on."""
    session = staff_session(session_id, VIEW)
    if request.args.get("shown") == str(session.current_step):
        return "", 204
    return render_template("sessions/rapporteur/_step_select.html", session=session)


@bp.post("/notes")
@login_required
def add_note(session_id: int):
    session = staff_session(session_id, NOTES)
    try:
        step_index = int(request.form.get("step", session.current_step))
    except ValueError:
        raise ActionError(_("La demande est incorrecte."), 400) from None
    if not 0 <= step_index < len(session.method.steps):
        raise ActionError(_("Cette étape n'existe pas."), 400)
    db.session.add(Note(session_id=session.id, step_index=step_index, user_id=current_user.id,
                        text=clean_text(request.form.get("text"))))
    db.session.commit()
    changed(session.id, "notes")
    return render_template("sessions/rapporteur/_notes.html", session=session,
                           notes_by_step=_notes_by_step(session))
