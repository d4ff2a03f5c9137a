"""The facilitator's moderation: correct a typo (the earlier wording kept), merge a duplicate,
re-mark an item's position."""

from flask import current_app
from flask_babel import gettext as _

from ..core.clock import utcnow
from ..core.errors import ActionError
from ..core.extensions import db
from ..synthesis.positions import CLASSES
from .contributions import clean_text
from .models import Contribution, ContributionRevision, Vote


def session_item(session, contribution_id: int) -> Contribution:
    if session.report_final_at is not None or session.purged_at is not None:
        raise ActionError(_("Le rapport de cette séance est final : ses contributions ne changent plus."),
                          409)
    item = db.session.get(Contribution, contribution_id)
    if item is None or item.session_id != session.id or item.kind == "private_note":
        raise ActionError(_("Cette contribution n'existe pas."), 404)
    return item


def correct(item: Contribution, user, text: str, title: str | None = None) -> None:
    """Fix a typo; the previous wording is kept in the history."""
    item.revisions.append(ContributionRevision(title=item.title, text=item.text,
                                               edited_by_id=user.id, edited_at=utcnow()))
    item.text = clean_text(text)
    if title is not None and item.title is not None:
        item.title = clean_text(title, limit=current_app.config["MAX_TITLE_LENGTH"])


def merge(duplicate: Contribution, into: Contribution) -> None:
    """Fold a duplicate into another item; votes follow unless the voter already voted there."""
    if duplicate.id == into.id or duplicate.kind != into.kind or not into.visible:
        raise ActionError(_("On ne peut fusionner que deux contributions différentes du même type."),
                          400)
    duplicate.merged_into_id = into.id
    voters = set(db.session.scalars(db.select(Vote.participant_id).filter_by(
        contribution_id=into.id)))
    for vote in db.session.scalars(db.select(Vote).filter_by(contribution_id=duplicate.id)):
        if vote.participant_id in voters:
            db.session.delete(vote)
        else:
            vote.contribution_id = into.id


def override_position(item: Contribution, kind: str | None) -> None:
    if kind and kind not in CLASSES:
        raise ActionError(_("Catégorie inconnue."), 400)
    item.position_override = kind or None
