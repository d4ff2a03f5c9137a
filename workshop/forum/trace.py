"""The chain traced both ways: from the groups' items to the work areas, and back.

A story, finding, vision, proposal or good practice of a group's session is cited by statements
of the team's transversal synthesis (``TransversalLink``); the forum judges a statement under its
own id (the material of a team forum names its targets ``s<id>``); the validated synthesis keeps
that id with its trace; a work area answers verdicts on it (``WorkAreaVerdict``) and may cite
items directly (``WorkAreaSource``). ``statement_uses`` follows a statement forward,
``item_uses`` an item, and ``origins`` a work area back to the statements, the items and the
stories they came from, as the forum judged them (the material's copy of their sources).
"""

from flask_babel import gettext as _

from ..core.extensions import db
from ..research.models import TransversalAxis, TransversalLink, TransversalStatement
from ..research.transversal import TEAM_SOURCE
from .models import Forum, ForumAtelier, ForumVerdict
from .tally import labels as verdict_labels
from .validated import validated_versions
from .work_area_models import WorkArea, WorkAreaSource, WorkAreaVerdict
from .work_areas import level_labels, sources_pool


def status_labels() -> dict:
    """What the validated synthesis did with a statement."""
    return {"amended": _("amendé"), "validated": _("validé"), "invalidated": _("retiré"),
            "contested": _("contesté"), "unjudged": _("pas jugé")}


def team_forums(project) -> list[Forum]:
    return [forum for forum in db.session.scalars(db.select(Forum).filter_by(project_id=project.id)
                                                  .order_by(Forum.id))
            if forum.material.get("source") == TEAM_SOURCE]


def _area_entry(area: WorkArea, levels: dict) -> dict:
    return {"id": area.id, "title": area.title, "level": str(levels[area.level])}


def statement_uses(project) -> dict[str, dict]:
    """Statement id ("s12") -> {"verdicts", "validated", "work_areas"}: every atelier's verdict on
    it, what each validated synthesis did with it, the work areas that answer those verdicts."""
    uses: dict[str, dict] = {}

    def entry(sid: str) -> dict:
        return uses.setdefault(sid, {"verdicts": [], "validated": [], "work_areas": []})

    names, statuses, levels = verdict_labels(), status_labels(), level_labels()
    forums = team_forums(project)
    for forum in forums:
        rows = db.session.execute(
            db.select(ForumVerdict, ForumAtelier)
            .join(ForumAtelier, ForumAtelier.session_id == ForumVerdict.session_id)
            .filter(ForumAtelier.forum_id == forum.id, ForumVerdict.target_kind != "axis")
            .order_by(ForumAtelier.id)).all()
        for verdict, atelier in rows:
            entry(verdict.target_id)["verdicts"].append({
                "forum": forum.title, "forum_id": forum.id, "atelier": atelier.name,
                "label": names.get(verdict.verdict, verdict.verdict), "amended": verdict.amended})
        for version in validated_versions(forum):
            for axis in version.document["axes"]:
                for statement in axis["statements"]:
                    status = (statement.get("trace") or {}).get("status", "unjudged")
                    entry(statement["id"])["validated"].append({
                        "number": version.number, "status": statuses.get(status, status),
                        "text": statement["text"], "withdrawn": bool(statement.get("withdrawn"))})
    rows = db.session.execute(db.select(WorkAreaVerdict, WorkArea).join(WorkArea).filter(
        WorkArea.project_id == project.id, WorkAreaVerdict.forum_id.in_([f.id for f in forums]))
        .order_by(WorkArea.id)).all()
    for link, area in rows:
        areas = entry(link.target_id)["work_areas"]
        if all(a["id"] != area.id for a in areas):
            areas.append(_area_entry(area, levels))
    return uses


def item_uses(project) -> list[dict]:
    """Every item of the groups that the team's synthesis or a work area cites, by group and
    session (as the pool orders them), each with the statements that cite it (and where each
    statement went) and the work areas that cite it directly."""
    known, waiting = sources_pool(project)
    if waiting:
        return []
    citing: dict[str, list[dict]] = {}
    rows = db.session.execute(
        db.select(TransversalLink.item_id, TransversalStatement, TransversalAxis)
        .join(TransversalStatement, TransversalStatement.id == TransversalLink.statement_id)
        .join(TransversalAxis, TransversalAxis.id == TransversalStatement.axis_id)
        .filter(TransversalAxis.project_id == project.id)
        .order_by(TransversalAxis.position, TransversalStatement.position, TransversalStatement.id)).all()
    uses = statement_uses(project)
    empty = {"verdicts": [], "validated": [], "work_areas": []}
    for item_id, statement, axis in rows:
        sid = f"s{statement.id}"
        citing.setdefault(item_id, []).append({"id": sid, "text": statement.text, "axis": axis.title,
                                               **uses.get(sid, empty)})
    direct: dict[str, list[dict]] = {}
    levels = level_labels()
    for source, area in db.session.execute(db.select(WorkAreaSource, WorkArea).join(WorkArea).filter(
            WorkArea.project_id == project.id).order_by(WorkArea.id)).all():
        direct.setdefault(source.item_id, []).append(_area_entry(area, levels))
    return [{"item": item, "statements": citing.get(item_id, []), "work_areas": direct.get(item_id, [])}
            for item_id, item in known.items() if item_id in citing or item_id in direct]


def origins(project) -> dict[int, list[dict]]:
    """Work area id -> the statements it answers, each as the forum judged it: its wording then,
    its sources (kind, text, group, session, the session's chosen story) and its verdicts."""
    uses = statement_uses(project)
    known, _waiting = sources_pool(project)  # a story's title, which the material does not copy
    forums = {forum.id: forum for forum in team_forums(project)}
    out: dict[int, list[dict]] = {}
    rows = db.session.execute(db.select(WorkAreaVerdict, WorkArea).join(WorkArea).filter(
        WorkArea.project_id == project.id).order_by(WorkAreaVerdict.id)).all()
    for link, area in rows:
        forum = forums.get(link.forum_id)
        item = _material_item(forum, link.target_id) if forum else None
        if item is None:
            continue
        sources = [{**source, "title": known.get(source.get("id"), {}).get("title")}
                   for source in item.get("sources", [])]
        out.setdefault(area.id, []).append({"id": link.target_id, "text": item["text"], "sources": sources,
                                            "validated": uses.get(link.target_id, {}).get("validated", [])})
    return out


def _material_item(forum: Forum, target_id: str) -> dict | None:
    for axis in forum.material.get("axes", []):
        for name in ("findings", "visions", "proposals"):
            for item in axis.get(name, []):
                if str(item.get("id")) == target_id:
                    return item
    return None
