"""Configuration from environment variables, with safe defaults for a single machine."""

import os
import secrets
from pathlib import Path


def _secret_key(instance_path: Path) -> str:
    """Use SECRET_KEY if set, else a key generated once and kept in instance/."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def engine_options(database_url: str) -> dict:
    """A server database's connection pool, sized for a gevent worker: hundreds of requests and
    live connections take turns on DATABASE_POOL_SIZE connections (+ DATABASE_MAX_OVERFLOW in
    bursts), each waiting at most DATABASE_POOL_TIMEOUT seconds for one (then a 503 with
    Retry-After, which the page sends again). SQLite: a write waits up to 15 s for the
    database's write lock before the same 503."""
    if database_url.startswith("sqlite"):
        return {"connect_args": {"timeout": 15}}
    return {"pool_size": int(os.environ.get("DATABASE_POOL_SIZE", "10")),
            "max_overflow": int(os.environ.get("DATABASE_MAX_OVERFLOW", "20")),
            "pool_timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
            "pool_pre_ping": True}


def load_config(instance_path: Path) -> dict:
    """Everything the app reads from its environment, in one place."""
    instance_path.mkdir(parents=True, exist_ok=True)
    default_db = f"sqlite:///{instance_path / 'tourdetable.sqlite3'}"
    scheme = os.environ.get("PREFERRED_URL_SCHEME", "http")
    # Behind HTTPS, cookies never travel in clear (SECURE_COOKIES=1 when a proxy terminates TLS).
    secure = os.environ.get("SECURE_COOKIES") == "1" or scheme == "https"
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        "SOCKETIO_MESSAGE_QUEUE": os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None,
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": os.environ.get("TIMEZONE", "Europe/Brussels"),
        "LANGUAGES": ("fr", "nl", "en"),
        "MAX_TEXT_LENGTH": 5000,
        # No request body above this is read (a 413); imports are at most 5 MB (workspace/uploads.py).
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        "MAX_TITLE_LENGTH": 200,
        # Seconds during which changes to one session are gathered into one broadcast.
        "LIVE_COALESCE_SECONDS": float(os.environ.get("LIVE_COALESCE_SECONDS", "0.15")),
        "PREFERRED_URL_SCHEME": scheme,
        # The join address shown to the room (``core.addresses``): PUBLIC_URL if set; else, when
        # serving every interface (SERVE_HOST=0.0.0.0, set by `make run HOST=...`), the LAN address.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", ""),
        "SERVE_HOST": os.environ.get("SERVE_HOST", ""),
        "SECURE_COOKIES": secure,
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SECURE": secure,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
        "TRUSTED_PROXIES": os.environ.get("TRUSTED_PROXIES", ""),
        "WTF_CSRF_TIME_LIMIT": None,
    }
