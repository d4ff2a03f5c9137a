"""Times are stored in UTC and shown in the configured TIMEZONE, through one function.

``show_time`` is the ``moment`` Jinja filter of every page, and what the exports receive to
print a time (the synthesis engine has no Flask: the workspace hands it this function, bound to
the zone and the reader's language). It takes what the app holds: a naive UTC ``datetime`` (a
DateTime column) or the ISO text of one (the session document).
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import current_app

from .i18n import current_language


def as_utc(value) -> datetime | None:
    """An aware UTC datetime from a naive UTC datetime, an aware one, or ISO text."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def show_time(value, pattern: str = "HH:mm", *, zone: str, language: str) -> str:
    """``value`` in ``zone``, with a Babel pattern ("HH:mm") or width ("short", "medium")."""
    moment = as_utc(value)
    if moment is None:
        return ""
    return format_datetime(moment, pattern, tzinfo=ZoneInfo(zone), locale=language)


def zone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def moment(value, pattern: str = "HH:mm") -> str:
    """The Jinja filter: ``{{ note.created_at|moment }}``, ``{{ event.at|moment("short") }}``."""
    return show_time(value, pattern, zone=zone(), language=current_language())


def init_app(app) -> None:
    app.jinja_env.filters["moment"] = moment
