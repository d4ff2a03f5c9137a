"""After the forum, the team (or the coordinator) produces the validated synthesis from the
ateliers' verdicts: a new version of the team's synthesis, read on the project's pages."""

from flask import redirect, url_for
from flask_login import current_user, login_required

from ...core.extensions import db
from ..access import own_forum
from ..validated import produce
from .blueprint import bp
from .coordinator import reviewed_or_blocked


@bp.post("/forums/<int:forum_id>/validated")
@login_required
def produce_validated(forum_id: int):
    forum = own_forum(forum_id)
    data = reviewed_or_blocked(forum)  # the amended wordings as the review left them
    if not isinstance(data, dict):
        return data
    version = produce(forum, data, current_user)
    db.session.commit()
    return redirect(url_for("transversal.version", project_id=forum.project_id, number=version.number), 303)
