"""Validation forum (DESIGN §1c): parallel ateliers validate a project's cross-group synthesis.

A forum keeps a copy of its material: the project's cross-group synthesis (axes with findings
and proposals, every item with its source group and session), or a synthesis imported in the
same JSON format. Each atelier is a session of method ``forum`` with its own join code,
projector, facilitator and rapporteur, working on all or some of the axes. Participants answer
three questions (coverage, generalisability, priority) on each axis as a whole and on each of
its findings: these are the questions' *targets*, named by kind (``axis`` or ``finding``) and
id. The atelier's rapporteur records the atelier's verdict per target: validated, invalidated
or amended. The plenary follows live (``workshop.forum_live``); the atelier's projector and
staff screens show its programme, answer counts and verdicts live (``workshop.live``).
"""

import json

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from .access import participant_by_token, staff_session
from .accounts import utcnow
from .errors import ActionError, form_int
from .exports.blocks import blocks_to_docx, blocks_to_markdown
from .extensions import db
from .forum_live import programme_changed, verdict_recorded
from .live import changed
from .participation import render_shared
from .project_synthesis import FORMAT, project_synthesis
from .projects import own_project
from .security import has_control_characters
from .sessions import create_session

bp = Blueprint("forum", __name__)

COVERAGE = ("covered", "gaps")
SCOPE = ("all", "some")
PRIORITY = ("yes", "partly", "no")
VERDICTS = ("validated", "invalidated", "amended")
TARGET_KINDS = ("axis", "finding")
MAX_ATELIERS = 12


class Forum(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200), nullable=False)
    project_id = db.Column(db.Integer, db.ForeignKey("project.id", ondelete="SET NULL"), index=True)
    created_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    material = db.Column(db.JSON, nullable=False)  # the synthesis, as when the forum was created

    ateliers = db.relationship("ForumAtelier", back_populates="forum", cascade="all, delete-orphan",
                               order_by="ForumAtelier.id")


class ForumAtelier(db.Model):
    """One atelier: a session of method ``forum`` and the axes it works on (None: all)."""

    id = db.Column(db.Integer, primary_key=True)
    forum_id = db.Column(db.Integer, db.ForeignKey("forum.id", ondelete="CASCADE"), nullable=False,
                         index=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, unique=True)
    name = db.Column(db.String(120), nullable=False)
    axes = db.Column(db.JSON)

    forum = db.relationship("Forum", back_populates="ateliers")
    session = db.relationship("WorkshopSession")


class ForumAnswer(db.Model):
    """A participant's answers to the three questions on one target (an axis or a finding)."""

    __table_args__ = (db.UniqueConstraint("participant_id", "target_kind", "target_id"),
                      db.CheckConstraint("target_kind IN ('axis', 'finding')", name="target_kind"))

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    participant_id = db.Column(db.Integer, db.ForeignKey("participant.id", ondelete="CASCADE"),
                               nullable=False)
    target_kind = db.Column(db.String(8), nullable=False)
    target_id = db.Column(db.String(80), nullable=False)
    coverage = db.Column(db.String(10), nullable=False)
    gaps = db.Column(db.Text, nullable=False, default="")
    scope = db.Column(db.String(10), nullable=False)
    scope_which = db.Column(db.Text, nullable=False, default="")
    priority = db.Column(db.String(10), nullable=False)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)


class ForumVerdict(db.Model):
    """The atelier's verdict on one target (an axis or a finding), recorded by its rapporteur."""

    __table_args__ = (db.UniqueConstraint("session_id", "target_kind", "target_id"),
                      db.CheckConstraint("target_kind IN ('axis', 'finding')", name="target_kind"))

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    target_kind = db.Column(db.String(8), nullable=False)
    target_id = db.Column(db.String(80), nullable=False)
    verdict = db.Column(db.String(12), nullable=False)
    amended = db.Column(db.Text, nullable=False, default="")
    gaps = db.Column(db.Text, nullable=False, default="")
    recorded_by_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)


