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
from flask_login import current_user
from flask_socketio import join_room

from ..extensions import db, socketio
from .listeners import listeners


@dataclass
class Membership:
    """What a connection joins: ``rooms``, of which ``listened`` are language rooms whose
    fragments are rendered only while somebody is in them; ``state`` is kept for ``leave``;
    ``lease``, (kind, key), what the connection holds by without a login (``Leases``)."""

    rooms: list[str]
    listened: list[str] = field(default_factory=list)
    state: dict = field(default_factory=dict)
    lease: tuple[str, object] | None = None


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
    if current_user.is_authenticated:
        _leases().opened(request.sid, "login", (current_user.id, current_user.login_token))
    if membership.lease:
        _leases().opened(request.sid, *membership.lease)
    return True


@socketio.on("disconnect")
def on_disconnect(*_args):
    _leases().closed(request.sid)
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


_lease_checks: dict[str, Callable] = {}  # kind -> valid(keys) -> the keys still valid


def register_lease_check(kind: str, valid: Callable) -> None:
    """``valid(keys: set) -> set``: which of these leases of ``kind`` still hold. A connection
    opened on a lease (``Membership.lease``) is ended once its lease no longer holds."""
    _lease_checks[kind] = valid


def register_login_check(current_tokens: Callable) -> None:
    """``current_tokens(ids) -> {account id: login token}`` of the active accounts among ids."""
    def valid(keys: set) -> set:
        tokens = current_tokens({account for account, _token in keys})
        return {(account, token) for account, token in keys if tokens.get(account) == token}
    register_lease_check("login", valid)


class Leases:
    """One app's connections in this worker that hold only while something stays true: a staff
    login (a logout, a password change or a deactivation revokes it), a projector link (the
    facilitator renews or revokes it). Such a connection would go on receiving the room's live
    content, so it is ended once its lease is gone. The worker that revoked ends its own at once
    (``end_revoked_connections``); every worker checks its others every ``SWEEP_SECONDS`` while
    it has any, so a revocation reaches the connections on other workers within that time."""

    SWEEP_SECONDS = 15

    def __init__(self, app):
        self.app = app
        self._open: dict[str, list[tuple[str, object]]] = {}  # sid -> its leases, (kind, key)
        self._sweeping = False

    def opened(self, sid: str, kind: str, key) -> None:
        self._open.setdefault(sid, []).append((kind, key))
        if not self._sweeping:
            self._sweeping = True
            socketio.start_background_task(self._sweep)

    def closed(self, sid: str) -> None:
        self._open.pop(sid, None)

    def end_revoked(self) -> None:
        held = [(sid, lease) for sid, leases in list(self._open.items()) for lease in leases]
        for kind in {kind for _sid, (kind, _key) in held}:
            valid = _lease_checks[kind]({key for _sid, (k, key) in held if k == kind})
            for sid, (k, key) in held:
                if k == kind and key not in valid and self._open.pop(sid, None) is not None:
                    socketio.server.disconnect(sid, namespace="/")

    def _sweep(self) -> None:
        while self._open:
            socketio.sleep(self.SWEEP_SECONDS)
            with self.app.app_context():
                try:
                    self.end_revoked()
                finally:
                    db.session.remove()
        self._sweeping = False


def _leases() -> Leases:
    app = current_app._get_current_object()
    return app.extensions.setdefault("live_leases", Leases(app))


def end_revoked_connections() -> None:
    """After a login or a link was revoked (and committed): end this worker's connections
    opened with it (the other workers' sweeps end theirs)."""
    _leases().end_revoked()
