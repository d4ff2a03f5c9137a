"""The group words its convergences, divergences and minority positions.

In a step whose kind says ``wording``, the facilitator writes, live on the projector, the
wording the group agrees for each positioned item. The wording is a staff contribution of kind
"wording" whose parent is the item; correcting it keeps the earlier text as a revision. The
classification (and so a lone dissent, kept as a minority position) never changes by wording.
"""

from flask_babel import gettext as _

from ..core.errors import ActionError
from ..core.extensions import db
from .contributions import clean_text
from .models import Contribution, ContributionRevision
from .tallies import visible_items


def wordings(session) -> dict[int, Contribution]:
    """{positioned item id: its wording}."""
    return {item.parent_id: item for item in visible_items(session, "wording")}


def word(session, user, item: Contribution, text: str | None) -> Contribution | None:
    """Store (or change, or with an empty text remove) the group's wording of ``item``."""
    if not session.step.kind.wording:
        raise ActionError(_("Le groupe formule ses positions dans une autre étape."), 409)
    if session.status == "closed":
        raise ActionError(_("Cette séance est terminée."), 409)
    if not item.visible or item.kind == "wording":
        raise ActionError(_("Seul un élément positionné peut être formulé."), 400)
    text = clean_text(text, required=False)
    current = wordings(session).get(item.id)
    if current is None:
        if not text:
            return None
        current = Contribution(session_id=session.id, step_index=session.current_step, kind="wording",
                               user_id=user.id, parent_id=item.id, text=text, language=session.language)
        db.session.add(current)
    elif not text:
        db.session.delete(current)
        return None
    elif text != current.text:
        current.revisions.append(ContributionRevision(text=current.text, edited_by_id=user.id))
        current.text = text
    return current
