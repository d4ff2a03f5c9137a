"""The forum, live: the plenary on the main projector, and the staff screens of each atelier.

The plenary is the same for everyone watching it in one language, so a verdict recorded in
any atelier renders the plenary fragment once per language somebody watches it in, and pushes
it to the room ``f<forum id>:plenary:<language>`` (as ``workshop.live`` does for a session's
projector). An answer or a verdict tells the atelier's console room what changed; its pages
(console, verdicts) re-fetch what they show. Bursts are coalesced (``workshop.coalesce``): the
changes that come within ``LIVE_COALESCE_SECONDS`` of a first one cost one more render. A page
that reconnects re-fetches its state.
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


def _tell_atelier(app, session_id: int, whats: set) -> None:
    socketio.emit("changed", {"what": sorted(whats)}, to=room(session_id, "console"))


_plenary = Coalescer(_push_plenary)
_atelier = Coalescer(_tell_atelier)


def answers_changed(session_id: int) -> None:
    """A participant answered: the atelier's console and verdicts page re-fetch their counts."""
    _atelier(session_id, ["forum_answers"])


def verdict_recorded(atelier) -> None:
    """The plenary shows the new verdict; the atelier's staff screens re-fetch theirs."""
    _plenary(atelier.forum_id)
    _atelier(atelier.session_id, ["forum_verdicts"])


def programme_changed(atelier) -> None:
    """The atelier works on other axes: its participants re-fetch their questions, the plenary
    and the atelier's staff screens show the new programme."""
    socketio.emit("refresh", {"what": ["forum"]}, to=room(atelier.session_id, "participants"))
    _plenary(atelier.forum_id)
    _atelier(atelier.session_id, ["forum_programme"])