# --- material -----------------------------------------------------------------------------------

MAX_ID = 80  # the length of ForumAnswer.target_id and ForumVerdict.target_id


def _good_id(value) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool) and 0 < len(str(value)) <= MAX_ID


def _plain(text) -> bool:
    """A text with no control character (a NUL byte breaks DOCX files and PostgreSQL)."""
    return isinstance(text, str) and not has_control_characters(text)


def check_material(data) -> dict:
    """An imported synthesis, checked: axes and findings with distinct ids (the questions'
    targets) and a text."""
    bad = ActionError(_("Ce fichier n'est pas une synthèse transversale au format attendu."), 400)
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("axes"), list):
        raise bad
    seen, axes, findings = set(), set(), 0
    for axis in data["axes"]:
        if not isinstance(axis, dict) or not isinstance(axis.get("findings"), list) \
                or not _good_id(axis.get("id")) or not _plain(axis.get("label")) \
                or str(axis["id"]) in axes:
            raise bad
        axes.add(str(axis["id"]))
        findings += len(axis["findings"])
        for item in [*axis["findings"], *axis.get("proposals", [])]:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not _good_id(item["id"]) \
                    or not _plain(item.get("text")) or item["id"] in seen:
                raise bad
            seen.add(item["id"])
    if not findings:
        raise ActionError(_("Cette synthèse ne contient aucun constat."), 400)
    return data


def create_forum(title: str, material: dict, user, ateliers: int, project_id=None) -> Forum:
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise ActionError(_("Donnez un titre au forum (200 caractères au plus)."), 400)
    if not 1 <= ateliers <= MAX_ATELIERS:
        raise ActionError(_("Un forum a de 1 à %(max)d ateliers.", max=MAX_ATELIERS), 400)
    forum = Forum(title=title, material=material, created_by_id=user.id, project_id=project_id)
    for number in range(1, ateliers + 1):
        name = _("Atelier %(number)d", number=number)
        session = create_session(f"{title} — {name}", "forum", user)
        forum.ateliers.append(ForumAtelier(session=session, name=name))
    db.session.add(forum)
    return forum


def axes_of(forum: Forum, atelier: ForumAtelier | None = None) -> list[dict]:
    axes = forum.material["axes"]
    if atelier is not None and atelier.axes:
        axes = [axis for axis in axes if str(axis["id"]) in atelier.axes]
    return axes


def targets_of(forum: Forum, atelier: ForumAtelier | None = None) -> dict[tuple[str, str], dict]:
    """(kind, id) -> the axis or finding: what the three questions can be asked about, in the
    whole forum or in one atelier."""
    out = {}
    for axis in axes_of(forum, atelier):
        out[("axis", str(axis["id"]))] = axis
        for item in axis["findings"]:
            out[("finding", item["id"])] = item
    return out


def dom_id(kind: str, target_id) -> str:
    """An HTML id for a target that CSS selectors and HTMX accept whatever the id's characters."""
    safe = "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in str(target_id))
    return f"{kind}-{safe}"


bp.add_app_template_global(dom_id)


def atelier_of_session(session) -> ForumAtelier:
    atelier = db.session.scalar(db.select(ForumAtelier).filter_by(session_id=session.id))
    if atelier is None:
        abort(404)
    return atelier


def own_forum(forum_id: int) -> Forum:
    forum = db.session.get(Forum, forum_id)
    if forum is None:
        abort(404)
    if forum.created_by_id != current_user.id:
        raise ActionError(_("Seul·e la personne qui a créé le forum peut faire cela."), 403)
    return forum


def is_forum_staff(forum: Forum, user) -> bool:
    """The forum's creator, or anyone on the staff of one of its ateliers."""
    if not getattr(user, "is_authenticated", False):
        return False
    return forum.created_by_id == user.id or any(atelier.session.roles_of(user) for atelier in forum.ateliers)


