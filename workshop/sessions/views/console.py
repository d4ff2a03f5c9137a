"""The facilitator console: drive the steps, the timer, the turns, the votes and moderation.

Every action is a small POST that answers with the console's refreshed state and tells
the other screens what changed.
"""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...core.errors import ActionError, form_int
from ...core.extensions import db
from .. import contributions as contrib
from .. import lifecycle, moderation, sequences, story_links, tallies
from .. import projector_link as link
from ..access import DRIVE, VIEW, WRITE, staff_session
from ..board import board_context
from ..live import changed, close_projector_link
from ..models import RESULTS_SHOWN, Contribution, Participant
from ..results import RESULTS_LABELS

bp = Blueprint("console", __name__, url_prefix="/sessions/<int:session_id>")
MAX_PROJECTOR_PAGE = 50


def taken_part(session) -> dict[int, int]:
    """How much each participant has given in the current step: their votes in a vote step,
    else their contributions (a kind of step may count otherwise: ``StepKind.presence``)."""
    step = session.step
    if step.kind.presence:
        return step.kind.presence(session)
    if step.kind.vote_kind:
        return tallies.voters_in_step(session, step.kind.vote_kind)
    return dict(db.session.execute(
        db.select(Contribution.participant_id, db.func.count())
        .where(Contribution.session_id == session.id, Contribution.step_index == step.index)
        .group_by(Contribution.participant_id)).all())


def _presence(session) -> list[dict]:
    """Who is connected and how much each person has given in the current step."""
    counts = taken_part(session)
    people = db.session.scalars(db.select(Participant).filter_by(session_id=session.id)
                                .order_by(Participant.id)).all()
    return [{"participant": person, "connected": person.connected,
             "submitted": counts.get(person.id, 0)} for person in people]


def console_context(session) -> dict:
    context = board_context(session)
    context.update(
        roles=session.roles_of(current_user), items=tallies.step_items(session, session.current_step),
        participants={p.id: p for p in db.session.scalars(
            db.select(Participant).filter_by(session_id=session.id))},
        classes=("convergence", "divergence", "minority", "insufficient"), results_labels=RESULTS_LABELS)
    context["can_drive"] = "facilitator" in context["roles"]
    context["can_write"] = bool(context["roles"] & set(WRITE))
    context["needs"] = lifecycle.unmet_needs(session, session.step)
    context["proposed_stories"] = tallies.vote_targets(session, "story")
    if story_links.shown_in_step(session.step):
        context.update(story_links.links_context(session, current_user))
    return context


def render_state(session, status: int = 200, clear_prompt: bool = True):
    """The console's state; after an action (``clear_prompt``) without the question it answered."""
    return render_template("sessions/console/_state.html", **console_context(session),
                           clear_prompt=clear_prompt), status


@bp.get("/console")
@login_required
def page(session_id: int):
    session = staff_session(session_id, VIEW)
    return render_template("sessions/console/page.html", **console_context(session),
                           presence=_presence(session))


@bp.get("/console/state")
@login_required
def state(session_id: int):
    """Re-fetched on every live change: a pending question stays until answered or dismissed."""
    return render_state(staff_session(session_id, VIEW), clear_prompt=request.args.get("dismiss") == "1")


@bp.get("/console/presence")
@login_required
def presence(session_id: int):
    session = staff_session(session_id, VIEW)
    return render_template("sessions/console/_presence.html", session=session, presence=_presence(session))


def _done(session, *what, participants=()):
    db.session.commit()
    changed(session.id, *what, participants=participants)
    return render_state(session)


@bp.post("/step")
@login_required
def step(session_id: int):
    session = staff_session(session_id, DRIVE)
    move = request.form.get("move")
    target = {"next": session.current_step + 1, "previous": session.current_step - 1}.get(move)
    index = target if target is not None else form_int("index")
    warnings = [] if request.form.get("confirm") == "1" else lifecycle.move_warnings(session, index)
    if warnings:  # asked again, with what to do instead; nothing moved
        target_step = session.method.steps[index]
        pending = {"step": target_step, "warnings": warnings,
                   "needs": lifecycle.unmet_needs(session, target_step)}
        return (render_template("sessions/console/_move_confirm.html", session=session, step=session.step,
                                pending=pending,
                                proposed_stories=tallies.vote_targets(session, "story")),
                409, {"HX-Retarget": "#move-confirm", "HX-Reswap": "innerHTML"})
    lifecycle.go_to_step(session, index)
    return _done(session, "step", "timer")


@bp.post("/status")
@login_required
def status(session_id: int):
    session = staff_session(session_id, DRIVE)
    lifecycle.set_status(session, request.form.get("status", ""))
    return _done(session, "status", "timer")


@bp.post("/timer")
@login_required
def timer(session_id: int):
    session = staff_session(session_id, DRIVE)
    action = request.form.get("action")
    if action == "start":
        lifecycle.start_timer(session)
    elif action == "pause":
        lifecycle.pause_timer(session)
    elif action == "extend":
        lifecycle.extend_timer(session, form_int("minutes"))
    elif action == "reset":
        lifecycle.reset_timer(session)
    else:
        raise ActionError(_("Action de minuteur inconnue."), 400)
    return _done(session, "timer")


@bp.post("/reveal")
@login_required
def reveal(session_id: int):
    session = staff_session(session_id, DRIVE)
    session.state().revealed = request.form.get("revealed") == "1"
    return _done(session, "reveal")


