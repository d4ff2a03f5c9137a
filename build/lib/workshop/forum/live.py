"""The forum, live: the plenary on the main projector.

The plenary is the same for everyone watching it in one language, so a verdict recorded in
any atelier renders the plenary fragment once per language somebody watches it in, and pushes
it to the room ``f<forum id>:plenary:<language>`` (the forum's channel, ``core.live``). An
atelier's own screens (console, projector, verdicts page) follow its answers and verdicts on
the session channel, like any session. Bursts are coalesced; a page that reconnects re-fetches
its state.
"""

from flask import render_template
from flask_login import current_user

from ..core.extensions import db, socketio
from ..core.live import Membership, open_channel, register_audience
from ..sessions.live import room
from .access import is_forum_staff
from .models import Forum
from .tally import labels, plenary_rows

forums = open_channel("f", lambda forum_id: db.session.get(Forum, forum_id),
                      lambda forum: {"rows": plenary_rows(forum)})


def render_plenary(forum: Forum, rows: list[dict] | None = None) -> str:
    """The plenary table, in the current language."""
    return render_template("forum/_plenary.html", forum=forum,
                           rows=plenary_rows(forum) if rows is None else rows, labels=labels())


forums.fragment("plenary", "plenary", lambda forum, context: render_plenary(forum, context["rows"]))


def _join_plenary(auth: dict, language: str) -> Membership | None:
    """Only the forum's staff watch its plenary."""
    forum_id = auth.get("forum")
    forum = type(forum_id) is int and db.session.get(Forum, forum_id)
    if not forum or not is_forum_staff(forum, current_user):
        return None
    target = forums.room(forum.id, "plenary", language)
    return Membership(rooms=[target], listened=[target])


register_audience("plenary", _join_plenary)


def verdict_recorded(atelier) -> None:
    """The plenary shows the new verdict (the atelier's own screens follow on the session
    channel)."""
    forums.changed(atelier.forum_id, "verdicts")


def programme_changed(atelier) -> None:
    """The atelier works on other axes: its participants re-fetch their questions and the
    plenary shows the new programme."""
    socketio.emit("refresh", {"what": ["forum"]}, to=room(atelier.session_id, "participants"))
    forums.changed(atelier.forum_id, "programme")
