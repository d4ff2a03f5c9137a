"""A participant's page in an atelier: the questions on each target of its programme."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...core.errors import ActionError
from ...core.extensions import db
from ...sessions.access import participant_by_token
from ...sessions.contributions import clean_key
from ...sessions.live import changed, render_shared
from ..access import atelier_of_session, programme_target
from ..gaps import MAX_GAP, gap_of, save_gap
from ..inputs import form_choice, form_text, upsert
from ..material import axes_of, dom_id
from ..models import COVERAGE, PRIORITY, SCOPE, ForumAnswer, asks_priority
from ..tally import labels
from .blueprint import TARGET, bp, htmx


def _participant_context(participant) -> dict:
    atelier = atelier_of_session(participant.session)
    mine = {(a.target_kind, a.target_id): a for a in db.session.scalars(
        db.select(ForumAnswer).filter_by(participant_id=participant.id))}
    return {"participant": participant, "session": participant.session, "atelier": atelier,
            "axes": axes_of(atelier.forum, atelier), "mine": mine, "labels": labels(),
            "my_gap": gap_of(participant.session_id, participant.id)}


@bp.get("/p/<token>/forum")
def participant_page(token: str):
    participant = participant_by_token(token)
    return render_template("forum/participant.html", shared_html=render_shared(participant.session),
                           **_participant_context(participant))


@bp.get("/p/<token>/forum/questions")
def participant_questions(token: str):
    """The questions with this participant's saved answers: what the page re-fetches after a
    lost connection, a change of the atelier's status or of its axes."""
    return render_template("forum/_questions.html", **_participant_context(participant_by_token(token)))


def _saved(token: str, participant, kind: str, target: dict):
    if not htmx():
        return redirect(url_for("forum.participant_page", token=token) + f"#{dom_id(kind, target['id'])}")
    return render_template("forum/_answer_form.html", kind=kind, target=target,
                           saved=_("Réponse enregistrée."), **_participant_context(participant))


@bp.post(f"/p/<token>/forum/{TARGET}")
def answer(token: str, kind: str, target_id: str):
    """Store a participant's answers on one target. The same form sent again (its key: a
    retry after a lost connection) is answered as saved and stored once."""
    participant = participant_by_token(token)
    session = participant.session
    atelier = atelier_of_session(session)
    client_key = clean_key(request.form.get("client_key"))
    key = {"participant_id": participant.id, "target_kind": kind, "target_id": target_id}
    if client_key and db.session.scalar(db.select(ForumAnswer.id).filter_by(**key, client_key=client_key)):
        return _saved(token, participant, kind, programme_target(atelier, kind, target_id))
    if session.status != "live":
        raise ActionError(_("L'atelier n'est pas en cours."), 409)
    target = programme_target(atelier, kind, target_id)
    coverage, scope = form_choice("coverage", COVERAGE), form_choice("scope", SCOPE)
    priority = form_choice("priority", PRIORITY) if asks_priority(kind) else None
    gaps, which = form_text("gaps"), form_text("scope_which")
    if coverage == "gaps" and not gaps:
        raise ActionError(_("Écrivez les lacunes importantes que vous voyez."), 400)
    if scope == "some" and not which:
        message = {"axis": _("Écrivez pour quelles organisations cet axe vaut, et pourquoi."),
                   "finding": _("Écrivez pour quelles organisations ce constat vaut, et pourquoi.")}.get(
            kind, _("Écrivez pour quelles organisations cela vaut, et pourquoi."))
        raise ActionError(message, 400)
    upsert(ForumAnswer, key, {"session_id": session.id, "coverage": coverage, "gaps": gaps, "scope": scope,
                              "scope_which": which, "priority": priority, "client_key": client_key})
    changed(session.id, "forum_answers")  # the projector's counts, and the staff screens told
    return _saved(token, participant, kind, target)


@bp.post("/p/<token>/forum/gap")
def whole_gap(token: str):
    """A participant's answer to "what is missing in the whole synthesis?" (empty: none)."""
    participant = participant_by_token(token)
    if participant.session.status != "live":
        raise ActionError(_("L'atelier n'est pas en cours."), 409)
    save_gap(participant.session_id, participant.id, form_text("gap", MAX_GAP))
    if not htmx():
        return redirect(url_for("forum.participant_page", token=token) + "#forum-gap")
    return render_template("forum/_gap_form.html", saved=_("Réponse enregistrée."),
                           **_participant_context(participant))
