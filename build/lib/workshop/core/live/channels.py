"""Channels: what a change to one thing (a session, a forum) pushes, and to which rooms.

The transport knows no feature. A context opens a channel for the things it owns (``s`` for
sessions, ``f`` for forums) and registers on it:

- *fragments*: HTML that is the same for a whole room (a projector, every participant),
  rendered once per language somebody listens in and pushed to that room;
- *notices*: functions told what changed, which tell other rooms to re-fetch their own part.

``channel.changed(key, *what)`` is called after the commit; bursts are coalesced per key
(``coalesce.Coalescer``): the first change goes out at once, later ones within the window
together. What is pushed is read from the database when it is sent.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import force_locale

from ..extensions import db, socketio
from .coalesce import Coalescer
from .listeners import listeners

_channels: dict[str, "Channel"] = {}


@dataclass(frozen=True)
class Fragment:
    audience: str  # the room's audience, e.g. "projector"
    target: str  # the id of the page element it replaces
    render: Callable  # render(subject, context) -> HTML, in the current locale
    ignore: frozenset = field(default_factory=frozenset)  # changes that leave it as it is


class Channel:
    """The rooms of one kind of thing, and what a change to one of them sends."""

    def __init__(self, prefix: str, load: Callable, context: Callable | None = None):
        self.prefix = prefix
        self.load = load  # key -> the thing, or None once it is gone
        self.context = context or (lambda subject: {})  # computed once per send, for every fragment
        self.fragments: list[Fragment] = []
        self.notices: list[Callable] = []
        self._coalescer = Coalescer(self._send)

    def room(self, key, audience: str, language: str | None = None) -> str:
        return f"{self.prefix}{key}:{audience}" + (f":{language}" if language else "")

    def fragment(self, audience: str, target: str, render: Callable, ignore=()) -> None:
        if not any(f.audience == audience and f.target == target for f in self.fragments):
            self.fragments.append(Fragment(audience, target, render, frozenset(ignore)))

    def notice(self, notify: Callable) -> Callable:
        """Register ``notify(subject, what: set, extras: set)``; usable as a decorator."""
        if notify not in self.notices:
            self.notices.append(notify)
        return notify

    def changed(self, key, *what: str, extras=()) -> None:
        """Announce, after the commit, what changed; ``extras`` are hashable details for the
        notices (e.g. whose personal part changed)."""
        self._coalescer((self.prefix, key), [*what, *(("extra", e) for e in extras)])

    def _send(self, app, slot, gathered: set) -> None:
        key = slot[1]
        whats = {item for item in gathered if isinstance(item, str)}
        extras = {item[1] for item in gathered if isinstance(item, tuple)}
        with app.app_context(), app.test_request_context("/"):
            subject = self.load(key)
            if subject is None:
                return
            self._push(app, key, subject, whats)
            for notify in self.notices:
                notify(subject, whats, extras)
            db.session.remove()

    def _push(self, app, key, subject, whats: set) -> None:
        due = [f for f in self.fragments if whats - f.ignore]
        wanted = [(f, language) for language in app.config["LANGUAGES"] for f in due]
        listened = listeners.listened(app, [self.room(key, f.audience, lang) for f, lang in wanted])
        context = None
        for fragment, language in wanted:
            target = self.room(key, fragment.audience, language)
            if target not in listened:
                continue
            if context is None:
                context = self.context(subject)
            with force_locale(language):
                html = fragment.render(subject, context)
            socketio.emit("fragment", {"target": fragment.target, "html": html}, to=target)


def open_channel(prefix: str, load: Callable, context: Callable | None = None) -> Channel:
    """The channel with this room prefix, opened once per process."""
    if prefix not in _channels:
        _channels[prefix] = Channel(prefix, load, context)
    return _channels[prefix]
