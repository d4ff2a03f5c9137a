"""The rapporteur's synthesis workspace: read the automatic synthesis, correct it, review
personal data, export it; and the import of an interchange file as a new session.

The synthesis is rebuilt from the database on every request; the rapporteur's corrections are
operations appended to the stored edits (``synthesis_store``) and replayed on each rebuild, so
late votes or contributions never lose an edit.
"""

import json
import re
import unicodedata
from collections import Counter
from io import BytesIO

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .access import VIEW, staff_session
from .anonymise import find_personal_data, redact
from .errors import ActionError
from .exports.labels import DIMENSIONS, group_name, lang
from .extensions import db
from .i18n import current_language
from .interchange import import_document, session_document
from .synthesis.document import DocumentError, load_document
from .synthesis.edits import EDITS_FORMAT, theme_ref
from .synthesis.engine import build_synthesis
from .synthesis_store import DECISIONS, append_operation, decide, stored_edits, stored_redactions

bp = Blueprint("synthesis", __name__)

EDIT = ("rapporteur",)
DOWNLOAD = ("rapporteur", "facilitator", "researcher")
POSITIONS = ("convergence", "divergence", "minority")
FORMATS = ("md", "docx", "json", "csv")
MAX_IMPORT_BYTES = 5 * 1024 * 1024


# --- building -----------------------------------------------------------------------------------

def build(session, data: dict | None = None) -> tuple[dict, object]:
    """(synthesis, SessionDocument) of the session as stored now, with every edit replayed.

    The facilitator's console reclassifications come first, then the rapporteur's edits; the
    edits report keeps the rapporteur's own operation numbers.
    """
    data = session_document(session) if data is None else data
    doc = load_document(data)
    overrides = [{"op": "set_position", "contribution": c["id"], "position": c["position_override"]}
                 for c in data["contributions"] if c.get("position_override") in POSITIONS]
    edits = data.get("synthesis_edits") or {"format": EDITS_FORMAT, "operations": []}
    doc.synthesis_edits = {"format": EDITS_FORMAT,
                           "operations": overrides + list(edits.get("operations", []))}
    synthesis = build_synthesis(doc)
    report = synthesis["edits"]
    for key in ("applied", "not_applied"):
        report[key] = [dict(entry, index=entry["index"] - len(overrides))
                       for entry in report[key] if entry["index"] >= len(overrides)]
    return synthesis, doc


def _theme(synthesis: dict, theme_id: str | None) -> dict:
    for theme in synthesis["themes"]:
        if theme["id"] == theme_id:
            return theme
    raise ActionError(_("Ce thème n'existe plus : la synthèse a changé. Rechargez la page."), 409)


def _label(field: str = "label", required: bool = True) -> str | None:
    label = " ".join((request.form.get(field) or "").split())
    if required and not label:
        raise ActionError(_("Donnez un intitulé au thème."), 400)
    if len(label) > 120:
        raise ActionError(_("L'intitulé est trop long (120 caractères au maximum)."), 400)
    return label or None


def _contribution_id(synthesis: dict, value: str | None) -> str:
    if not value or value not in synthesis["items"]:
        raise ActionError(_("Cette contribution n'existe pas."), 404)
    return value


def _workspace_context(session) -> dict:
    synthesis, doc = build(session)
    items = synthesis["items"]
    phases = {step.index: step.phase for step in session.method.steps}
    notes_by_phase: dict[int, list] = {1: [], 2: [], 3: []}
    for entry in synthesis.get("notes", []):
        notes_by_phase.setdefault(phases.get(entry["step"], 1), []).append(entry)
    questions = {q.key: q.label for q in session.method.questions}
    operations = stored_edits(session.id).get("operations", [])
    return {"session": session, "synthesis": synthesis, "items": items,
            "notes_by_phase": notes_by_phase, "questions": questions, "operations": operations,
            "can_edit": "rapporteur" in session.roles_of(current_user),
            "can_download": bool(session.roles_of(current_user) & set(DOWNLOAD)),
            "theme_of": {cid: t for t in synthesis["themes"] for cid in t["contributions"]},
            "participants": len(doc.participants),
            "group_name": lambda dimension, value: group_name(dimension, value, current_language()),
            "dimension_name": lambda dimension: DIMENSIONS[lang(current_language())].get(
                dimension, dimension)}


def _answer(session):
    """The re-rendered workspace for HTMX, the page again for a plain form post."""
    db.session.commit()
    if request.headers.get("HX-Request"):
        return render_template("synthesis/_workspace.html", **_workspace_context(session))
    return redirect(url_for("synthesis.page", session_id=session.id), 303)