def staff_forum(forum_id: int) -> Forum:
    """The forum, for its creator or anyone on the staff of one of its ateliers."""
    forum = db.session.get(Forum, forum_id)
    if forum is None:
        abort(404)
    if not is_forum_staff(forum, current_user):
        raise ActionError(_("Seule l'équipe du forum peut voir cette page."), 403)
    return forum


def _target(atelier: ForumAtelier, kind: str, target_id: str) -> dict:
    target = targets_of(atelier.forum, atelier).get((kind, target_id))
    if target is None:
        message = (_("Cet axe n'est pas au programme de cet atelier.") if kind == "axis"
                   else _("Ce constat n'est pas au programme de cet atelier."))
        raise ActionError(message, 404)
    return target


def _text(name: str, limit: int = 2000) -> str:
    value = (request.form.get(name) or "").strip()
    if len(value) > limit:
        raise ActionError(_("Ce texte est trop long (%(max)d caractères au plus).", max=limit), 400)
    return value


def _choice(name: str, allowed) -> str:
    value = request.form.get(name, "")
    if value not in allowed:
        raise ActionError(_("Choisissez une des réponses proposées."), 400)
    return value


def _upsert(model, key: dict, values: dict):
    """Store one row per key; if the same key is written at the same moment elsewhere (two
    devices, a double click), the unique constraint refuses the second insert: update instead."""
    for attempt in (1, 2):
        row = db.session.scalar(db.select(model).filter_by(**key))
        if row is None:
            row = model(**key)
            db.session.add(row)
        for name, value in values.items():
            setattr(row, name, value)
        try:
            db.session.commit()
            return row
        except IntegrityError:
            db.session.rollback()
            if attempt == 2:
                raise


# --- aggregation ----------------------------------------------------------------------------------

def verdicts_by_target(forum: Forum) -> dict[tuple[str, str], dict[int, ForumVerdict]]:
    """(kind, id) -> atelier id -> verdict."""
    by_session = {atelier.session_id: atelier.id for atelier in forum.ateliers}
    out: dict[tuple[str, str], dict[int, ForumVerdict]] = {}
    for verdict in db.session.scalars(db.select(ForumVerdict).filter(
            ForumVerdict.session_id.in_(by_session))):
        key = (verdict.target_kind, verdict.target_id)
        out.setdefault(key, {})[by_session[verdict.session_id]] = verdict
    return out


def answers_summary(session_id: int) -> dict[tuple[str, str], dict]:
    """(kind, id) -> counts of each answer, and the gaps and organisations written."""
    out: dict[tuple[str, str], dict] = {}
    for answer in db.session.scalars(db.select(ForumAnswer).filter_by(session_id=session_id)
                                     .order_by(ForumAnswer.id)):
        entry = out.setdefault((answer.target_kind, answer.target_id), {
            "n": 0, "gap_texts": [], "which": [], **{v: 0 for v in (*COVERAGE, *SCOPE, *PRIORITY)}})
        entry["n"] += 1
        for value in (answer.coverage, answer.scope, answer.priority):
            entry[value] += 1
        if answer.gaps:
            entry["gap_texts"].append(answer.gaps)
        if answer.scope_which:
            entry["which"].append(answer.scope_which)
    return out


def atelier_verdicts(session_id: int) -> dict[tuple[str, str], ForumVerdict]:
    """(kind, id) -> the atelier's verdict."""
    return {(v.target_kind, v.target_id): v for v in db.session.scalars(
        db.select(ForumVerdict).filter_by(session_id=session_id))}


def answer_counts(session_id: int) -> dict[tuple[str, str], int]:
    """(kind, id) -> how many participants answered: counts only, never who answered what."""
    rows = db.session.execute(
        db.select(ForumAnswer.target_kind, ForumAnswer.target_id, db.func.count())
        .filter_by(session_id=session_id).group_by(ForumAnswer.target_kind, ForumAnswer.target_id))
    return {(kind, target_id): count for kind, target_id, count in rows}


