"""What the forum adds to sessions: the ``forum`` method and its step kind, and its links on
pages of lower contexts (a session's navigation, a project's cross-group synthesis and its team's
synthesis)."""

from pathlib import Path

from flask import render_template

from ..core.extensions import db
from ..core.slots import add_to_slot
from ..research.transversal import TEAM_SOURCE
from ..sessions.methods import add_method_folder
from ..sessions.step_kinds import StepKind, register_step_kind
from .models import Forum, ForumAnswer
from .tally import atelier_board
from .validated import validated_versions

METHOD = "forum"


def _answers_given(session) -> dict[int, int]:
    """The console's presence: how many targets each participant has answered."""
    return dict(db.session.execute(
        db.select(ForumAnswer.participant_id, db.func.count())
        .where(ForumAnswer.session_id == session.id).group_by(ForumAnswer.participant_id)).all())


register_step_kind(StepKind(
    "forum_validation", template="forum/_board.html", console_template="forum/_console.html",
    content=lambda session: {"forum_board": atelier_board(session)}, presence=_answers_given,
    participant_page="forum.participant_page", shared_on_phones=False))
add_method_folder(Path(__file__).parent / "methods")


def _session_links(session, separator: str = "") -> str | None:
    """An atelier's staff reach its verdicts page from its session's links."""
    if session.method_key != METHOD:
        return None
    return render_template("forum/_session_links.html", session=session, separator=separator)


def _project_forums(project, synthesis) -> str | None:
    """A project's synthesis page offers to submit it to a forum, and lists its forums."""
    if not synthesis["counts"]["findings"]:
        return None
    forums = db.session.scalars(db.select(Forum).filter_by(project_id=project.id).order_by(Forum.id)).all()
    return render_template("forum/_project_forums.html", project=project, forums=forums)


def _team_forums(project, editable: bool) -> str:
    """The team's synthesis page offers to submit it to a forum, and lists the forums made from it."""
    forums = [forum for forum in db.session.scalars(db.select(Forum).filter_by(project_id=project.id)
                                                    .order_by(Forum.id))
              if forum.material.get("source") == TEAM_SOURCE]
    return render_template("forum/_team_forums.html", project=project, forums=forums, editable=editable,
                           team_source=TEAM_SOURCE,
                           validated={forum.id: validated_versions(forum) for forum in forums})


add_to_slot("session_links", _session_links)
add_to_slot("transversal_synthesis", _team_forums)
add_to_slot("project_synthesis", _project_forums)
