"""The forum, live: the plenary on the main projector, and the coordinator's overview.

The plenary is the same for everyone watching it in one language, so a verdict recorded in
any atelier, or the coordinator's move of its focus, renders the plenary fragment once per
language somebody watches it in, and pushes it to the room ``f<forum id>:plenary:<language>``
only (the forum's channel, ``core.live``). The overview's live table (every atelier's
participants, answers, verdicts and connections) is pushed the same way to the coordinator's
room; it follows the ateliers' own session channels through a notice. Bursts are coalesced;
a page that reconnects re-fetches its state.
"""

from flask import render_template
from flask_login import current_user

from ..core.extensions import db, socketio
from ..core.live import Membership, open_channel, register_audience
from ..sessions.live import room, sessions
from ..sessions.views.staff import ROLE_LABELS
from .access import is_forum_staff
from .models import Forum, ForumAtelier
from .overview import overview_rows
from .plenary import plenary_view

PLENARY = {"verdicts", "programme", "plenary"}  # what changes the plenary (answers and joins do not)
ATELIER_CHANGES = {"presence", "status", "forum_answers", "forum_verdicts", "forum_programme", "staff"}

forums = open_channel("f", lambda forum_id: db.session.get(Forum, forum_id), lambda forum: {})


def render_plenary(forum: Forum, view: dict | None = None) -> str:
    """The plenary as it is now (tally or focus), in the current language."""
    return render_template("forum/_plenary.html", forum=forum, view=view or plenary_view(forum))


def render_overview(forum: Forum) -> str:
    return render_template("forum/_overview.html", forum=forum, rows=overview_rows(forum),
                           role_labels=ROLE_LABELS)


def _plenary_fragment(forum: Forum, context: dict) -> str:
    if "plenary" not in context:  # computed once for every language
        context["plenary"] = plenary_view(forum)
    return render_plenary(forum, context["plenary"])


forums.fragment("plenary", "plenary", _plenary_fragment, ignore={"overview"})
forums.fragment("overview", "overview", lambda forum, context: render_overview(forum))


def _join_plenary(auth: dict, language: str) -> Membership | None:
    """Only the forum's staff watch its plenary."""
    forum_id = auth.get("forum")
    forum = type(forum_id) is int and db.session.get(Forum, forum_id)
    if not forum or not is_forum_staff(forum, current_user):
        return None
    target = forums.room(forum.id, "plenary", language)
    return Membership(rooms=[target], listened=[target])


def _join_overview(auth: dict, language: str) -> Membership | None:
    """Only the forum's coordinator (its creator) watches its overview."""
    forum_id = auth.get("forum")
    forum = type(forum_id) is int and db.session.get(Forum, forum_id)
    if not forum or not getattr(current_user, "is_authenticated", False) \
            or forum.created_by_id != current_user.id:
        return None
    target = forums.room(forum.id, "overview", language)
    return Membership(rooms=[target], listened=[target])


register_audience("plenary", _join_plenary)
register_audience("overview", _join_overview)


@sessions.notice
def _atelier_changed(session, whats: set, _participants: set) -> None:
    """An atelier's participants, answers, verdicts or staff changed: its forum's overview
    follows (the plenary follows verdicts through ``verdict_recorded``)."""
    if whats & ATELIER_CHANGES:
        forum_id = db.session.scalar(db.select(ForumAtelier.forum_id).filter_by(session_id=session.id))
        if forum_id is not None:
            forums.changed(forum_id, "overview")


def verdict_recorded(atelier) -> None:
    """The plenary shows the new verdict (the atelier's own screens follow on the session
    channel)."""
    forums.changed(atelier.forum_id, "verdicts")


def plenary_moved(forum: Forum) -> None:
    """The coordinator moved the plenary (mode, page, focus): its room alone is told."""
    forums.changed(forum.id, "plenary")


def programme_changed(atelier) -> None:
    """The atelier works on other axes: its participants re-fetch their questions and the
    plenary shows the new programme."""
    socketio.emit("refresh", {"what": ["forum"]}, to=room(atelier.session_id, "participants"))
    forums.changed(atelier.forum_id, "programme")
