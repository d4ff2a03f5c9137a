"""Security headers on every response: no inline script, no framing, no sniffing; Secure cookies
behind HTTPS."""

from flask import current_app

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


def add_security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def init_app(app):
    if secure_cookies(app):
        app.config["SESSION_COOKIE_SECURE"] = app.config["REMEMBER_COOKIE_SECURE"] = True
    app.after_request(add_security_headers)
    app.after_request(mark_cookies_secure)
