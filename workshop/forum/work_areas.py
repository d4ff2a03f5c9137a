"""Recommendations and their follow-up: the team's work areas (*chantiers*).

After the forum the research team drafts work areas at micro, méso or macro level, each linked
to the proposals it comes from (items of the team's transversal synthesis pool,
``research.transversal.pool``) and to the forum verdicts it answers (a forum of the project and
one of its targets: every atelier's verdict on it). Earlier recommendations come in through the
same form or a CSV file (``forum.work_area_import``). The follow-up gives each one an owner (a
body, not a person), a status, a due date and dated answers; every change is kept with who made
it and when, because recommendations left without a visible follow-up discourage the people who
made them. Two researchers may edit at once: a change made from an older revision is refused.
"""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.clock import utcnow
from ..core.errors import ActionError
from ..core.extensions import db
from ..core.revisions import raise_revision, refuse_if_stale, written_or_refused
from ..research.transversal import pool
from .models import Forum, ForumAtelier, ForumVerdict
from .tally import labels as verdict_labels
from .work_area_models import (
    LEVELS,
    STATUSES,
    WorkArea,
    WorkAreaAnswer,
    WorkAreaChange,
    WorkAreaSource,
    WorkAreaVerdict,
)

MAX_TITLE, MAX_OWNER, MAX_TEXT = 200, 200, 5000


def level_labels() -> dict:
    return {"micro": _l("Micro"), "meso": _l("Méso"), "macro": _l("Macro")}


def status_labels() -> dict:
    return {"proposed": _l("Proposé"), "adopted": _l("Adopté"), "in_progress": _l("En cours"),
            "done": _l("Réalisé"), "dropped": _l("Abandonné")}


def field_labels() -> dict:
    """The names of what a change touched, in the history."""
    return {"created": _l("Création"), "title": _l("Titre"), "level": _l("Niveau"),
            "description": _l("Description"), "owner": _l("Porteur"), "status": _l("Statut"),
            "due_on": _l("Échéance"), "sources": _l("Propositions sources"),
            "verdicts": _l("Verdicts du forum"), "answer": _l("Réponse")}


def work_areas_of(project) -> list[WorkArea]:
    """The project's work areas, micro first, then méso, then macro; in order of creation."""
    areas = db.session.scalars(db.select(WorkArea).filter_by(project_id=project.id).order_by(WorkArea.id))
    return sorted(areas, key=lambda area: LEVELS.index(area.level))


def sources_pool(project) -> tuple[dict, str | None]:
    """The items a work area may cite, by id; empty with the reason while a session of the project
    still has personal data to review (its items cannot be read yet)."""
    try:
        return pool(project), None
    except ActionError as waiting:
        return {}, waiting.message


# --- the forum verdicts a work area may answer ------------------------------------------------------

def verdict_key(forum_id, kind: str, target_id: str) -> str:
    return f"{forum_id}:{kind}:{target_id}"


def _target_text(forum: Forum, kind: str, target_id: str) -> str:
    """The wording of a target in the forum's material, whatever its kind (axis or item)."""
    for axis in forum.material.get("axes", []):
        if kind == "axis" and str(axis.get("id")) == target_id:
            return axis.get("label", "")
        for items in axis.values():
            if isinstance(items, list):
                for item in items:
                    if isinstance(item, dict) and str(item.get("id")) == target_id:
                        return item.get("text", "")
    return ""


