"""Which language rooms have members, so that a fragment nobody would receive is not rendered.

A session's shared fragments are rendered once per language room (projector and participants,
in French, Dutch, English). One worker knows its own rooms exactly. With several workers
sharing a message queue, a change is rendered by the worker that received it, which cannot
see the others' rooms; so each worker advertises in Redis the language rooms it has members
in: a sorted set per room, worker id -> expiry time, written when a connection joins and
renewed every ``REFRESH_SECONDS`` while the room is not empty. An entry outlives its worker by
at most ``TTL_SECONDS`` (costing only needless renders); after Redis has lost its data, the
workers advertise their rooms again within ``REFRESH_SECONDS``.
"""

import threading
import time
import uuid

from ..extensions import socketio

KEY = "tourdetable:listeners:"
TTL_SECONDS = 30
REFRESH_SECONDS = 10


def _local_rooms() -> dict:
    return socketio.server.manager.rooms.get("/", {})


class Listeners:
    """This worker's view of the language rooms (one instance per process)."""

    def __init__(self):
        self.worker = uuid.uuid4().hex
        self._redis = {}
        self._refreshing = False
        self._rooms: set[str] = set()  # the language rooms this worker has advertised
        self._lock = threading.Lock()

    def _client(self, url: str):
        if url not in self._redis:
            import redis

            self._redis[url] = redis.Redis.from_url(url)
        return self._redis[url]

    def joined(self, app, room_name: str) -> None:
        """Call after a connection joined a language room."""
        url = app.config["SOCKETIO_MESSAGE_QUEUE"]
        if not url:
            return
        self._advertise(url, [room_name])
        with self._lock:
            self._rooms.add(room_name)
            start, self._refreshing = not self._refreshing, True
        if start:
            socketio.start_background_task(self._refresh_forever, url)

    def _advertise(self, url: str, room_names) -> None:
        expires = time.time() + TTL_SECONDS
        pipe = self._client(url).pipeline(transaction=False)
        for room_name in room_names:
            pipe.zadd(KEY + room_name, {self.worker: expires})
            pipe.expire(KEY + room_name, TTL_SECONDS)
        pipe.execute()

    def _refresh_forever(self, url: str) -> None:
        while True:
            socketio.sleep(REFRESH_SECONDS)
            local = _local_rooms()
            with self._lock:
                self._rooms = {name for name in self._rooms if local.get(name)}
                rooms = list(self._rooms)
            try:
                self._advertise(url, rooms)
            except Exception:  # Redis away for a moment: try again at the next round
                continue

    def listened(self, app, room_names: list[str]) -> set[str]:
        """The rooms among ``room_names`` that may have members on some worker."""
        url = app.config["SOCKETIO_MESSAGE_QUEUE"]
        if not url:
            local = _local_rooms()
            return {name for name in room_names if local.get(name)}
        now = time.time()
        pipe = self._client(url).pipeline(transaction=False)
        for room_name in room_names:
            pipe.zcount(KEY + room_name, now, "+inf")
        try:
            counts = pipe.execute()
        except Exception:  # Redis unreachable: render everything rather than miss an update
            return set(room_names)
        return {name for name, count in zip(room_names, counts, strict=True) if count}


listeners = Listeners()
