"""One error type for refused actions, so every route answers bad input the same way."""

import re

from flask import current_app, render_template, request
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

RETRY_AFTER_SECONDS = 2
PAGE_FORM = "X-Page-Form"  # the form's id, sent by the forms of ``templates/core/partials/page_form.html``
_FORM_ID = re.compile(r"[a-z][a-z0-9_-]*")


class ActionError(Exception):
    """An action the caller may not do, or bad input: a message for people and a 4xx status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def form_int(name: str) -> int:
    """An integer field of the posted form, or a 400 that says the request is malformed."""
    from flask_babel import gettext as _

    try:
        return int(request.form.get(name, ""))
    except ValueError:
        raise ActionError(_("La demande est incorrecte."), 400) from None


def render_action_error(error: ActionError):
    """Inline message for HTMX requests (swapped into the page's message slot), a page otherwise.
    A page's form catches its own mistakes and answers with itself (``page_form_answer``); a
    mistake it does not catch goes into that form's own message slot, the form left as typed."""
    form_id = request.headers.get(PAGE_FORM, "")
    if request.headers.get("HX-Request") and _FORM_ID.fullmatch(form_id):
        slot = f"#{form_id}-message"
        response = render_template("core/partials/form_message.html", form_id=form_id,
                                   message=error.message)
        return response, error.status, {"HX-Retarget": slot, "HX-Reswap": "outerHTML", "HX-Reselect": slot}
    if request.headers.get("HX-Request"):
        response = render_template("core/partials/error.html", message=error.message)
        return response, error.status, {"HX-Retarget": "#flash", "HX-Reswap": "innerHTML",
                                        "HX-Reselect": ".flash"}
    return render_template("core/error.html", message=error.message), error.status




def page_form_answer(response):
    """A page's form sent by HTMX swaps only itself, so a mistake (a 4xx re-rendering the page
    with the message on the form, everything typed kept) replaces the form and nothing else.
    Its success moves on as without JavaScript: a redirect becomes a full navigation, a page
    shown in its place replaces the page's content."""
    if not request.headers.get(PAGE_FORM) or not request.headers.get("HX-Request"):
        return response
    if response.status_code in (301, 302, 303):
        location = response.headers["Location"]
        response = current_app.response_class("", 200)
        response.headers["HX-Redirect"] = location
    elif response.status_code < 300:
        response.headers.update({"HX-Retarget": "#main", "HX-Reswap": "outerHTML", "HX-Reselect": "#main"})
    return response


def _conflict(error):
    """A unique index refused a write that no rule's own check caught: a 409, never a 500."""
    from flask_babel import gettext as _

    from .extensions import db

    db.session.rollback()
    current_app.logger.warning("write refused by the database: %s", error.orig)
    return render_action_error(ActionError(
        _("Cette action entre en conflit avec l'état actuel de la séance."), 409))


def _busy(error):
    """No database connection free in time (a burst), or the database busy: a 503 the page
    sends again after Retry-After, with the same idempotency key (static/js/live.js)."""
    from flask_babel import gettext as _

    from .extensions import db

    db.session.rollback()
    current_app.logger.error("database busy: %s", error)
    response, status, *headers = render_action_error(ActionError(
        _("Le serveur est très sollicité : votre envoi repart dans un instant."), 503))
    return response, status, {**(headers[0] if headers else {}), "Retry-After": str(RETRY_AFTER_SECONDS)}


def register_error_handlers(app):
    app.after_request(page_form_answer)
    app.register_error_handler(ActionError, render_action_error)
    app.register_error_handler(IntegrityError, _conflict)
    app.register_error_handler(PoolTimeout, _busy)
    app.register_error_handler(OperationalError, _busy)
    for status in (400, 403, 404, 405, 409, 410, 413, 429):
        app.register_error_handler(status, _http_error)


def _http_error(error):
    from flask_babel import gettext as _

    messages = {
        400: _("La demande est incorrecte."),
        403: _("Vous n'avez pas accès à cette page."),
        404: _("Cette page n'existe pas."),
        405: _("Cette action n'est pas permise ici."),
        409: _("Cette action entre en conflit avec l'état actuel de la séance."),
        410: _("Cette séance est terminée."),
        413: _("Le texte envoyé est trop long."),
        429: _("Trop d'essais. Patientez une minute avant de réessayer."),
    }
    description = getattr(error, "description", None)
    message = messages.get(error.code, str(error))
    if error.code == 400 and description and "CSRF" in str(description):
        message = _("Le formulaire a expiré. Rechargez la page et réessayez.")
    return render_action_error(ActionError(message, error.code))