def _store(session, operation: dict):
    try:
        append_operation(session.id, operation)
    except DocumentError as error:
        raise ActionError(_("Modification refusée (%(field)s).", field=error.path), 400) from None
    return _answer(session)


# --- workspace ----------------------------------------------------------------------------------

@bp.get("/sessions/<int:session_id>/synthesis")
@login_required
def page(session_id: int):
    session = staff_session(session_id, VIEW)
    return render_template("synthesis/page.html", **_workspace_context(session))


@bp.post("/sessions/<int:session_id>/synthesis/rename")
@login_required
def rename(session_id: int):
    session = staff_session(session_id, EDIT)
    synthesis, _doc = build(session)
    theme = _theme(synthesis, request.form.get("theme"))
    return _store(session, {"op": "rename_theme", "theme": theme_ref(theme), "label": _label()})


@bp.post("/sessions/<int:session_id>/synthesis/merge")
@login_required
def merge(session_id: int):
    session = staff_session(session_id, EDIT)
    synthesis, _doc = build(session)
    first = _theme(synthesis, request.form.get("theme"))
    second = _theme(synthesis, request.form.get("other"))
    if first is second:
        raise ActionError(_("Choisissez deux thèmes différents."), 400)
    operation = {"op": "merge_themes", "themes": [theme_ref(first), theme_ref(second)]}
    label = _label(required=False)
    if label:
        operation["label"] = label
    return _store(session, operation)


@bp.post("/sessions/<int:session_id>/synthesis/split")
@login_required
def split(session_id: int):
    session = staff_session(session_id, EDIT)
    synthesis, _doc = build(session)
    theme = _theme(synthesis, request.form.get("theme"))
    chosen = request.form.getlist("contributions")
    if not chosen:
        raise ActionError(_("Cochez les éléments à placer dans le nouveau thème."), 400)
    if any(cid not in theme["contributions"] for cid in chosen):
        raise ActionError(_("Ces éléments n'appartiennent pas à ce thème."), 400)
    if len(set(chosen)) == len(theme["contributions"]):
        raise ActionError(_("Laissez au moins un élément dans le thème d'origine."), 400)
    return _store(session, {"op": "split_theme", "contributions": list(dict.fromkeys(chosen)),
                            "label": _label()})


@bp.post("/sessions/<int:session_id>/synthesis/move")
@login_required
def move(session_id: int):
    session = staff_session(session_id, EDIT)
    synthesis, _doc = build(session)
    cid = _contribution_id(synthesis, request.form.get("contribution"))
    target = _theme(synthesis, request.form.get("to"))
    if cid in target["contributions"]:
        raise ActionError(_("Cet élément est déjà dans ce thème."), 400)
    if not any(cid in theme["contributions"] for theme in synthesis["themes"]):
        raise ActionError(_("Cet élément n'est rangé dans aucun thème."), 400)
    return _store(session, {"op": "move", "contribution": cid, "to": theme_ref(target)})


@bp.post("/sessions/<int:session_id>/synthesis/position")
@login_required
def position(session_id: int):
    session = staff_session(session_id, EDIT)
    synthesis, _doc = build(session)
    cid = _contribution_id(synthesis, request.form.get("contribution"))
    positioned = {entry["contribution"] for key in ("convergences", "divergences", "minorities",
                                                     "insufficient") for entry in synthesis[key]}
    if cid not in positioned:
        raise ActionError(_("Cet élément n'a pas reçu de positionnement."), 400)
    wanted = request.form.get("position") or None
    if wanted is not None and wanted not in POSITIONS:
        raise ActionError(_("Catégorie inconnue."), 400)
    return _store(session, {"op": "set_position", "contribution": cid, "position": wanted})


@bp.post("/sessions/<int:session_id>/synthesis/formula")
@login_required
def formula(session_id: int):
    session = staff_session(session_id, EDIT)
    text = " ".join((request.form.get("text") or "").split())
    if len(text) > 300:
        raise ActionError(_("La formule tient en une ligne (300 caractères au maximum)."), 400)
    return _store(session, {"op": "formula", "text": text or None})


# --- personal data ------------------------------------------------------------------------------

