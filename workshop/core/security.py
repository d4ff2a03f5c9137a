"""Security headers on every response: no inline script, no framing, no sniffing; Secure cookies
behind HTTPS; no control characters in what a request brings."""

import unicodedata
from urllib.parse import urlsplit

from flask import Request, abort, current_app
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

# Control characters other than tab and line breaks: a NUL byte is refused by PostgreSQL and
# breaks DOCX files; none of them belongs in anything a person types.
CONTROL_CHARACTERS = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",  # no inline script anywhere: behaviour lives in static/js
    "style-src 'self' 'unsafe-inline'",  # bar widths are set inline from the counts
    "img-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
])


def secure_cookies(app) -> bool:
    return bool(app.config.get("SECURE_COOKIES")) or app.config.get("PREFERRED_URL_SCHEME") == "https"


def mark_cookies_secure(response):
    """Behind HTTPS every cookie we set (session, login, language, participant links) is Secure."""
    cookies = response.headers.getlist("Set-Cookie")
    if cookies and secure_cookies(current_app):
        response.headers.remove("Set-Cookie")
        for cookie in cookies:
            response.headers.add("Set-Cookie", cookie if "; Secure" in cookie else cookie + "; Secure")
    return response


def frameable_by_own_pages(response):
    """A page our own pages may show in a frame (the console's miniature of the projector)."""
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'none'", "frame-ancestors 'self'")
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


def add_security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def has_control_characters(text: str) -> bool:
    return text != text.translate(CONTROL_CHARACTERS)


class CleanParameters(ImmutableMultiDict):
    """Form fields and query parameters with control characters dropped, for every route."""

    def __init__(self, mapping=None):
        if mapping is None:
            super().__init__()
            return
        pairs = mapping.items(multi=True) if isinstance(mapping, MultiDict) else \
            mapping.items() if isinstance(mapping, dict) else mapping
        super().__init__([(key, value.translate(CONTROL_CHARACTERS) if isinstance(value, str) else value)
                          for key, value in pairs])


class CleanRequest(Request):
    parameter_storage_class = CleanParameters


def refuse_control_characters_in_path(_endpoint, values):
    """A link with a control character in it (/join/%00) leads nowhere."""
    if values and any(isinstance(v, str) and has_control_characters(v) for v in values.values()):
        abort(404)


def local_target(target: str | None, fallback: str) -> str:
    """Where a `next` parameter may send the browser: a path on this host, else ``fallback``.
    Browsers drop tabs and line breaks from a URL and read a backslash as a slash, so
    "/<tab>/evil.example" or "/\\evil.example" lead to another host: those characters are
    removed (control and format characters) or replaced before the target is judged."""
    cleaned = "".join(ch for ch in target or "" if unicodedata.category(ch) not in ("Cc", "Cf"))
    cleaned = cleaned.replace("\\", "/")
    parts = urlsplit(cleaned)
    if not cleaned.startswith("/") or cleaned.startswith("//") or parts.scheme or parts.netloc:
        return fallback
    return cleaned


def init_app(app):
    app.request_class = CleanRequest
    app.url_value_preprocessor(refuse_control_characters_in_path)
    if secure_cookies(app):
        app.config["SESSION_COOKIE_SECURE"] = app.config["REMEMBER_COOKIE_SECURE"] = True
    app.after_request(add_security_headers)
    app.after_request(mark_cookies_secure)
