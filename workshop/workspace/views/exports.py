"""Exports of the reviewed synthesis: Markdown, DOCX, JSON, CSV, votes CSV and a print page.

Each goes through the disclosure policy (``synthesis.disclosure``): the reviewed texts, no
pseudonym, opaque participant ids, k-anonymous profiles, votes as counts. The complete archive
(pseudonyms included) is another action, the facilitator's (``views/archive.py``)."""

import json
import re
import unicodedata
from collections import Counter

from flask import Response, render_template
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from ...core.errors import ActionError
from ...sessions.access import staff_session
from ...synthesis.disclosure import disclose_document
from ...synthesis.exports.csv import contributions_csv, votes_csv
from ...synthesis.exports.docx import render_docx
from ...synthesis.exports.markdown import render_markdown
from ...synthesis.exports.report import build_blocks
from ..build import build
from ..reader import report_reader
from ..redaction import Undecided, redacted_document
from .blueprint import DOWNLOAD, bp

FORMATS = ("md", "docx", "json", "csv")


def _slug(session, data: dict) -> str:
    """The file name, from the reviewed title (a title may hold a name too)."""
    title = data["session"]["title"]
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()[:60] or "seance"
    return f"synthese-{session.id}-{slug}"


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _export_material(session):
    """(data, synthesis, doc, records) ready for export, or the 409 page while spots are open."""
    try:
        data, records = redacted_document(session)
    except Undecided as undecided:
        message = ngettext(
            "%(num)d passage qui ressemble à une donnée personnelle n'a pas encore été relu.",
            "%(num)d passages qui ressemblent à des données personnelles n'ont pas encore été relus.",
            undecided.count)
        return None, render_template("workspace/blocked.html", session=session, message=message), 409
    synthesis, doc = build(session, data)
    return (data, synthesis, doc, records), None, None


@bp.get("/sessions/<int:session_id>/synthesis/export.<fmt>")
@login_required
def export(session_id: int, fmt: str):
    session = staff_session(session_id, DOWNLOAD)
    if fmt not in FORMATS:
        raise ActionError(_("Format d'export inconnu."), 404)
    material, page_, status = _export_material(session)
    if material is None:
        return page_, status
    data, synthesis, doc, records = material
    name = _slug(session, data)
    reader = report_reader(session, records)
    if fmt == "md":
        return _download(render_markdown(synthesis, doc, reader), "text/markdown; charset=utf-8",
                         f"{name}.md")
    if fmt == "docx":
        return _download(render_docx(synthesis, doc, reader), "application/vnd.openxmlformats-"
                         "officedocument.wordprocessingml.document", f"{name}.docx")
    if fmt == "json":
        redactions = {"summary": reader.closing[0][1], "spots": records,
                      "counts": dict(Counter(r["kind"] for r in records))}
        out = dict(disclose_document(data, doc), synthesis=synthesis, redactions=redactions)
        return _download(json.dumps(out, ensure_ascii=False, indent=2) + "\n",
                         "application/json", f"{name}.json")
    return _download(contributions_csv(doc, synthesis, reader.language), "text/csv; charset=utf-8",
                     f"{name}-contributions.csv")


@bp.get("/sessions/<int:session_id>/synthesis/export-votes.csv")
@login_required
def export_votes(session_id: int):
    session = staff_session(session_id, DOWNLOAD)
    material, page_, status = _export_material(session)
    if material is None:
        return page_, status
    return _download(votes_csv(material[2]), "text/csv; charset=utf-8",
                     f"{_slug(session, material[0])}-votes.csv")


@bp.get("/sessions/<int:session_id>/synthesis/print")
@login_required
def print_page(session_id: int):
    session = staff_session(session_id, DOWNLOAD)
    material, page_, status = _export_material(session)
    if material is None:
        return page_, status
    data, synthesis, doc, records = material
    reader = report_reader(session, records)
    return render_template("workspace/print.html", session=session, title=data["session"]["title"],
                           blocks=build_blocks(synthesis, doc, reader), language=reader.language)
