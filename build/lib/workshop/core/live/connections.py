"""Live connections: who may join which rooms, decided by the context that owns the audience.

A page connects with ``auth = {"audience": ..., "lang": ..., ...}``. The context that
registered that audience checks the rest of ``auth`` (a session id, a personal token, a
forum id) against the caller, and answers with the rooms to join, or ``None`` to refuse. A
client that reconnects re-fetches its state: there is nothing to reconcile here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app, request
from flask import session as connection
from flask_socketio import join_room

from ..extensions import db, socketio
from .listeners import listeners


@dataclass
class Membership:
    """What a connection joins: ``rooms``, of which ``listened`` are language rooms whose
    fragments are rendered only while somebody is in them; ``state`` is kept for ``leave``."""

    rooms: list[str]
    listened: list[str] = field(default_factory=list)
    state: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Audience:
    name: str
    join: Callable  # join(auth: dict, language: str) -> Membership | None
    leave: Callable | None = None  # leave(state: dict), after the connection is gone


_audiences: dict[str, Audience] = {}


def register_audience(name: str, join: Callable, leave: Callable | None = None) -> None:
    _audiences.setdefault(name, Audience(name, join, leave))


def _language(auth: dict) -> str:
    language = auth.get("lang")
    return language if language in current_app.config["LANGUAGES"] else "fr"


@socketio.on("connect")
def on_connect(auth=None):
    """Put the connection in the rooms its audience allows; refuse otherwise.

    Refusal is ``return False`` (not ConnectionRefusedError, which the default error handler
    below would swallow and so accept the connection)."""
    auth = auth if isinstance(auth, dict) else {}
    audience = _audiences.get(auth.get("audience"))
    membership = audience and audience.join(auth, _language(auth))
    if not membership:
        return False
    for name in membership.rooms:
        join_room(name)
    for name in membership.listened:
        listeners.joined(current_app, name)
    connection["live_audience"] = audience.name
    connection["live_state"] = membership.state
    return True


@socketio.on("disconnect")
def on_disconnect(*_args):
    audience = _audiences.get(connection.pop("live_audience", None))
    state = connection.pop("live_state", None) or {}
    if audience and audience.leave:
        audience.leave(state)


def connection_state() -> dict:
    """What the audience's ``join`` kept about this connection (for its own events)."""
    return connection.get("live_state") or {}


@socketio.on_error_default
def on_error(error):
    """A malformed event is answered with an error to its sender; everyone else goes on."""
    current_app.logger.warning("socket event %s failed: %r", request.event, error)
    db.session.rollback()
    socketio.emit("error", {"message": "invalid event"}, to=request.sid)
