"""A session, live: its channel, who may join its rooms, and the participants' heartbeat.

Rooms per session and audience: the projector, the console (staff), the participants, and one
personal room per participant. The projector's fragment and the participants' shared part are
rendered once per language somebody listens in and pushed (``core.live``); the console is told
what changed and re-fetches; participants re-fetch their personal part only when something
personal may have changed. A client that reconnects re-fetches everything.
"""

import re

from flask import render_template
from flask_login import current_user

from ..core.clock import utcnow
from ..core.extensions import db, socketio
from ..core.live import (
    Membership,
    connection_state,
    end_revoked_connections,
    open_channel,
    register_audience,
    register_lease_check,
)
from .board import board_context
from .models import Participant, WorkshopSession
from .projector_link import by_secret, link_room
from .results import phones_may_follow

CONSOLE_ONLY = {"presence", "notes"}  # changes that leave the room's screens as they are
PROJECTOR_ONLY = {"page"}  # the projector's page: phones show every item at once
# Participants re-fetch their part when one of these changed (and on new votes when their
# phones may show counts: ``results.phones_may_follow``).
PERSONAL = {"step", "status", "votes_open", "story", "turn", "reveal", "results"}
LINK_LEASE = "projector-link"  # a connection opened through a projector link holds while the link does
TOKEN = re.compile(r"[\w-]{8,64}", re.ASCII)  # the shape of a personal link's token

sessions = open_channel("s", lambda session_id: db.session.get(WorkshopSession, session_id), board_context)


def room(session_id: int, audience: str, language: str | None = None) -> str:
    return sessions.room(session_id, audience, language)


def personal_room(participant_id: int) -> str:
    return f"p{participant_id}"


def changed(session_id: int, *what: str, participants=()) -> None:
    """Announce, after the commit, what changed in a session (and whose personal part)."""
    sessions.changed(session_id, *what, extras=participants)


def render_projector_live(session, context: dict | None = None) -> str:
    return render_template("sessions/projector/_live.html", **(context or board_context(session)))


def render_shared(session, context: dict | None = None) -> str:
    return render_template("sessions/participant/_shared.html", **(context or board_context(session)))


sessions.fragment("projector", "projector-live", render_projector_live, ignore=CONSOLE_ONLY)
sessions.fragment("participants", "shared", render_shared, ignore=CONSOLE_ONLY | PROJECTOR_ONLY)


@sessions.notice
def _tell_screens(session, whats: set, participants: set) -> None:
    """The console re-fetches what changed; participants their personal part."""
    socketio.emit("changed", {"what": sorted(whats)}, to=room(session.id, "console"))
    personal = whats & PERSONAL
    if "votes" in whats and phones_may_follow(session):
        personal.add("votes")
    if personal:
        socketio.emit("refresh", {"what": sorted(personal)}, to=room(session.id, "participants"))
    for participant_id in participants:
        socketio.emit("refresh", {"what": ["mine"]}, to=personal_room(participant_id))


# --- who joins which rooms ------------------------------------------------------------------------

def _join_participant(auth: dict, language: str) -> Membership | None:
    token = auth.get("token")
    participant = isinstance(token, str) and TOKEN.fullmatch(token) and db.session.scalar(
        db.select(Participant).filter_by(token=token))
    if not participant:
        return None
    participant.last_seen = utcnow()
    db.session.commit()
    changed(participant.session_id, "presence")
    shared = room(participant.session_id, "participants", language)
    return Membership(rooms=[room(participant.session_id, "participants"), shared,
                             personal_room(participant.id)],
                      listened=[shared], state={"participant": participant.id})


def _leave_participant(state: dict) -> None:
    participant = db.session.get(Participant, state.get("participant"))
    if participant:
        participant.last_seen = None
        db.session.commit()
        changed(participant.session_id, "presence")


def _join_staff_screen(audience: str):
    def join(auth: dict, language: str) -> Membership | None:
        session_id = auth.get("session")
        session = type(session_id) is int and db.session.get(WorkshopSession, session_id)
        if not session or not session.roles_of(current_user):
            return None
        if audience == "projector":
            target = room(session.id, audience, language)
            return Membership(rooms=[target], listened=[target])
        return Membership(rooms=[room(session.id, audience)])
    return join


def _join_projector(auth: dict, language: str) -> Membership | None:
    """Staff logged in, or the projector link's secret: then only the projector's room."""
    if "secret" not in auth:
        return _join_staff_screen("projector")(auth, language)
    session = by_secret(auth["secret"])
    if session is None:
        return None
    target = room(session.id, "projector", language)
    return Membership(rooms=[target, link_room(session.projector_secret)], listened=[target],
                      lease=(LINK_LEASE, session.projector_secret))


def _links_still_valid(secrets: set) -> set:
    return set(db.session.scalars(db.select(WorkshopSession.projector_secret).where(
        WorkshopSession.projector_secret.in_(secrets))))


def close_projector_link(secret: str | None) -> None:
    """After a revocation (committed), the live connections opened through the old link are
    told, on every worker (the message queue), and so reload to a 404; this worker closes its
    own at once, the other workers' sweeps close theirs (``core.live.connections.Leases``) even
    if the page never reloads."""
    if not secret:
        return
    socketio.emit("revoked", {}, to=link_room(secret))
    end_revoked_connections()


register_lease_check(LINK_LEASE, _links_still_valid)


register_audience("participant", _join_participant, _leave_participant)
register_audience("projector", _join_projector)
register_audience("console", _join_staff_screen("console"))


@socketio.on("heartbeat")
def on_heartbeat(data=None):
    """Participants say they are still there; only participants may send it."""
    if data is not None and not isinstance(data, dict):
        return {"ok": False, "error": "heartbeat takes no data"}
    participant_id = connection_state().get("participant")
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

