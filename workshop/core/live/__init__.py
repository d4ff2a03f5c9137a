"""The live transport over Socket.IO: rooms, coalesced pushes and connections, for any context.

It knows no feature. Contexts open channels (what a change pushes to which room,
``channels``) and register audiences (who may join which rooms, ``connections``). A change
is announced after its commit with ``channel.changed(key, *what)``.
"""

from ..extensions import socketio
from .channels import Channel, open_channel
from .connections import (
    Membership,
    connection_state,
    end_revoked_connections,
    register_audience,
    register_lease_check,
)

__all__ = ["Channel", "Membership", "connection_state", "end_revoked_connections", "init_app", "open_channel",
           "register_audience", "register_lease_check"]


def _ignore_reserved_events(server) -> None:
    """A client may send an event named "connect" or "disconnect": it would re-run those
    handlers with data of its choosing. Such events are dropped before any handler runs."""
    handle = server._handle_event

    def handle_event(eio_sid, namespace, id, data):
        if data and data[0] in server.reserved_events + ["connect_error"]:
            server.logger.warning("reserved event %r from a client ignored", data[0])
            return None
        return handle(eio_sid, namespace, id, data)

    server._handle_event = handle_event


def init_app(app) -> None:
    if not getattr(socketio.server, "_reserved_guarded", False):
        _ignore_reserved_events(socketio.server)
        socketio.server._reserved_guarded = True