@bp.post("/projector-page")
@login_required
def projector_page(session_id: int):
    """Turn the projector's page when the step's content needs several (``static/js/fit.js``
    shows the last one when asked for more than there are)."""
    session = staff_session(session_id, DRIVE)
    state = session.state()
    move = {"next": 1, "previous": -1}.get(request.form.get("move"))
    if move is None:
        raise ActionError(_("La demande est incorrecte."), 400)
    state.projector_page = min(max(state.projector_page + move, 0), MAX_PROJECTOR_PAGE)
    return _done(session, "page")


@bp.post("/projector-link")
@login_required
def projector_link(session_id: int):
    """Make the projector's link, or revoke it (a new one, or none): the old one stops at once."""
    session = staff_session(session_id, DRIVE)
    old = session.projector_secret
    action = request.form.get("action")
    if action == "new":
        link.renew(session)
    elif action == "revoke":
        link.revoke(session)
    else:
        raise ActionError(_("La demande est incorrecte."), 400)
    db.session.commit()
    close_projector_link(old)
    return render_state(session)


@bp.post("/results")
@login_required
def results_shown(session_id: int):
    """When participants see vote results (``results``): changeable during the session."""
    session = staff_session(session_id, DRIVE)
    value = request.form.get("results_shown", "")
    if value not in RESULTS_SHOWN:
        raise ActionError(_("Choisissez quand les résultats sont montrés."), 400)
    session.results_shown = value
    return _done(session, "results")


@bp.post("/votes")
@login_required
def votes(session_id: int):
    session = staff_session(session_id, DRIVE)
    if not session.step.kind.vote_kind:
        raise ActionError(_("Il n'y a pas de vote dans cette étape."), 409)
    session.state().votes_open = request.form.get("open") == "1"
    return _done(session, "votes_open")


@bp.post("/story")
@login_required
def choose_story(session_id: int):
    """Confirm the group's choice; the story's author becomes the narrator."""
    session = staff_session(session_id, DRIVE)
    story = moderation.session_item(session, form_int("contribution"))
    if story.kind != "story" or not story.visible:
        raise ActionError(_("Seul un récit proposé peut être choisi."), 400)
    sequences.record_choice(session, story)
    return _done(session, "story")


@bp.post("/speaking-order")
@login_required
def speaking_order(session_id: int):
    """Move one person up or down the order, or move the turn forward or back."""
    session = staff_session(session_id, DRIVE)
    if not session.step.kind.speaking_order:
        raise ActionError(_("Cette étape n'a pas de tour de parole."), 409)
    state = session.state()
    order = list(state.speaking_order)
    action = request.form.get("action")
    previous_speaker = order[state.turn] if 0 <= state.turn < len(order) else None
    if action in ("up", "down"):
        participant_id = form_int("participant")
        if participant_id not in order:
            raise ActionError(_("Cette personne n'est pas dans l'ordre de parole."), 400)
        position = order.index(participant_id)
        other = position - 1 if action == "up" else position + 1
        if 0 <= other < len(order):
            order[position], order[other] = order[other], order[position]
    elif action == "next":
        state.turn = min(state.turn + 1, len(order))
    elif action == "previous":
        state.turn = max(state.turn - 1, 0)
    elif action == "reset":
        order = lifecycle.default_speaking_order(session)
        state.turn = 0
    else:
        raise ActionError(_("Action inconnue sur l'ordre de parole."), 400)
    state.speaking_order = order
    speaker = order[state.turn] if 0 <= state.turn < len(order) else None
    return _done(session, "turn", participants={p for p in (previous_speaker, speaker) if p})


@bp.post("/contributions/<int:contribution_id>/hide")
@login_required
def hide(session_id: int, contribution_id: int):
    session = staff_session(session_id, DRIVE)
    item = moderation.session_item(session, contribution_id)
    item.hidden = request.form.get("hidden") == "1"
    return _done(session, "contributions", participants={item.participant_id} - {None})


@bp.post("/contributions/<int:contribution_id>/edit")
@login_required
def correct(session_id: int, contribution_id: int):
    session = staff_session(session_id, DRIVE)
    item = moderation.session_item(session, contribution_id)
    moderation.correct(item, current_user, request.form.get("text"), request.form.get("title"))
    return _done(session, "contributions", participants={item.participant_id} - {None})


@bp.post("/contributions/<int:contribution_id>/merge")
@login_required
def merge(session_id: int, contribution_id: int):
    session = staff_session(session_id, DRIVE)
    duplicate = moderation.session_item(session, contribution_id)
    if not request.form.get("into"):  # never a target picked for the facilitator
        raise ActionError(_("Choisissez la contribution dont celle-ci est le doublon."), 400)
    moderation.merge(duplicate, moderation.session_item(session, form_int("into")))
    return _done(session, "contributions", "votes",
                 participants={duplicate.participant_id} - {None})


@bp.post("/contributions/<int:contribution_id>/position")
@login_required
def position(session_id: int, contribution_id: int):
    session = staff_session(session_id, DRIVE)
    moderation.override_position(moderation.session_item(session, contribution_id),
                              request.form.get("kind"))
    return _done(session, "contributions")


@bp.post("/staff-contributions")
@login_required
def staff_contribution(session_id: int):
    session = staff_session(session_id, WRITE)
    contrib.staff_contribution(session, current_user, request.form.get("kind", ""),
                               request.form.get("text"), request.form.get("title"))
    return _done(session, "contributions")
