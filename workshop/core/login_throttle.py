"""Per-account login throttling: a few wrong passwords block that account's login for a while,
whichever addresses they come from (the per-address limit on /login does not stop a guesser
with many addresses). Counted in Flask-Limiter's storage, so RATELIMIT_STORAGE_URI and
RATELIMIT_ENABLED apply to it as to every other throttle."""

from limits import parse

from .extensions import limiter

ATTEMPTS = 5
MINUTES = 15
LIMIT = parse(f"{ATTEMPTS} per {MINUTES} minutes")


def _key(username: str) -> tuple[str, str]:
    return "login-account", username.strip().casefold()


def blocked(username: str) -> bool:
    return limiter.enabled and not limiter.limiter.test(LIMIT, *_key(username))


def failed(username: str) -> None:
    if limiter.enabled:
        limiter.limiter.hit(LIMIT, *_key(username))


def succeeded(username: str) -> None:
    """A right password starts the count again."""
    if limiter.enabled:
        limiter.limiter.clear(LIMIT, *_key(username))
