"""The facilitator's method editor for one session, and the team's variants."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...core.errors import ActionError, form_int
from ...core.extensions import db
from .. import shaping
from ..access import DRIVE, VIEW, staff_session
from ..live import changed
from ..methods import LANGUAGES

bp = Blueprint("shaping", __name__, url_prefix="/sessions/<int:session_id>/method")


def _render(session, saved: str | None = None, status: int = 200):
    return render_template("sessions/shaping/_editor.html", session=session, saved=saved,
                           languages=LANGUAGES,
                           can_shape="facilitator" in session.roles_of(current_user)), status


@bp.get("")
@login_required
def page(session_id: int):
    session = staff_session(session_id, VIEW)
    return render_template("sessions/shaping/page.html", session=session, languages=LANGUAGES,
                           can_shape="facilitator" in session.roles_of(current_user), saved=None)


@bp.post("/steps")
@login_required
def change(session_id: int):
    """One change to the sequence: skip, repeat, up, down, an addition of the method (the
    opening), or a step's time box and prompts."""
    session = staff_session(session_id, DRIVE)
    steps = shaping.current_steps(session)
    action = request.form.get("action")
    index = form_int("index")
    if action == "skip":
        steps = shaping.skip(steps, index)
    elif action == "repeat":
        steps = shaping.repeat(steps, index)
    elif action in ("up", "down"):
        steps = shaping.move(steps, index, -1 if action == "up" else 1)
    elif action == "add":
        steps = shaping.add(session.method, steps, request.form.get("addition", ""))
    elif action == "edit":
        steps = shaping.retime(steps, index, request.form.get("minutes"),
                               {language: request.form.get(f"prompt_{language}") for language in LANGUAGES})
    else:
        raise ActionError(_("Action inconnue sur le déroulé."), 400)
    shaping.apply(session, steps)
    db.session.commit()
    changed(session.id, "step")
    return _render(session, _("Déroulé enregistré."))


@bp.post("/reset")
@login_required
def reset(session_id: int):
    session = staff_session(session_id, DRIVE)
    shaping.reset(session)
    db.session.commit()
    changed(session.id, "step")
    return _render(session, _("Le déroulé de la méthode est rétabli."))


@bp.post("/variants")
@login_required
def save_variant(session_id: int):
    session = staff_session(session_id, DRIVE)
    variant = shaping.save_variant(session, current_user, request.form.get("name"))
    db.session.commit()
    return _render(session, _("Variante « %(name)s » enregistrée pour l'équipe.", name=variant.name))