def verdict_choices(project) -> dict[str, dict]:
    """key -> a target that ateliers of the project's forums gave a verdict on: its forum, kind,
    id, wording and each atelier's verdict (with the amended wording)."""
    names = verdict_labels()
    rows = db.session.execute(
        db.select(ForumVerdict, ForumAtelier, Forum)
        .join(ForumAtelier, ForumAtelier.session_id == ForumVerdict.session_id)
        .join(Forum, Forum.id == ForumAtelier.forum_id)
        .filter(Forum.project_id == project.id)
        .order_by(Forum.id, ForumVerdict.target_kind, ForumVerdict.target_id, ForumAtelier.id)).all()
    out: dict[str, dict] = {}
    for verdict, atelier, forum in rows:
        key = verdict_key(forum.id, verdict.target_kind, verdict.target_id)
        entry = out.setdefault(key, {"key": key, "forum": forum.title, "forum_id": forum.id,
                                     "kind": verdict.target_kind, "target_id": verdict.target_id,
                                     "text": _target_text(forum, verdict.target_kind, verdict.target_id),
                                     "verdicts": []})
        entry["verdicts"].append({"atelier": atelier.name, "verdict": verdict.verdict,
                                  "label": names.get(verdict.verdict, verdict.verdict),
                                  "amended": verdict.amended})
    return out


# --- checks -----------------------------------------------------------------------------------------

def _title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title or len(title) > MAX_TITLE:
        raise ActionError(_("Donnez un titre au chantier (%(max)d caractères au plus).", max=MAX_TITLE), 400)
    return title


def _level(level: str) -> str:
    if level not in LEVELS:
        raise ActionError(_("Un chantier est de niveau micro, méso ou macro."), 400)
    return level


def _status(status: str) -> str:
    if status not in STATUSES:
        raise ActionError(_("Choisissez un statut : proposé, adopté, en cours, réalisé ou abandonné."), 400)
    return status


def _owner(owner: str) -> str:
    owner = " ".join((owner or "").split())
    if len(owner) > MAX_OWNER:
        raise ActionError(_("Le porteur tient en %(max)d caractères au plus.", max=MAX_OWNER), 400)
    return owner


def _description(text: str) -> str:
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise ActionError(_("La description tient en %(max)d caractères au plus.", max=MAX_TEXT), 400)
    return text


