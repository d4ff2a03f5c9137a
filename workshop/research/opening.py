"""A thematic group's session opens on its theme's note: the research context adds it to the
``session_opening`` slot of the sessions' opening step."""

from flask import render_template

from ..core.extensions import db
from ..core.slots import add_to_slot
from .models import WorkshopGroup


def _theme_note(session, **_context) -> str | None:
    group = session.group_id and db.session.get(WorkshopGroup, session.group_id)
    if not group or not group.theme.note.strip():
        return None
    return render_template("research/_opening_note.html", theme=group.theme)


add_to_slot("session_opening", _theme_note)
