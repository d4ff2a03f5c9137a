"""The projector view: large type, no scrolling, readable from 6 m, never who wrote what.

Staff open it logged in (``/sessions/<id>/projector``); the room's PC opens the projector link
(``/projector/<secret>``), which needs no login and shows nothing else.

The room's screen speaks the session's language (chosen at its creation), whoever's browser
opens it: the facilitator's laptop in English shows a Dutch session in Dutch. Each phone keeps
its own reader's language."""

import io

import segno
from flask import Blueprint, Response, make_response, render_template, url_for
from flask_babel import force_locale
from flask_login import login_required

from ...core.addresses import room_url
from ...core.security import frameable_by_own_pages
from ..access import staff_session
from ..live import render_projector_live
from ..projector_link import session_of_link

bp = Blueprint("projector", __name__)


def _join_url(session) -> str:
    return room_url("participation.join", code=session.join_code)


def _page(session, live_url: str, qr_url: str, secret: str | None = None):
    with force_locale(session.language):
        return render_template("sessions/projector/page.html", session=session, join_url=_join_url(session),
                               live_url=live_url, qr_url=qr_url, secret=secret,
                               live_html=render_projector_live(session))


def _live(session) -> str:
    """The live step alone, re-fetched after a lost connection: in the session's language too."""
    with force_locale(session.language):
        return render_projector_live(session)


def _qr(session) -> Response:
    join_url = _join_url(session)
    buffer = io.BytesIO()
    segno.make(join_url, error="m").save(buffer, kind="svg", scale=8, border=2, dark="#111",
                                         title=join_url)
    return Response(buffer.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, max-age=3600"})


@bp.get("/sessions/<int:session_id>/projector")
@login_required
def page(session_id: int):
    session = staff_session(session_id)
    return frameable_by_own_pages(make_response(_page(
        session, url_for("projector.live", session_id=session.id),
        url_for("projector.qr", session_id=session.id))))


@bp.get("/sessions/<int:session_id>/projector/live")
@login_required
def live(session_id: int):
    return _live(staff_session(session_id))


@bp.get("/sessions/<int:session_id>/qr.svg")
@login_required
def qr(session_id: int):
    return _qr(staff_session(session_id))


@bp.get("/projector/<secret>")
def link_page(secret: str):
    session = session_of_link(secret)
    return _page(session, url_for("projector.link_live", secret=secret),
                 url_for("projector.link_qr", secret=secret), secret=secret)


@bp.get("/projector/<secret>/live")
def link_live(secret: str):
    return _live(session_of_link(secret))


@bp.get("/projector/<secret>/qr.svg")
def link_qr(secret: str):
    return _qr(session_of_link(secret))
