"""A session file (``tourdetable.session/1``) imported as a new, closed session."""

import json

from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...core.errors import ActionError
from ...core.extensions import db
from ..interchange import import_document
from .blueprint import bp

MAX_IMPORT_BYTES = 5 * 1024 * 1024


@bp.route("/sessions/import", methods=["GET", "POST"])
@login_required
def import_file():
    if request.method == "GET":
        return render_template("workspace/import.html")
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        raise ActionError(_("Choisissez un fichier JSON à importer."), 400)
    raw = upload.read(MAX_IMPORT_BYTES + 1)
    if len(raw) > MAX_IMPORT_BYTES:
        raise ActionError(_("Le fichier est trop volumineux (5 Mo au maximum)."), 413)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ActionError(_("Ce fichier n'est pas du JSON lisible (UTF-8)."), 400) from None
    session = import_document(data, current_user)
    db.session.commit()
    current_app.logger.info("session %s imported by user %s", session.id, current_user.id)
    return redirect(url_for("synthesis.page", session_id=session.id), 303)
