"""Live updates over Socket.IO.

Rooms per session and audience: the projector, the console (staff), the participants.
A change is announced with *what* changed. A session's changes go out at most once per short
window (bursts are coalesced, an isolated change is not delayed); fragments that are the same
for a whole room are rendered once per language and pushed; personal fragments re-fetch themselves only
when something personal may have changed. A client that reconnects re-fetches everything.
"""

import re

from flask import current_app, request
from flask import session as connection
from flask_babel import force_locale
from flask_login import current_user

from .accounts import utcnow
from .coalesce import Coalescer
from .extensions import db, socketio
from .listeners import listeners

# What changed, and who needs to hear of it.
CONSOLE_ONLY = {"presence", "notes"}
PERSONAL = {"step", "status", "votes_open", "story", "turn"}  # participants re-fetch their part
TOKEN = re.compile(r"[\w-]{8,64}", re.ASCII)  # the shape of a personal link's token


def room(session_id: int, audience: str, language: str | None = None) -> str:
    return f"s{session_id}:{audience}" + (f":{language}" if language else "")


def personal_room(participant_id: int) -> str:
    return f"p{participant_id}"


def _send_changes(app, session_id: int, gathered: set) -> None:
    """Tell each audience of a session what changed: shared fragments rendered and pushed,
    the console told, participants asked to re-fetch their personal part."""
    whats = {item for item in gathered if isinstance(item, str)}
    personal = {item[1] for item in gathered if isinstance(item, tuple)}
    with app.app_context(), app.test_request_context("/"):
        from .sessions import WorkshopSession

        session = db.session.get(WorkshopSession, session_id)
        if session is None:
            return
        if whats - CONSOLE_ONLY:
            _push_shared(app, session)
        socketio.emit("changed", {"what": sorted(whats)}, to=room(session_id, "console"))
        if whats & PERSONAL:
            socketio.emit("refresh", {"what": sorted(whats & PERSONAL)},
                          to=room(session_id, "participants"))
        for participant_id in personal:
            socketio.emit("refresh", {"what": ["mine"]}, to=personal_room(participant_id))
        db.session.remove()


_session_changes = Coalescer(_send_changes)


def changed(session_id: int, *what: str, participants=()) -> None:
    """Announce, after the commit, what changed in a session (and whose personal part)."""
    _session_changes(session_id, [*what, *(("participant", pid) for pid in participants)])


def _push_shared(app, session) -> None:
    """Render the projector's and the participants' shared fragments once per language that
    has listeners, and push each to its room."""
    from .board import board_context
    from .participation import render_shared
    from .projector import render_projector_live

    renders = {"projector": ("projector-live", render_projector_live),
               "participants": ("shared", render_shared)}
    wanted = [(audience, language) for language in app.config["LANGUAGES"] for audience in renders]
    listened = listeners.listened(app, [room(session.id, *key) for key in wanted])
    context = None
    for audience, language in wanted:
        target = room(session.id, audience, language)
        if target not in listened:
            continue
        context = context or board_context(session)
        name, render = renders[audience]
        with force_locale(language):
            socketio.emit("fragment", {"target": name, "html": render(session, context)}, to=target)


# --- connections ----------------------------------------------------------------------------

def _language(auth: dict) -> str:
    language = auth.get("lang")
    return language if language in current_app.config["LANGUAGES"] else "fr"


@socketio.on("connect")
def on_connect(auth=None):
    """Put the connection in the rooms its page and its credentials entitle it to; refuse otherwise.

    Refusal is ``return False`` (not ConnectionRefusedError, which the default error handler
    below would swallow and so accept the connection)."""
    from .participants import Participant
    from .sessions import WorkshopSession

    auth = auth if isinstance(auth, dict) else {}
    audience = auth.get("audience")
    language = _language(auth)
    if audience == "participant":
        token = auth.get("token")
        participant = isinstance(token, str) and TOKEN.fullmatch(token) and db.session.scalar(
            db.select(Participant).filter_by(token=token))
        if not participant:
            return False
        from flask_socketio import join_room

        join_room(room(participant.session_id, "participants"))
        join_room(room(participant.session_id, "participants", language))
        listeners.joined(current_app, room(participant.session_id, "participants", language))
        join_room(personal_room(participant.id))
        connection["live_participant"] = participant.id
        participant.last_seen = utcnow()
        db.session.commit()
        changed(participant.session_id, "presence")
        return True
    if audience in ("projector", "console"):
        session_id = auth.get("session")
        session = isinstance(session_id, int) and db.session.get(WorkshopSession, session_id)
        if not session or not session.roles_of(current_user):
            return False
        from flask_socketio import join_room

        join_room(room(session.id, audience, language if audience == "projector" else None))
        if audience == "projector":
            listeners.joined(current_app, room(session.id, audience, language))
        return True
    if audience == "plenary":  # a validation forum's plenary view (workshop.forum_live)
        from .forum_live import plenary_room_for

        target = plenary_room_for(auth.get("forum"), language, current_user)
        if target is None:
            return False
        from flask_socketio import join_room

        join_room(target)
        listeners.joined(current_app, target)
        return True
    return False


@socketio.on("disconnect")
def on_disconnect(*_args):
    from .participants import Participant

    participant_id = connection.get("live_participant")
    if participant_id:
        participant = db.session.get(Participant, participant_id)
        if participant:
            participant.last_seen = None
            db.session.commit()
            changed(participant.session_id, "presence")


@socketio.on("heartbeat")
def on_heartbeat(data=None):
    """Participants say they are still there; only participants may send it."""
    from .participants import Participant

    if data is not None and not isinstance(data, dict):
        return {"ok": False, "error": "heartbeat takes no data"}
    participant_id = connection.get("live_participant")
    if not participant_id:
        return {"ok": False, "error": "only participants send heartbeats"}
    participant = db.session.get(Participant, participant_id)
    if participant is None:
        return {"ok": False, "error": "unknown participant"}
    was_connected = participant.connected
    participant.last_seen = utcnow()
    db.session.commit()
    if not was_connected:
        changed(participant.session_id, "presence")
    return {"ok": True}


@socketio.on_error_default
def on_error(error):
    """A malformed event is answered with an error to its sender; everyone else goes on."""
    current_app.logger.warning("socket event %s failed: %r", request.event, error)
    db.session.rollback()
    socketio.emit("error", {"message": "invalid event"}, to=request.sid)
