"""A session's personal data: the report declared final, the complete archive (facilitator,
logged) and the purge that keeps only the anonymised synthesis."""

import json
import re
import unicodedata

from flask import Response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...core.extensions import db
from ...core.slots import add_to_slot
from ...sessions.access import DRIVE, VIEW, staff_session
from .. import retention
from ..interchange import session_document
from .blueprint import EDIT, bp


def _page(session, status: int = 200, refused: dict | None = None):
    roles = session.roles_of(current_user)
    return render_template("workspace/personal_data.html", session=session,
                           events=retention.events(session), refused=refused,
                           is_rapporteur="rapporteur" in roles,
                           is_facilitator="facilitator" in roles), status


@bp.get("/sessions/<int:session_id>/personal-data")
@login_required
def personal_data_page(session_id: int):
    return _page(staff_session(session_id, VIEW))


@bp.post("/sessions/<int:session_id>/report/final")
@login_required
def report_final(session_id: int):
    session = staff_session(session_id, EDIT)
    retention.set_final(session, current_user)
    db.session.commit()
    return redirect(url_for("synthesis.personal_data_page", session_id=session.id), 303)


@bp.post("/sessions/<int:session_id>/report/reopen")
@login_required
def report_reopen(session_id: int):
    session = staff_session(session_id, EDIT)
    retention.reopen(session, current_user)
    db.session.commit()
    return redirect(url_for("synthesis.personal_data_page", session_id=session.id), 303)


@bp.post("/sessions/<int:session_id>/purge")
@login_required
def purge(session_id: int):
    session = staff_session(session_id, DRIVE)
    if request.form.get("confirm") != "yes":
        return _page(session, 400, {"form": "purge-form", "message": _(
            "Cochez la case pour confirmer l'effacement : il est définitif.")})
    retention.purge(session, current_user)
    db.session.commit()
    return redirect(url_for("synthesis.personal_data_page", session_id=session.id), 303)


@bp.post("/sessions/<int:session_id>/archive")
@login_required
def archive(session_id: int):
    """The complete session file (pseudonyms, profiles, votes by person, raw texts): the one the
    import reads back without loss. Facilitator only, and logged."""
    session = staff_session(session_id, DRIVE)
    body = json.dumps(session_document(session), ensure_ascii=False, indent=2) + "\n"
    retention.log(session, current_user, "archive")
    db.session.commit()
    ascii_title = unicodedata.normalize("NFKD", session.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()[:40] or "seance"
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="archive-complete-confidentielle-{session.id}-{slug}.json"')
    response.headers["Cache-Control"] = "no-store"
    return response


def _session_link(session, separator: str = "") -> str | None:
    """Staff reach the session's personal data page from its links."""
    return render_template("workspace/_personal_data_link.html", session=session,
                           separator=separator)


add_to_slot("session_links", _session_link)
