"""Time as stored: naive UTC, since SQLite keeps no time zone."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Naive UTC timestamps: every DateTime column is UTC by convention."""
    return datetime.now(UTC).replace(tzinfo=None)
