"""The forum, live: the plenary on the main projector.

The plenary is the same for everyone watching it in one language, so a verdict recorded in
any atelier renders the plenary fragment once per language somebody watches it in, and pushes
it to the room ``f<forum id>:plenary:<language>`` (as ``workshop.live`` does for a session's
projector). An atelier's own screens (console, projector, verdicts page) follow its answers
and verdicts through ``workshop.live.changed``, like any session. Bursts are coalesced
(``workshop.coalesce``): the changes that come within ``LIVE_COALESCE_SECONDS`` of a first one
cost one more render. A page that reconnects re-fetches its state.
"""

from flask_babel import force_locale

from .coalesce import Coalescer
from .extensions import db, socketio
from .listeners import listeners
from .live import room


def plenary_room(forum_id: int, language: str) -> str:
    return f"f{forum_id}:plenary:{language}"


def plenary_room_for(forum_id, language: str, user) -> str | None:
    """The plenary room ``user`` may watch, or None: only the forum's staff watch it."""
    from .forum import Forum, is_forum_staff

    forum = type(forum_id) is int and db.session.get(Forum, forum_id)
    if not forum or not is_forum_staff(forum, user):
        return None
    return plenary_room(forum.id, language)


def _push_plenary(app, forum_id: int, _gathered=()) -> None:
    """Render the plenary once per language somebody watches it in, and push it."""
    from .forum import Forum, plenary_rows, render_plenary

    rooms = {language: plenary_room(forum_id, language) for language in app.config["LANGUAGES"]}
    listened = listeners.listened(app, list(rooms.values()))
    if not listened:
        return
    with app.app_context(), app.test_request_context("/"):
        forum = db.session.get(Forum, forum_id)
        if forum is not None:
            rows = plenary_rows(forum)
            for language, target in rooms.items():
                if target in listened:
                    with force_locale(language):
                        html = render_plenary(forum, rows)
                    socketio.emit("fragment", {"target": "plenary", "html": html}, to=target)
        db.session.remove()


_plenary = Coalescer(_push_plenary)


def verdict_recorded(atelier) -> None:
    """The plenary shows the new verdict (the atelier's own screens follow through
    ``workshop.live.changed``)."""
    _plenary(atelier.forum_id)


def programme_changed(atelier) -> None:
    """The atelier works on other axes: its participants re-fetch their questions and the
    plenary shows the new programme."""
    socketio.emit("refresh", {"what": ["forum"]}, to=room(atelier.session_id, "participants"))
    _plenary(atelier.forum_id)