def atelier_board(session) -> dict:
    """The atelier's programme, how many answered each target, and its verdicts: what its
    projector and console show for the step kind ``forum_validation`` (``workshop.board``)."""
    atelier = atelier_of_session(session)
    targets = targets_of(atelier.forum, atelier)
    verdicts = atelier_verdicts(session.id)
    answered = db.session.scalar(db.select(db.func.count(db.distinct(ForumAnswer.participant_id)))
                                 .filter_by(session_id=session.id))
    return {"axes": axes_of(atelier.forum, atelier), "counts": answer_counts(session.id),
            "verdicts": verdicts, "answered": answered, "targets": len(targets),
            "recorded": sum(key in targets for key in verdicts)}


def _wording(text: str) -> str:
    """An amended wording as compared between ateliers: case and spacing aside."""
    return " ".join(text.split()).casefold()


def divergence(cells: dict) -> list[str]:
    """Why the ateliers diverge on one target: ``verdicts`` (one validates, another
    invalidates or amends), ``amendments`` (they amend it differently); empty when they agree."""
    reasons = []
    if len({verdict.verdict for verdict in cells.values()}) > 1:
        reasons.append("verdicts")
    if len({_wording(v.amended) for v in cells.values() if v.verdict == "amended"}) > 1:
        reasons.append("amendments")
    return reasons


def divergence_notes(kind: str, reasons: list[str]) -> list[str]:
    """What the plenary and the report say of a divergence, in the current language."""
    notes = []
    if "verdicts" in reasons:
        notes.append(_("Les ateliers divergent sur cet axe.") if kind == "axis"
                     else _("Les ateliers divergent sur ce constat."))
    if "amendments" in reasons:
        notes.append(_("Les ateliers proposent des amendements différents."))
    return notes


bp.add_app_template_global(divergence_notes)


def plenary_rows(forum: Forum) -> list[dict]:
    """Per axis, a row for the axis as a whole and one per finding: every atelier's verdict."""
    verdicts = verdicts_by_target(forum)
    programmes = {atelier.id: targets_of(forum, atelier) for atelier in forum.ateliers}
    rows = []
    for axis in forum.material["axes"]:
        targets = [("axis", axis), *(("finding", item) for item in axis["findings"])]
        for kind, item in targets:
            key = (kind, str(item["id"]))
            cells = verdicts.get(key, {})
            reasons = divergence(cells)
            rows.append({"kind": kind, "axis": axis, "item": item, "dom_id": dom_id(*key), "cells": cells,
                         "divergent": bool(reasons), "divergence": reasons,
                         "ateliers": {aid for aid, programme in programmes.items() if key in programme}})
    return rows


def labels() -> dict:
    """The answers' and verdicts' names, in the current language (a template global as
    ``forum_labels``: a fragment rendered once per language calls it while rendering)."""
    return {"validated": _("Validé"), "invalidated": _("Invalidé"), "amended": _("Amendé"),
            "covered": _("Aspects principaux couverts"), "gaps": _("Lacunes importantes"),
            "all": _("Valable pour toutes les organisations"), "some": _("Seulement pour certaines"),
            "yes": _("Oui"), "partly": _("En partie"), "no": _("Non")}


bp.add_app_template_global(labels, "forum_labels")


# --- report ---------------------------------------------------------------------------------------

def _story(session_id) -> str | None:
    from .sessions import WorkshopSession

    session = db.session.get(WorkshopSession, session_id) if session_id else None
    story = session.chosen_story if session else None
    if story is None:
        return None
    return story.title or story.text[:120]