def _sources(data: dict) -> list[dict]:
    """Every exported text that may hold personal data: (key, label, field, text, language)."""
    language = data["session"]["language"]
    out = []
    for c in data["contributions"]:
        for field in ("title", "text", "actor"):
            if c.get(field):
                out.append({"source": c["id"], "field": field, "text": c[field],
                            "language": c.get("language") or language, "kind": c["kind"]})
    for i, note in enumerate(data.get("notes") or []):
        out.append({"source": f"n{i}", "field": "text", "text": note["text"],
                    "language": language, "kind": "note"})
    if data["session"].get("formula"):
        out.append({"source": "formula", "field": "text", "text": data["session"]["formula"],
                    "language": language, "kind": "formula"})
    return out


def _spot_key(source: dict, spot) -> str:
    return f"{source['source']}:{source['field']}:{spot.start}:{spot.end}:{spot.kind}"


def personal_data(session, data: dict) -> list[dict]:
    """Each spot with its stored decision (None while undecided)."""
    decisions = stored_redactions(session.id)
    spots = []
    for source in _sources(data):
        for spot in find_personal_data(source["text"], source["language"]):
            key = _spot_key(source, spot)
            stored = decisions.get(key)
            decision = stored["decision"] if stored and stored.get("excerpt") == spot.excerpt else None
            context = source["text"][max(0, spot.start - 60):spot.end + 60]
            spots.append({"key": key, "spot": spot, "source": source, "decision": decision,
                          "before": source["text"][max(0, spot.start - 60):spot.start],
                          "after": source["text"][spot.end:spot.end + 60], "context": context})
    return spots


def _redacted(session) -> tuple[dict, list[dict]]:
    """The document with every spot marked "redact" replaced, and the redaction records."""
    data = session_document(session)
    spots = personal_data(session, data)
    if any(entry["decision"] is None for entry in spots):
        raise _Undecided(sum(entry["decision"] is None for entry in spots))
    texts = {}
    for entry in spots:
        source = entry["source"]
        texts.setdefault((source["source"], source["field"]), (source, []))[1].append(entry)
    records = []
    replaced = {}
    for (source_id, field), (source, entries) in texts.items():
        keep = {(e["spot"].start, e["spot"].end) for e in entries if e["decision"] == "keep"}
        text, done = redact(source["text"], [e["spot"] for e in entries], keep,
                            data["session"]["language"])
        replaced[(source_id, field)] = text
        records.extend({"source": source_id, "field": field, "kind": r["kind"],
                        "placeholder": r["placeholder"]} for r in done)
    for c in data["contributions"]:
        for field in ("title", "text", "actor"):
            if (c["id"], field) in replaced:
                c[field] = replaced[(c["id"], field)]
    for i, note in enumerate(data.get("notes") or []):
        if (f"n{i}", "text") in replaced:
            note["text"] = replaced[(f"n{i}", "text")]
    if ("formula", "text") in replaced:
        original = data["session"]["formula"]
        data["session"]["formula"] = replaced[("formula", "text")]
        for op in (data.get("synthesis_edits") or {}).get("operations", []):
            if op.get("op") == "formula" and isinstance(op.get("text"), str):
                op["text"] = data["session"]["formula"] if op["text"].strip() == original \
                    else redact(op["text"], find_personal_data(op["text"]), set(),
                                data["session"]["language"])[0]
    return data, records


class _Undecided(Exception):
    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


KIND_LABELS = {
    "phone": lambda n: ngettext("%(num)d téléphone", "%(num)d téléphones", n),
    "email": lambda n: ngettext("%(num)d adresse e-mail", "%(num)d adresses e-mail", n),
    "national_number": lambda n: ngettext("%(num)d numéro de registre national",
                                          "%(num)d numéros de registre national", n),
    "iban": lambda n: ngettext("%(num)d compte bancaire", "%(num)d comptes bancaires", n),
    "address": lambda n: ngettext("%(num)d adresse", "%(num)d adresses", n),
    "name": lambda n: ngettext("%(num)d nom", "%(num)d noms", n),
}


def redaction_summary(records: list[dict]) -> str:
    counts = Counter(record["kind"] for record in records)
    if not counts:
        return _("Aucune donnée personnelle masquée.")
    order = list(KIND_LABELS)
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], order.index(pair[0])
                                                      if pair[0] in order else len(order)))
    parts = [KIND_LABELS[kind](n) if kind in KIND_LABELS else f"{n} {kind}" for kind, n in ranked]
    return _("Données personnelles masquées : %(list)s", list=", ".join(parts))


def kind_label(kind: str) -> str:
    return {"email": _("adresse e-mail"), "phone": _("téléphone"),
            "national_number": _("numéro de registre national"), "iban": _("compte bancaire"),
            "address": _("adresse"), "name": _("nom")}.get(kind, kind)


