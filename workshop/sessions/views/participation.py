"""The participant's side: join with a code, take a pseudonym, contribute and vote from a phone.

The personal link /p/<token> is the participant's identity in one session: reloading it,
or opening it on another device, keeps the same pseudonym and contributions.
"""

from flask import Blueprint, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ...core.clock import utcnow
from ...core.errors import ActionError, form_int
from ...core.extensions import commit_keeping_loaded, db, limiter
from ...core.i18n import current_language
from ...core.throttles import look_up_link
from .. import contributions as contrib
from .. import joining, results, tallies, votes
from ..access import participant_by_token
from ..guards import refused_as
from ..lifecycle import add_to_speaking_order, normalise_code
from ..live import changed, render_shared
from ..models import LEVELS, Contribution, Participant, WorkshopSession
from ..profiles import PROFILE_CHOICES
from ..pseudonyms import clean_pseudonym, pseudonym_key, taken_message

bp = Blueprint("participation", __name__)

COOKIE = "tdt_participants"  # remembers, per browser, the personal links already opened


class CodeForm(FlaskForm):
    code = StringField(_l("Code de participation"), validators=[DataRequired(), Length(max=20)])


class ProfileForm(FlaskForm):
    """Pseudonym (required) and an optional declared position (DESIGN §3)."""

    pseudonym = StringField(_l("Pseudonyme"))  # checked by ``pseudonyms.clean_pseudonym``
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=120)])
    organisation_size = SelectField(default="", label=_l("Taille de l'organisation"))
    service = SelectField(default="", label=_l("Service"))
    function = SelectField(default="", label=_l("Fonction"))
    hierarchy = SelectField(default="", label=_l("Position hiérarchique"))
    seniority = SelectField(default="", label=_l("Ancienneté"))
    language = SelectField(default="", label=_l("Langue"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in PROFILE_CHOICES.items():
            getattr(self, name).choices = [("", _("— ne pas préciser —")), *choices]


def _session_for_code(code: str) -> WorkshopSession:
    """The open session of this code. An unknown code and a closed session get the same answer,
    so that guessing codes does not even tell which sessions exist; misses are throttled."""
    def open_session() -> WorkshopSession | None:
        session = db.session.scalar(db.select(WorkshopSession).filter_by(join_code=normalise_code(code)))
        return session if session is not None and session.status != "closed" else None

    return look_up_link(open_session, lambda: ActionError(
        _("Ce code ne correspond à aucune séance ouverte. Vérifiez-le au projecteur."), 404))


def _opened_tokens() -> list[str]:
    return [token for token in request.cookies.get(COOKIE, "").split(",") if token]


def _remembered(session: WorkshopSession) -> Participant | None:
    """The participant this browser already is in this session, if any."""
    for token in _opened_tokens():
        participant = token and db.session.scalar(db.select(Participant).filter_by(token=token))
        if participant and participant.session_id == session.id:
            return participant
    return None


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def enter_code():
    form = CodeForm()
    status = 400
    if form.validate_on_submit():
        try:
            session = _session_for_code(form.code.data)
        except ActionError as refused:  # said on the form, the code as typed kept
            form.code.errors = [refused.message]
            status = refused.status
        else:
            return redirect(url_for("participation.join", code=session.join_code))
    return render_template("sessions/participant/enter_code.html", form=form), status if form.errors else 200


def _refused(session: WorkshopSession, refusal: joining.JoinRefused):
    return render_template("sessions/participant/join_refused.html", session=session,
                           refusal=refusal), 409


@bp.route("/join/<code>", methods=["GET", "POST"])
@limiter.limit("30 per minute", methods=["POST"])
def join(code: str):
    session = _session_for_code(code)
    known = _remembered(session)
    if known and request.method == "GET":
        return redirect(url_for("participation.page", token=known.token))
    try:
        joining.check_join(session, _opened_tokens())
    except joining.JoinRefused as refusal:  # e.g. already in another atelier of the same forum
        return _refused(session, refusal)
    form = ProfileForm()
    if request.method == "GET":
        form.language.data = current_language()
    status = 400
    if form.validate_on_submit():
        try:
            participant = _new_participant(session, form)
        except ActionError as error:  # shown on the form, with everything typed kept
            form.pseudonym.errors = [error.message]
            status = error.status
        except joining.JoinRefused as refusal:
            return _refused(session, refusal)
        else:
            changed(session.id, "presence", *(("turn",) if session.step.kind.speaking_order else ()))
            response = make_response(redirect(url_for("participation.page", token=participant.token)))
            tokens = _opened_tokens()[-9:]
            response.set_cookie(COOKIE, ",".join([*tokens, participant.token]),
                                max_age=30 * 24 * 3600, httponly=True, samesite="Lax")
            joining.remember_device(response)
            return response
    return render_template("sessions/participant/join.html", session=session, form=form), \
        status if form.errors else 200


def _new_participant(session, form) -> Participant:
    """The participant, stored with the rows of the joining rules (a forum's seat). A pseudonym
    that looks like one already taken is refused (409); when two joins race, the unique key in
    the database refuses the second, as it refuses a device joining two ateliers at once."""
    pseudonym = clean_pseudonym(form.pseudonym.data)
    if db.session.scalar(db.select(Participant.id).filter_by(
            session_id=session.id, pseudonym_key=pseudonym_key(pseudonym))):
        raise ActionError(taken_message(), 409)
    participant = Participant(session_id=session.id, charter_acknowledged_at=utcnow())  # see join.html
    form.populate_obj(participant)
    participant.pseudonym = pseudonym
    for name in ("organisation", *PROFILE_CHOICES):
        setattr(participant, name, getattr(participant, name) or None)
    db.session.add(participant)
    with refused_as(taken_message):
        db.session.flush()
    joining.seat(session, participant)  # a rule's rows, kept by its unique index in this commit
    add_to_speaking_order(session, participant)
    try:
        db.session.commit()
    except IntegrityError:  # the same device joined elsewhere at the same moment
        db.session.rollback()
        joining.check_join(session, _opened_tokens())  # raises JoinRefused
        raise
    return participant


def _mine_context(participant, saved: str | None = None) -> dict:
    session = participant.session
    step = session.step
    kind = step.kind
    context = {"participant": participant, "session": session, "step": step,
               "state": session.state(), "saved": saved,
               "is_narrator": participant.id == session.narrator_id,
               "own": tallies.own_items(participant, step.index), "levels": LEVELS}
    try:
        context["writes"] = contrib.writable_kind(session, participant)
    except ActionError:
        context["writes"] = None
    if kind.vote_kind:
        context["targets"] = tallies.vote_targets(session, kind.vote_on)
        context["my_votes"] = tallies.own_votes(participant, kind.vote_kind)
        context.update(_results_seen(session, kind, context["state"], context["targets"],
                                     context["my_votes"]))
        if kind.vote_kind == "priority":
            context["dots_left"] = session.priority_dots - sum(
                vote.points for vote in context["my_votes"].values())
    if kind.speaking_order:
        state = context["state"]
        order = state.speaking_order
        context["my_turn"] = 0 <= state.turn < len(order) and order[state.turn] == participant.id
    if kind.questionnaire:
        context["answers"] = {item.title: item.text for item in context["own"]}
    return context


def _results_seen(session, kind, state, targets, my_votes) -> dict:
    """The counts this participant may see now (``results``), by item: an agreement's
    positioning, a story's votes, a proposal's dots. Only those: a phone that may not see an
    item's counts yet does not receive them, not even hidden."""
    everything = results.public(session, state)
    after_own = results.seen_after_own_vote(session)
    if kind.vote_kind == "agreement":
        counts = {row["item"].id: row["positioning"] for row in tallies.position_board(session, kind.vote_on)
                  if everything or (after_own and row["item"].id in my_votes)}
    elif everything or (after_own and kind.vote_kind == "story_choice" and my_votes):
        tally = tallies.vote_tally(session, kind.vote_kind)
        key = "dots" if kind.vote_kind == "priority" else "1"
        counts = {item.id: tally.get(item.id, {}).get(key, 0) for item in targets}
    else:
        counts = {}
    return {"listed": results.listed_on_phones(kind, state), "counts": counts,
            "counted_total": sum(counts.values()) if kind.vote_kind == "story_choice" else 0}


def render_mine(participant, saved: str | None = None, status: int = 200):
    return render_template("sessions/participant/_mine.html", **_mine_context(participant, saved)), status


def _continued_in(participant) -> Participant | None:
    """The same person in the group's next session, if they were carried into it."""
    return db.session.scalar(db.select(Participant).filter_by(carried_from_id=participant.id)
                             .order_by(Participant.id.desc()).limit(1))


@bp.get("/p/<token>")
def page(token: str):
    participant = participant_by_token(token)
    elsewhere = participant.session.step.kind.participant_page
    if elsewhere:  # a kind of step whose participants work on a page of their own (forum ateliers)
        return redirect(url_for(elsewhere, token=token))
    return render_template("sessions/participant/page.html", shared_html=render_shared(participant.session),
                           continued_in=_continued_in(participant), **_mine_context(participant))


@bp.post("/p/<token>/charter")
def acknowledge_charter(token: str):
    """Someone the staff added (a registration, a person without a phone) opening their link:
    they read the charter once before taking part."""
    participant = participant_by_token(token)
    participant.charter_acknowledged_at = participant.charter_acknowledged_at or utcnow()
    db.session.commit()
    return redirect(url_for("participation.page", token=token))


@bp.get("/p/<token>/shared")
def shared(token: str):
    return render_shared(participant_by_token(token).session)


@bp.get("/p/<token>/mine")
def mine(token: str):
    return render_mine(participant_by_token(token))


def _after_change(participant, saved: str, *what: str):
    commit_keeping_loaded()
    changed(participant.session_id, *what)
    return render_mine(participant, saved)


@bp.post("/p/<token>/contributions")
def contribute(token: str):
    participant = participant_by_token(token, lock=True)
    form = request.form
    contrib.submit(participant.session, participant, form_int("step"), text=form.get("text"),
                   title=form.get("title"), level=form.get("level"), actor=form.get("actor"),
                   language=current_language(), client_key=form.get("client_key"))
    return _after_change(participant, _("Enregistré. Merci !"), "contributions")


@bp.post("/p/<token>/contributions/<int:contribution_id>")
def edit(token: str, contribution_id: int):
    participant = participant_by_token(token, lock=True)
    form = request.form
    contrib.edit_own(participant.session, participant, contribution_id, text=form.get("text"),
                     title=form.get("title"), level=form.get("level"), actor=form.get("actor"))
    return _after_change(participant, _("Modification enregistrée."), "contributions")


@bp.post("/p/<token>/contributions/<int:contribution_id>/withdraw")
def withdraw(token: str, contribution_id: int):
    participant = participant_by_token(token, lock=True)
    contrib.withdraw_own(participant.session, participant, contribution_id)
    return _after_change(participant, _("Contribution retirée."), "contributions")


@bp.route("/p/<token>/withdraw-everything", methods=["GET", "POST"])
def withdraw_everything(token: str):
    """Take back every contribution and vote, after a confirmation page."""
    participant = participant_by_token(token)
    session = participant.session
    if request.method == "GET" or request.form.get("confirm") != "yes":
        own = db.session.scalar(db.select(db.func.count(Contribution.id)).filter_by(
            session_id=session.id, participant_id=participant.id))
        return render_template("sessions/participant/withdraw.html", participant=participant,
                               session=session, own=own, done=None,
                               error=request.method == "POST"), 400 if request.method == "POST" else 200
    done = contrib.withdraw_everything(session, participant)
    db.session.commit()
    changed(session.id, "contributions", "votes")
    return render_template("sessions/participant/withdraw.html", participant=participant,
                           session=session, own=None, done=done, error=False)


@bp.post("/p/<token>/evaluation")
def evaluate(token: str):
    participant = participant_by_token(token, lock=True)
    answers = {key: value for key, value in request.form.items() if key.startswith("q_")}
    contrib.answer_evaluation(participant.session, participant, form_int("step"),
                              {key[2:]: value for key, value in answers.items()},
                              language=current_language())
    return _after_change(participant, _("Merci pour votre évaluation."), "contributions")


@bp.post("/p/<token>/votes")
def vote(token: str):
    participant = participant_by_token(token, lock=True)
    votes.cast_vote(participant.session, participant, form_int("contribution"),
                      request.form.get("kind", ""), request.form.get("value", "1"),
                      client_key=request.form.get("client_key"))
    return _after_change(participant, _("Vote enregistré."), "votes")


@bp.post("/p/<token>/votes/withdraw")
def unvote(token: str):
    participant = participant_by_token(token, lock=True)
    votes.withdraw_vote(participant.session, participant, form_int("contribution"),
                          request.form.get("kind", ""))
    return _after_change(participant, _("Vote retiré."), "votes")