def _verdicts_entry(cells: dict, names: dict) -> dict:
    """A target's verdicts in the report, with whether and why the ateliers diverge."""
    reasons = divergence(cells)
    return {"verdicts": [{"atelier": names[aid], "verdict": v.verdict, "amended": v.amended, "gaps": v.gaps}
                         for aid, v in sorted(cells.items())],
            "divergent": bool(reasons), "divergence": reasons}


def report(forum: Forum) -> dict:
    verdicts = verdicts_by_target(forum)
    names = {atelier.id: atelier.name for atelier in forum.ateliers}
    axes = []
    for axis in forum.material["axes"]:
        findings = []
        for item in axis["findings"]:
            cells = verdicts.get(("finding", item["id"]), {})
            findings.append({
                "id": item["id"], "text": item["text"],
                "source": {"group": item.get("group"), "group_id": item.get("group_id"),
                           "session": item.get("session"), "session_id": item.get("session_id"),
                           "contribution": item.get("contribution"), "story": _story(item.get("session_id"))},
                **_verdicts_entry(cells, names),
            })
        cells = verdicts.get(("axis", str(axis["id"])), {})
        axes.append({"id": axis["id"], "label": axis["label"], **_verdicts_entry(cells, names),
                     "findings": findings,
                     "proposals": [{"id": p["id"], "text": p["text"]} for p in axis.get("proposals", [])]})
    return {"format": "tourdetable.forum-report/1", "forum": forum.title,
            "ateliers": [a.name for a in forum.ateliers], "axes": axes}


def _verdict_line(verdict: dict, names: dict) -> str:
    line = f"{verdict['atelier']} : {names[verdict['verdict']]}"
    if verdict["amended"]:
        line += " — " + _("formulation amendée : %(text)s", text=verdict["amended"])
    if verdict["gaps"]:
        line += " — " + _("lacunes : %(text)s", text=verdict["gaps"])
    return line


def blocks(data: dict) -> list[tuple]:
    names = labels()
    out = [("title", _("Forum de validation : %(title)s", title=data["forum"]))]
    for number, axis in enumerate(data["axes"], start=1):
        out.append(("h1", _("Axe %(number)d : %(label)s", number=number, label=axis["label"])))
        if axis["verdicts"]:
            out.append(("para", _("Verdicts sur l'axe dans son ensemble :")))
            out.extend(("para", note) for note in divergence_notes("axis", axis["divergence"]))
            out.extend(("bullet", _verdict_line(verdict, names)) for verdict in axis["verdicts"])
        for finding in axis["findings"]:
            out.append(("h2", finding["text"]))
            source = finding["source"]
            if source.get("group"):
                line = _("Source : %(group)s — %(session)s", group=source["group"], session=source["session"])
                if source.get("story"):
                    line += " — " + _("récit : %(story)s", story=source["story"])
                out.append(("para", line))
            out.extend(("para", note) for note in divergence_notes("finding", finding["divergence"]))
            if not finding["verdicts"]:
                out.append(("para", _("Aucun verdict.")))
            out.extend(("bullet", _verdict_line(verdict, names)) for verdict in finding["verdicts"])
    return out


def render_markdown(data: dict) -> str:
    return blocks_to_markdown(blocks(data))


def render_docx(data: dict) -> bytes:
    return blocks_to_docx(blocks(data))


# --- views: coordinator ----------------------------------------------------------------------------

@bp.post("/projects/<int:project_id>/forums")
@login_required
def create_for_project(project_id: int):
    project = own_project(project_id)
    count = form_int("ateliers")
    material = project_synthesis(project)
    if not any(axis["findings"] for axis in material["axes"]):
        raise ActionError(_("Cette synthèse ne contient aucun constat."), 400)
    forum = create_forum(request.form.get("title", ""), material, current_user, count, project.id)
    db.session.commit()
    return redirect(url_for("forum.page", forum_id=forum.id))


