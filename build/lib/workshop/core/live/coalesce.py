"""Bursts of changes cost one live update per window, and an isolated change is not delayed.

The first change to a key (a session, a forum's plenary) after a quiet moment is sent at once,
from the request that made it; the changes that come while its window
(``LIVE_COALESCE_SECONDS``) is open are gathered and sent together when it closes, and so on
while they keep coming. What is sent is read from the database when it is sent, so it holds
every change committed before.
"""

import threading

from flask import current_app

from ..extensions import socketio


class Coalescer:
    """Calls ``send(app, key, gathered)`` at most once per key and window; ``gathered`` is the
    set of the items given with the changes it covers. A failed send is logged: the change is
    stored and stands, and the next one sends the current state."""

    def __init__(self, send):
        self._send = send
        self._lock = threading.Lock()
        # Keyed by (app, key): several apps in one process (the tests) stay apart.
        self._pending: dict[tuple, set] = {}  # changed while the window is open
        self._windows: set[tuple] = set()

    def __call__(self, key, items=()) -> None:
        """Call after the change is committed."""
        app = current_app._get_current_object()
        delay = app.config["LIVE_COALESCE_SECONDS"]
        slot = (app, key)
        with self._lock:
            opening = slot not in self._windows
            if not opening:
                self._pending.setdefault(slot, set()).update(items)
            elif delay > 0:
                self._windows.add(slot)
        if opening:
            self._run(app, key, set(items))
        if opening and delay > 0:
            socketio.start_background_task(self._window, app, key, delay)

    def _run(self, app, key, gathered: set) -> None:
        try:
            self._send(app, key, gathered)
        except Exception:
            app.logger.exception("live update %r failed", key)

    def _window(self, app, key, delay: float) -> None:
        """Keep the window open while changes come; send once for them when it closes."""
        slot = (app, key)
        while True:
            socketio.sleep(delay)
            with self._lock:
                gathered = self._pending.pop(slot, None)
                if gathered is None:  # nothing came during the window
                    self._windows.discard(slot)
                    return
            self._run(app, key, gathered)
