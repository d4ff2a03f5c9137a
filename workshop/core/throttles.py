"""Throttles that count failures only, in Flask-Limiter's storage (RATELIMIT_STORAGE_URI and
RATELIMIT_ENABLED apply to them as to every other limit):

- wrong passwords per account, whichever addresses they come from (the per-address limit on
  /login does not stop a guesser with many addresses);
- wrong join codes and personal or invitation links per address. Only misses count, so a
  whole room behind one address, using the links it was given, is never held up.
"""

from collections.abc import Callable
from typing import TypeVar

from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from limits import parse

from .errors import ActionError
from .extensions import limiter


class FailureThrottle:
    def __init__(self, scope: str, attempts: int, minutes: int):
        self.scope, self.minutes = scope, minutes
        self.limit = parse(f"{attempts} per {minutes} minutes")

    def blocked(self, key: str) -> bool:
        return limiter.enabled and not limiter.limiter.test(self.limit, self.scope, key)

    def failed(self, key: str) -> None:
        if limiter.enabled:
            limiter.limiter.hit(self.limit, self.scope, key)

    def cleared(self, key: str) -> None:
        if limiter.enabled:
            limiter.limiter.clear(self.limit, self.scope, key)


ACCOUNT_LOGINS = FailureThrottle("login-account", attempts=5, minutes=15)  # keyed by username
T = TypeVar("T")

LINK_GUESSES = FailureThrottle("link-guess", attempts=30, minutes=1)  # keyed by address


def account_key(username: str) -> str:
    return username.strip().casefold()


def look_up_link(find: Callable[[], T | None], refusal: Callable[[], ActionError]) -> T:
    """What ``find()`` gives for a join code or a link (personal, projector, invitation, public
    follow-up), throttled per address: an address that missed too often waits a minute (429);
    a miss is counted and answered with ``refusal()``."""
    address = get_remote_address()
    if LINK_GUESSES.blocked(address):
        raise ActionError(_("Trop d'essais. Patientez une minute avant de réessayer."), 429)
    found = find()
    if found is None:
        LINK_GUESSES.failed(address)
        raise refusal()
    return found