@bp.route("/forums/import", methods=["GET", "POST"])
@login_required
def import_forum():
    if request.method == "GET":
        return render_template("forum/import.html")
    upload = request.files.get("file")
    try:
        data = json.loads(upload.read().decode("utf-8")) if upload else None
    except (UnicodeDecodeError, ValueError):
        data = None
    material = check_material(data)
    forum = create_forum(request.form.get("title", ""), material, current_user, form_int("ateliers"))
    db.session.commit()
    return redirect(url_for("forum.page", forum_id=forum.id))


@bp.get("/forums/<int:forum_id>")
@login_required
def page(forum_id: int):
    forum = own_forum(forum_id)
    return render_template("forum/forum.html", forum=forum)


@bp.post("/forums/<int:forum_id>/ateliers/<int:atelier_id>/axes")
@login_required
def set_axes(forum_id: int, atelier_id: int):
    forum = own_forum(forum_id)
    atelier = db.session.get(ForumAtelier, atelier_id)
    if atelier is None or atelier.forum_id != forum.id:
        abort(404)
    chosen = request.form.getlist("axis")
    known = {str(axis["id"]) for axis in forum.material["axes"]}
    if not chosen or not set(chosen) <= known:
        raise ActionError(_("Choisissez au moins un axe parmi ceux du forum."), 400)
    atelier.axes = None if set(chosen) == known else sorted(set(chosen))
    db.session.commit()
    programme_changed(atelier)
    changed(atelier.session_id, "forum_programme")  # the atelier's projector shows its new programme
    return redirect(url_for("forum.page", forum_id=forum.id))


def render_plenary(forum: Forum, rows: list[dict] | None = None) -> str:
    """The plenary table, in the current language (the live push renders it once per language)."""
    return render_template("forum/_plenary.html", forum=forum,
                           rows=plenary_rows(forum) if rows is None else rows, labels=labels())


@bp.get("/forums/<int:forum_id>/plenary")
@login_required
def plenary(forum_id: int):
    forum = staff_forum(forum_id)
    return render_template("forum/plenary.html", forum=forum, plenary_html=render_plenary(forum))


@bp.get("/forums/<int:forum_id>/plenary/live")
@login_required
def plenary_live(forum_id: int):
    return render_plenary(staff_forum(forum_id))


@bp.get("/forums/<int:forum_id>/report.<fmt>")
@login_required
def export(forum_id: int, fmt: str):
    forum = staff_forum(forum_id)
    if fmt not in ("md", "docx", "json"):
        raise ActionError(_("Format d'export inconnu."), 404)
    data = report(forum)
    if fmt == "md":
        body, mimetype = render_markdown(data), "text/markdown; charset=utf-8"
    elif fmt == "docx":
        body = render_docx(data)
        mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        mimetype = "application/json"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f"attachment; filename=forum-{forum.id}.{fmt}"})


# --- views: rapporteur ------------------------------------------------------------------------------

TARGET = f"<any({', '.join(TARGET_KINDS)}):kind>/<path:target_id>"  # the URL part naming a target


def _htmx() -> bool:
    return bool(request.headers.get("HX-Request"))


def _rapporteur_context(session) -> dict:
    atelier = atelier_of_session(session)
    return {"session": session, "atelier": atelier, "axes": axes_of(atelier.forum, atelier),
            "targets": targets_of(atelier.forum, atelier), "verdicts": atelier_verdicts(session.id),
            "answers": answers_summary(session.id), "labels": labels(),
            "can_record": "rapporteur" in session.roles_of(current_user)}


@bp.get("/sessions/<int:session_id>/forum")
@login_required
def rapporteur(session_id: int):
    return render_template("forum/rapporteur.html", **_rapporteur_context(staff_session(session_id)))


@bp.get("/sessions/<int:session_id>/forum/summaries")
@login_required
def summaries(session_id: int):
    """Every target's answer counts (and verdict), swapped out of band: the verdict forms around
    them, perhaps half filled in, stay as they are."""
    return render_template("forum/_summaries.html", **_rapporteur_context(staff_session(session_id)))


