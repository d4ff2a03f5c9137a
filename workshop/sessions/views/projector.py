"""The projector view: large type, no scrolling, readable from 6 m, never who wrote what."""

import io

import segno
from flask import Blueprint, Response, render_template
from flask_login import login_required

from ...core.addresses import room_url
from ..access import staff_session
from ..live import render_projector_live

bp = Blueprint("projector", __name__)


@bp.get("/sessions/<int:session_id>/projector")
@login_required
def page(session_id: int):
    session = staff_session(session_id)
    join_url = room_url("participation.join", code=session.join_code)
    return render_template("sessions/projector/page.html", session=session, join_url=join_url,
                           live_html=render_projector_live(session))


@bp.get("/sessions/<int:session_id>/projector/live")
@login_required
def live(session_id: int):
    return render_projector_live(staff_session(session_id))


@bp.get("/sessions/<int:session_id>/qr.svg")
@login_required
def qr(session_id: int):
    session = staff_session(session_id)
    join_url = room_url("participation.join", code=session.join_code)
    buffer = io.BytesIO()
    segno.make(join_url, error="m").save(buffer, kind="svg", scale=8, border=2, dark="#111",
                                         title=join_url)
    return Response(buffer.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=3600"})
