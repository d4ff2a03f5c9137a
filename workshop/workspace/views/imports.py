"""A session file (``tourdetable.session/1``) imported as a new, closed session."""

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...core.errors import ActionError
from ...core.extensions import db
from ..interchange import import_document
from ..uploads import read_json_upload
from .blueprint import bp


@bp.route("/sessions/import", methods=["GET", "POST"])
@login_required
def import_file():
    if request.method == "GET":
        return render_template("workspace/import.html")
    try:
        session = import_document(read_json_upload(request.files.get("file")), current_user)
    except ActionError as refused:  # said on the form
        db.session.rollback()
        return render_template("workspace/import.html",
                               refused={"form": "import-form", "message": refused.message}), refused.status
    db.session.commit()
    current_app.logger.info("session %s imported by user %s", session.id, current_user.id)
    return redirect(url_for("synthesis.page", session_id=session.id), 303)