@bp.get("/sessions/<int:session_id>/synthesis/review")
@login_required
def review(session_id: int):
    session = staff_session(session_id, VIEW)
    spots = personal_data(session, session_document(session))
    return render_template("synthesis/review.html", session=session, spots=spots,
                           kind_label=kind_label,
                           can_edit="rapporteur" in session.roles_of(current_user),
                           undecided=sum(entry["decision"] is None for entry in spots))


@bp.post("/sessions/<int:session_id>/synthesis/review")
@login_required
def decide_review(session_id: int):
    session = staff_session(session_id, EDIT)
    spots = {entry["key"]: entry for entry in personal_data(session, session_document(session))}
    decisions = {}
    for name, value in request.form.items():
        if not name.startswith("spot:"):
            continue
        key = name[len("spot:"):]
        if key not in spots:
            raise ActionError(_("Ce passage a changé depuis l'affichage. Rechargez la page."), 409)
        if value not in DECISIONS:
            raise ActionError(_("Choisissez « masquer » ou « garder »."), 400)
        spot = spots[key]["spot"]
        decisions[key] = {"decision": value, "excerpt": spot.excerpt, "kind": spot.kind}
    if not decisions:
        raise ActionError(_("Aucune décision reçue."), 400)
    decide(session.id, decisions)
    db.session.commit()
    return redirect(url_for("synthesis.review", session_id=session.id), 303)


# --- exports ------------------------------------------------------------------------------------

def _slug(session) -> str:
    ascii_title = unicodedata.normalize("NFKD", session.title).encode("ascii", "ignore").decode()
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
        data, records = _redacted(session)
    except _Undecided as undecided:
        message = ngettext(
            "%(num)d passage qui ressemble à une donnée personnelle n'a pas encore été relu.",
            "%(num)d passages qui ressemblent à des données personnelles n'ont pas encore été relus.",
            undecided.count)
        return None, render_template("synthesis/blocked.html", session=session, message=message), 409
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
    name = _slug(session)
    with force_locale(session.language):
        summary = redaction_summary(records)
        heading = _("Données personnelles")
    if fmt == "md":
        from .exports.markdown import render_markdown

        text = render_markdown(synthesis, doc).rstrip("\n") + f"\n\n## {heading}\n\n{summary}\n"
        return _download(text, "text/markdown; charset=utf-8", f"{name}.md")
    if fmt == "docx":
        from .exports.docx import build_docx

        document = build_docx(synthesis, doc)
        document.add_heading(heading, level=1)
        document.add_paragraph(summary)
        buffer = BytesIO()
        document.save(buffer)
        return _download(buffer.getvalue(), "application/vnd.openxmlformats-officedocument."
                         "wordprocessingml.document", f"{name}.docx")
    if fmt == "json":
        out = dict(data, synthesis=synthesis,
                   redactions={"summary": summary, "counts": dict(Counter(r["kind"] for r in records)),
                               "spots": records})
        return _download(json.dumps(out, ensure_ascii=False, indent=2) + "\n",
                         "application/json", f"{name}.json")
    from .exports.csv import contributions_csv

    return _download(contributions_csv(doc, synthesis), "text/csv; charset=utf-8",
                     f"{name}-contributions.csv")


@bp.get("/sessions/<int:session_id>/synthesis/export-votes.csv")
@login_required
def export_votes(session_id: int):
    session = staff_session(session_id, DOWNLOAD)
    material, page_, status = _export_material(session)
    if material is None:
        return page_, status
    from .exports.csv import votes_csv

    return _download(votes_csv(material[2]), "text/csv; charset=utf-8",
                     f"{_slug(session)}-votes.csv")


@bp.get("/sessions/<int:session_id>/synthesis/print")
@login_required
def print_page(session_id: int):
    session = staff_session(session_id, DOWNLOAD)
    material, page_, status = _export_material(session)
    if material is None:
        return page_, status
    from .exports.report import build_blocks

    _data, synthesis, doc, records = material
    with force_locale(session.language):
        summary = redaction_summary(records)
        heading = _("Données personnelles")
    return render_template("synthesis/print.html", session=session,
                           blocks=build_blocks(synthesis, doc), summary=summary, heading=heading)


# --- import -------------------------------------------------------------------------------------

@bp.route("/sessions/import", methods=["GET", "POST"])
@login_required
def import_file():
    if request.method == "GET":
        return render_template("synthesis/import.html")
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