def parse_day(value: str) -> date | None:
    """A date typed as YYYY-MM-DD (what a date field sends), or None when left empty."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ActionError(_("La date « %(value)s » n'est pas une date (AAAA-MM-JJ).", value=value[:20]),
                          400) from None


def _sources(item_ids, known: dict) -> list[str]:
    ids = list(dict.fromkeys(i for i in item_ids if i))
    if any(i not in known for i in ids):
        raise ActionError(_("Cette proposition n'existe pas dans les séances du projet."), 400)
    return ids


def _verdicts(keys, choices: dict) -> list[str]:
    keys = list(dict.fromkeys(k for k in keys if k))
    if any(k not in choices for k in keys):
        raise ActionError(_("Ce verdict n'existe pas dans les forums du projet."), 400)
    return keys


def _stale() -> str:
    return _("Une ou un collègue a modifié ce chantier entre-temps : rechargez la page pour "
             "voir sa version, puis refaites votre modification.")


def _fresh(area: WorkArea, revision) -> None:
    refuse_if_stale(area, revision, _stale())


def saved_edit():
    """Around a change of a work area: written at its end; refused if a colleague saved the row since."""
    return written_or_refused(_stale())


# --- changes, with their history ---------------------------------------------------------------------

def _record(area: WorkArea, user, field: str, before, after) -> None:
    area.changes.append(WorkAreaChange(changed_by_id=user.id, field=field, changed_at=utcnow(),
                                       before="" if before is None else str(before),
                                       after="" if after is None else str(after)))


def _set(area: WorkArea, user, field: str, value) -> bool:
    before = getattr(area, field)
    if before == value:
        return False
    setattr(area, field, value)
    _record(area, user, field, before, value)
    return True


def _touch(area: WorkArea) -> None:
    raise_revision(area)
    area.updated_at = utcnow()


def _link(area: WorkArea, source_ids: list[str], verdict_keys: list[str], choices: dict) -> None:
    area.sources = [s for s in area.sources if s.item_id in source_ids]
    have = {s.item_id for s in area.sources}
    area.sources.extend(WorkAreaSource(item_id=i) for i in source_ids if i not in have)
    area.verdicts = [v for v in area.verdicts
                     if verdict_key(v.forum_id, v.target_kind, v.target_id) in verdict_keys]
    have = {verdict_key(v.forum_id, v.target_kind, v.target_id) for v in area.verdicts}
    area.verdicts.extend(WorkAreaVerdict(forum_id=choices[k]["forum_id"], target_kind=choices[k]["kind"],
                                         target_id=choices[k]["target_id"])
                         for k in verdict_keys if k not in have)


def create_work_area(project, form, user, known: dict | None = None,
                     choices: dict | None = None) -> WorkArea:
    """A new work area from the form's fields (title, level, description, owner, status, due_on,
    sources, verdicts): drafted after the forum, or an earlier recommendation typed in."""
    area = WorkArea(project_id=project.id, title=_title(form.get("title")), level=_level(form.get("level")),
                    description=_description(form.get("description")), owner=_owner(form.get("owner")),
                    status=_status(form.get("status") or "proposed"), due_on=parse_day(form.get("due_on")))
    sources = form.getlist("sources") if hasattr(form, "getlist") else form.get("sources", [])
    verdicts = form.getlist("verdicts") if hasattr(form, "getlist") else form.get("verdicts", [])
    if sources:
        known = sources_pool(project)[0] if known is None else known
    source_ids = _sources(sources, known or {})
    choices = (verdict_choices(project) if verdicts else {}) if choices is None else choices
    verdict_keys = _verdicts(verdicts, choices)
    _link(area, source_ids, verdict_keys, choices)
    _record(area, user, "created", "", area.title)
    db.session.add(area)
    return area


def update_followup(area: WorkArea, form, user) -> None:
    """The follow-up fields: owner, status, due date."""
    owner, status = _owner(form.get("owner")), _status(form.get("status"))
    due_on = parse_day(form.get("due_on"))
    _fresh(area, form.get("revision"))
    changed = [_set(area, user, "owner", owner), _set(area, user, "status", status),
               _set(area, user, "due_on", due_on)]
    if any(changed):
        _touch(area)


def update_content(project, area: WorkArea, form, user) -> None:
    """What the work area says and stands on: title, level, description, sources, verdicts."""
    title, level = _title(form.get("title")), _level(form.get("level"))
    description = _description(form.get("description"))
    sources, verdicts = form.getlist("sources"), form.getlist("verdicts")
    source_ids = _sources(sources, sources_pool(project)[0] if sources else {})
    choices = verdict_choices(project)
    verdict_keys = _verdicts(verdicts, choices)
    _fresh(area, form.get("revision"))
    changed = [_set(area, user, "title", title), _set(area, user, "level", level),
               _set(area, user, "description", description)]
    before = (len(area.sources), len(area.verdicts))
    old_sources = {s.item_id for s in area.sources}
    old_verdicts = {verdict_key(v.forum_id, v.target_kind, v.target_id) for v in area.verdicts}
    _link(area, source_ids, verdict_keys, choices)
    if old_sources != set(source_ids):
        _record(area, user, "sources", before[0], len(source_ids))
        changed.append(True)
    if old_verdicts != set(verdict_keys):
        _record(area, user, "verdicts", before[1], len(verdict_keys))
        changed.append(True)
    if any(changed):
        _touch(area)


def add_answer(area: WorkArea, form, user) -> WorkAreaAnswer:
    """A dated answer: what was done or answered about the work area."""
    text = (form.get("text") or "").strip()
    if not text or len(text) > MAX_TEXT:
        raise ActionError(_("Écrivez la réponse (%(max)d caractères au plus).", max=MAX_TEXT), 400)
    answered_on = parse_day(form.get("answered_on")) or utcnow().date()
    answer = WorkAreaAnswer(answered_on=answered_on, text=text, created_by_id=user.id)
    area.answers.append(answer)
    _record(area, user, "answer", "", text)
    _touch(area)
    return answer

