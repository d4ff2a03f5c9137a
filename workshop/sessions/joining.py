"""Rules a higher context adds to joining a session, and the device a join comes from.

Sessions know nothing of forums, yet a forum lets a person join one of its ateliers only
(DESIGN §1c). So joining offers a registry: a context adds a *rule* (``add_join_rule``) that
may refuse a join, with a message and a link back to where the person belongs, and that adds
its own rows in the very transaction that creates the participant (a unique index there keeps
the rule when two joins race).

A device is named by a long-lived signed cookie (``tdt_device``), set on its first join: a
random id, signed so that a hand-made value is ignored rather than trusted.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer

DEVICE_COOKIE = "tdt_device"
DEVICE_MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie


class JoinRefused(Exception):
    """A join a rule refuses: what to say, and where the person's own place is."""

    def __init__(self, message: str, back_url: str | None = None, back_label: str | None = None):
        super().__init__(message)
        self.message, self.back_url, self.back_label = message, back_url, back_label


@dataclass(frozen=True)
class JoinRule:
    # (session, device, tokens of the personal links this browser opened) -> a refusal or None
    check: Callable
    # (session, participant, device): rows added before the participant's commit
    seat: Callable


_rules: list[JoinRule] = []


def add_join_rule(check: Callable, seat: Callable) -> None:
    _rules.append(JoinRule(check, seat))


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="tdt-device")


def device() -> str:
    """This browser's device id: from its cookie when the signature holds, else a new one
    (``remember_device`` sets it on the response)."""
    if "device" not in g:
        try:
            g.device = _serializer().loads(request.cookies.get(DEVICE_COOKIE, ""))
            g.device_is_new = False
        except BadSignature:
            g.device, g.device_is_new = secrets.token_urlsafe(18), True
    return g.device


def remember_device(response) -> None:
    """Set the device cookie if this request made the id (HttpOnly, SameSite=Lax, Secure
    behind HTTPS like every cookie: ``core.security``)."""
    if g.get("device_is_new"):
        response.set_cookie(DEVICE_COOKIE, _serializer().dumps(g.device), max_age=DEVICE_MAX_AGE,
                            httponly=True, samesite="Lax")


def check_join(session, tokens: list[str]) -> None:
    """Raise ``JoinRefused`` if a rule refuses this browser a place in ``session``."""
    for rule in _rules:
        refusal = rule.check(session, device(), tokens)
        if refusal is not None:
            raise refusal


def seat(session, participant) -> None:
    """Let every rule add its rows for the new participant (same transaction)."""
    for rule in _rules:
        rule.seat(session, participant, device())
