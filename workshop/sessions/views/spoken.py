"""Entering what was said aloud, from the console or the rapporteur's notes page.

The form stays on the page while the room moves on: only its choices (kinds, speakers) are
re-fetched, so the text box keeps the focus and what is being typed.
"""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...core.errors import ActionError
from ...core.extensions import db
from .. import spoken
from ..access import WRITE, staff_session
from ..live import changed
from ..models import LEVELS, Participant

bp = Blueprint("spoken", __name__, url_prefix="/sessions/<int:session_id>/spoken")


def _optional_int(raw: str | None) -> int | None:
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ActionError(_("La demande est incorrecte."), 400) from None


def choices_context(session, values=None) -> dict:
    """The kinds and speakers to offer; what was chosen stays chosen, and in a round the
    speaker follows the turn until someone picks another."""
    values = dict(values or {})
    if values.get("step") != str(session.current_step):  # a new step: what it collects
        values = {key: values[key] for key in ("speaker", "turn_speaker") if key in values}
    kinds = spoken.spoken_kinds(session)
    kind = values.get("kind") if values.get("kind") in kinds else (kinds[0] if kinds else None)
    turn = spoken.default_speaker(session)
    speaker = values.get("speaker", "")
    if speaker == values.get("turn_speaker", ""):
        speaker = str(turn or "")
    people = db.session.scalars(db.select(Participant).filter_by(session_id=session.id)
                                .order_by(Participant.pseudonym)).all()
    collecting = spoken.collecting_step_kind(session, kind) if kind else None
    return {"step": session.current_step, "kinds": kinds, "labels": spoken.KIND_LABELS, "kind": kind,
            "people": people, "speaker": speaker, "turn_speaker": str(turn or ""),
            "needs_title": bool(collecting and collecting.needs_title),
            "needs_level": bool(collecting and collecting.needs_level), "levels": LEVELS,
            "title": values.get("title", ""), "level": values.get("level", "")}


@bp.app_context_processor
def _form_helpers() -> dict:
    def spoken_choices(session) -> dict | None:
        """The form's choices, for staff who may enter what is said (until the session closes)."""
        if session.status == "closed" or not session.roles_of(current_user) & set(WRITE):
            return None
        return choices_context(session)
    return {"spoken_choices": spoken_choices}


@bp.get("/choices")
@login_required
def choices(session_id: int):
    session = staff_session(session_id, WRITE)
    return render_template("sessions/spoken/_choices.html",
                           spoken=choices_context(session, request.args))


@bp.post("/people")
@login_required
def add_person(session_id: int):
    session = staff_session(session_id, WRITE)
    person = spoken.add_person_without_device(session, request.form.get("pseudonym"))
    db.session.commit()
    changed(session.id, "presence")
    return render_template("sessions/spoken/_choices.html",
                           spoken=choices_context(session, {**request.form, "speaker": str(person.id)}))


@bp.post("")
@login_required
def enter(session_id: int):
    session = staff_session(session_id, WRITE)
    form = request.form
    item = spoken.enter_spoken(session, current_user, kind=form.get("kind", ""),
                               text=form.get("text"), speaker_id=_optional_int(form.get("speaker")),
                               title=form.get("title"), level=form.get("level"),
                               client_key=form.get("client_key"))
    db.session.commit()
    changed(session.id, "contributions", participants={item.participant_id} - {None})
    kept = {"step": str(session.current_step), "kind": item.kind,
            "speaker": form.get("speaker", ""), "turn_speaker": form.get("turn_speaker", "")}
    return render_template("sessions/spoken/_entered.html", item=item,
                           spoken=choices_context(session, kept))
