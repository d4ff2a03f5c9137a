"""Interface language: French by default, Dutch and English complete; a switch on every page."""

import time

from flask import Blueprint, current_app, redirect, request
from flask_babel import get_locale

from .security import local_target

bp = Blueprint("i18n", __name__)

LANGUAGE_NAMES = {"fr": "Français", "nl": "Nederlands", "en": "English"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = request.cookies.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config[
        "BABEL_DEFAULT_LOCALE"]


def now_ms() -> int:
    """Server time for the timers: each screen corrects its own clock with it."""
    return int(time.time() * 1000)


def current_language() -> str:
    return str(get_locale() or "fr")


@bp.post("/lang/<code>")
def switch(code: str):
    if code not in current_app.config["LANGUAGES"]:
        code = current_app.config["BABEL_DEFAULT_LOCALE"]
    response = redirect(local_target(request.form.get("next") or request.referrer, "/"))
    response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def N_(message: str) -> str:
    """Marks a msgid for extraction (pybabel's default ``N_``) where a library translates it
    later itself (Flask-Login's ``localize_callback``)."""
    return message