@bp.post(f"/sessions/<int:session_id>/forum/verdicts/{TARGET}")
@login_required
def record_verdict(session_id: int, kind: str, target_id: str):
    session = staff_session(session_id, roles=("rapporteur",))
    atelier = atelier_of_session(session)
    target = _target(atelier, kind, target_id)
    verdict_kind = _choice("verdict", VERDICTS)
    amended, gaps = _text("amended"), _text("gaps")
    if verdict_kind == "amended" and not amended:
        message = (_("Écrivez la formulation amendée de l'axe.") if kind == "axis"
                   else _("Écrivez la formulation amendée du constat."))
        raise ActionError(message, 400)
    values = {"verdict": verdict_kind, "amended": amended, "gaps": gaps, "recorded_by_id": current_user.id}
    verdict = _upsert(ForumVerdict, {"session_id": session.id, "target_kind": kind, "target_id": target_id},
                      values)
    verdict_recorded(atelier)
    changed(session.id, "forum_verdicts")  # the atelier's projector shows the verdict
    if not _htmx():
        return redirect(url_for("forum.rapporteur", session_id=session.id) + f"#{dom_id(kind, target_id)}")
    return render_template("forum/_verdict_form.html", session=session, kind=kind, target=target,
                           verdict=verdict, labels=labels(), saved=_("Verdict enregistré."))


# --- views: participant ----------------------------------------------------------------------------

def _participant_context(participant) -> dict:
    atelier = atelier_of_session(participant.session)
    mine = {(a.target_kind, a.target_id): a for a in db.session.scalars(
        db.select(ForumAnswer).filter_by(participant_id=participant.id))}
    return {"participant": participant, "session": participant.session, "atelier": atelier,
            "axes": axes_of(atelier.forum, atelier), "mine": mine, "labels": labels()}


@bp.get("/p/<token>/forum")
def participant_page(token: str):
    participant = participant_by_token(token)
    return render_template("forum/participant.html", shared_html=render_shared(participant.session),
                           **_participant_context(participant))


@bp.get("/p/<token>/forum/questions")
def participant_questions(token: str):
    """The questions with this participant's saved answers: what the page re-fetches after a
    lost connection, a change of the atelier's status or of its axes."""
    return render_template("forum/_questions.html", **_participant_context(participant_by_token(token)))


@bp.post(f"/p/<token>/forum/{TARGET}")
def answer(token: str, kind: str, target_id: str):
    participant = participant_by_token(token)
    session = participant.session
    atelier = atelier_of_session(session)
    if session.status != "live":
        raise ActionError(_("L'atelier n'est pas en cours."), 409)
    target = _target(atelier, kind, target_id)
    coverage, scope, priority = (_choice("coverage", COVERAGE), _choice("scope", SCOPE),
                                 _choice("priority", PRIORITY))
    gaps, which = _text("gaps"), _text("scope_which")
    if coverage == "gaps" and not gaps:
        raise ActionError(_("Écrivez les lacunes importantes que vous voyez."), 400)
    if scope == "some" and not which:
        message = (_("Écrivez pour quelles organisations cet axe vaut, et pourquoi.") if kind == "axis"
                   else _("Écrivez pour quelles organisations ce constat vaut, et pourquoi."))
        raise ActionError(message, 400)
    _upsert(ForumAnswer, {"participant_id": participant.id, "target_kind": kind, "target_id": target_id},
            {"session_id": session.id, "coverage": coverage, "gaps": gaps, "scope": scope,
             "scope_which": which, "priority": priority})
    changed(session.id, "forum_answers")  # the projector's counts, and the staff screens told
    if not _htmx():
        return redirect(url_for("forum.participant_page", token=token) + f"#{dom_id(kind, target_id)}")
    return render_template("forum/_answer_form.html", kind=kind, target=target,
                           saved=_("Réponse enregistrée."), **_participant_context(participant))
