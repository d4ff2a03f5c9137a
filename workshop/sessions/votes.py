"""Votes: the story choice, positioning (agree / disagree / abstain) and priority dots, each
open only in its step and while the facilitator keeps it open."""

from flask_babel import gettext as _

from ..core.errors import ActionError
from ..core.extensions import db
from .contributions import clean_key
from .guards import lock_participant, refused_as
from .models import AGREEMENT_VALUES, Contribution, Vote
from .tallies import vote_step, vote_target


def _voted_already() -> str:
    return _("Vous avez déjà voté. Retirez votre vote pour le changer.")


def _open_vote(session, kind: str, contribution_id: int) -> Contribution:
    step_kind = session.step.kind
    if session.status != "live" or step_kind.vote_kind != kind:
        raise ActionError(_("Ce vote n'est pas ouvert dans l'étape en cours."), 409)
    if not session.state().votes_open:
        raise ActionError(_("Le vote est fermé."), 409)
    item = db.session.get(Contribution, contribution_id)
    if item is None or item.session_id != session.id or item.kind != step_kind.vote_on \
            or not item.visible or not vote_target(session, item):
        raise ActionError(_("Cet élément n'existe pas ou ne peut pas recevoir de vote."), 404)
    return item


def cast_vote(session, participant, contribution_id: int, kind: str, value: str = "1",
              client_key: str | None = None) -> Vote:
    """Story choice and positioning: one vote per item, withdrawn before it can be changed.

    The same form sent again (same key) is answered with the vote it already stored. The
    participant's lock makes "one story choice" and the dot budget hold when taps race; unique
    indexes stand behind them (one story choice per participant in each choose step, one row
    per item and kind)."""
    lock_participant(participant)
    item = _open_vote(session, kind, contribution_id)
    client_key = clean_key(client_key)
    step_index = vote_step(session, kind)
    if client_key:
        already = db.session.scalar(db.select(Vote).filter_by(
            participant_id=participant.id, contribution_id=item.id, kind=kind, client_key=client_key,
            step_index=step_index))
        if already is not None:
            return already
    if kind == "agreement" and value not in AGREEMENT_VALUES:
        raise ActionError(_("Position inconnue : d'accord, pas d'accord ou sans avis."), 400)
    if kind == "priority":
        return add_dot(session, participant, item, client_key)
    existing = db.select(Vote.id).filter_by(participant_id=participant.id, kind=kind,
                                            step_index=step_index)
    if kind == "agreement":
        existing = existing.filter_by(contribution_id=item.id)
    if db.session.scalar(existing):
        raise ActionError(_voted_already(), 409)
    vote = Vote(session_id=session.id, contribution_id=item.id, participant_id=participant.id,
                kind=kind, value="1" if kind == "story_choice" else value, client_key=client_key,
                step_index=step_index)
    with refused_as(_voted_already):
        db.session.add(vote)
    return vote


def add_dot(session, participant, item: Contribution, client_key: str | None = None) -> Vote:
    """One more dot on ``item`` (dots stack on one row per item), within the budget; the caller
    holds the participant's lock, so the sum read here is the one the write will leave."""
    used = db.session.scalar(db.select(db.func.coalesce(db.func.sum(Vote.points), 0))
                             .where(Vote.participant_id == participant.id, Vote.kind == "priority"))
    if used >= session.priority_dots:
        raise ActionError(_("Vous avez utilisé tous vos points."), 409)
    vote = db.session.scalar(db.select(Vote).filter_by(participant_id=participant.id,
                                                       contribution_id=item.id, kind="priority")
                             .execution_options(populate_existing=True))
    if vote is None:
        vote = Vote(session_id=session.id, contribution_id=item.id, participant_id=participant.id,
                    kind="priority", value="dots", points=0)
        db.session.add(vote)
    vote.points += 1
    vote.client_key = client_key
    return vote


def withdraw_vote(session, participant, contribution_id: int, kind: str) -> None:
    """Take back a vote (or one priority dot) while the vote is open."""
    lock_participant(participant)
    _open_vote(session, kind, contribution_id)
    vote = db.session.scalar(db.select(Vote).filter_by(
        participant_id=participant.id, contribution_id=contribution_id, kind=kind,
        step_index=session.current_step if kind == "story_choice" else None))
    if vote is None:
        raise ActionError(_("Vous n'avez pas voté pour cet élément."), 409)
    if kind == "priority" and vote.points > 1:
        vote.points -= 1
    else:
        db.session.delete(vote)
