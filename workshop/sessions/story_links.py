"""Illustrating stories linked to the findings they support: the facilitator (from the console,
in the steps that hold findings or stories) or the rapporteur (from the notes page) links a
story the group told to one or more findings of the session, through one form and route
(``rapporteur.story_link``); the synthesis and the report show the story under each finding
("illustré par le récit « … »")."""

from flask_babel import gettext as _

from ..core.errors import ActionError
from ..core.extensions import db
from .access import LINK
from .models import Contribution, StoryLink
from .tallies import visible_items


def _item(session, contribution_id: int, kind: str, message: str) -> Contribution:
    item = db.session.get(Contribution, contribution_id)
    if item is None or item.session_id != session.id or item.kind != kind or not item.visible:
        raise ActionError(message, 400)
    return item


def link(session, user, story_id: int, finding_id: int) -> StoryLink:
    story = _item(session, story_id, "story", _("Choisissez un récit de cette séance."))
    finding = _item(session, finding_id, "finding", _("Choisissez un constat de cette séance."))
    existing = db.session.scalar(db.select(StoryLink).filter_by(story_id=story.id,
                                                                finding_id=finding.id))
    if existing is not None:
        return existing
    made = StoryLink(session_id=session.id, story_id=story.id, finding_id=finding.id,
                     created_by_id=user.id)
    db.session.add(made)
    return made


def unlink(session, link_id: int) -> None:
    made = db.session.get(StoryLink, link_id)
    if made is None or made.session_id != session.id:
        raise ActionError(_("Ce lien n'existe pas."), 404)
    db.session.delete(made)


def session_links(session) -> list[StoryLink]:
    return list(db.session.scalars(db.select(StoryLink).filter_by(session_id=session.id)
                                   .order_by(StoryLink.finding_id, StoryLink.id)))


def illustrated(session) -> dict[int, list[int]]:
    """{story id: [finding ids it illustrates]} for the session's visible items."""
    out: dict[int, list[int]] = {}
    for made in session_links(session):
        if made.story.visible and made.finding.visible:
            out.setdefault(made.story_id, []).append(made.finding_id)
    return out


def shown_in_step(step) -> bool:
    """The console offers the links in a step where the group writes findings or illustrating
    stories (not where it chooses a story to analyse)."""
    kind = step.kind
    return bool({kind.contribution_kind, kind.staff_kind} & {"finding", "story"})


def links_context(session, user) -> dict:
    """What the links' form shows (``sessions/rapporteur/_story_links.html``)."""
    return {"links": session_links(session),
            "linkable_stories": visible_items(session, "story"),
            "linkable_findings": visible_items(session, "finding"),
            "can_link": bool(session.roles_of(user) & set(LINK))}
