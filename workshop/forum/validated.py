"""The validated synthesis: the version of the team's synthesis a forum judged, rewritten by the
ateliers' verdicts, each change traced to the ateliers that made it.

It starts from the named version the forum was made from (``material["version"]``) and reads
the verdicts as the report for the comité has them (reviewed for personal data, only the
ateliers that had the target on their programme). A statement one atelier amended takes the
amended wording (another atelier's different wording is kept in the trace); one every atelier
that judged it invalidated is marked withdrawn; one they split on stays, marked contested; the
rest stay as they were. Each statement carries its ``trace`` (status, ateliers, verdicts) and
``notes``, lines the research context shows and exports under it without knowing the forum; the
document names the forum (``validated_by``) and lists what the ateliers found missing. It is
saved as a new named version of the team's synthesis.
"""

import copy

from flask_babel import gettext as _

from ..core.errors import ActionError
from ..core.extensions import db
from ..research.models import Project, TransversalVersion
from ..research.transversal import TEAM_SOURCE, save_version, versions_of
from .models import Forum


def base_version(forum: Forum) -> TransversalVersion:
    """The named version of the team's synthesis the forum judged."""
    number = forum.material.get("version")
    if forum.material.get("source") != TEAM_SOURCE or forum.project_id is None or not number:
        raise ActionError(_("Ce forum n'a pas été fait d'une version de la synthèse de l'équipe."), 409)
    version = db.session.scalar(db.select(TransversalVersion).filter_by(project_id=forum.project_id,
                                                                        number=number))
    if version is None:
        raise ActionError(_("La version de la synthèse que ce forum a jugée n'existe plus."), 409)
    return version


def _ateliers(verdicts: list[dict], kind: str) -> str:
    return ", ".join(v["atelier"] for v in verdicts if v["verdict"] == kind)


def _judged(statement: dict, verdicts: list[dict]) -> None:
    """Apply an item's verdicts to its statement, with the trace and its notes."""
    trace = [{key: v[key] for key in ("atelier", "verdict", "amended", "gaps")} for v in verdicts]
    amended = [v for v in verdicts if v["verdict"] == "amended"]
    kinds = {v["verdict"] for v in verdicts}
    notes = []
    if not verdicts:
        status = "unjudged"
        notes.append(_("Aucun atelier n'a rendu de verdict sur cet énoncé."))
    elif amended:
        status = "amended"
        wordings: dict[str, list[dict]] = {}  # the same wording from two ateliers counts once
        for verdict in amended:
            wordings.setdefault(" ".join(verdict["amended"].split()).casefold(), []).append(verdict)
        (first, *others) = wordings.values()
        notes.append(_("Amendé par %(ateliers)s. Formulation soumise au forum : %(text)s",
                       ateliers=", ".join(v["atelier"] for v in first), text=statement["text"]))
        statement["text"] = first[0]["amended"]
        for other in others:
            notes.append(_("Autre formulation proposée par %(atelier)s : %(text)s",
                           atelier=", ".join(v["atelier"] for v in other), text=other[0]["amended"]))
    elif kinds == {"invalidated"}:
        status = "invalidated"
        statement["withdrawn"] = True
        notes.append(_("Invalidé par %(ateliers)s : retiré.", ateliers=_ateliers(verdicts, "invalidated")))
    elif "invalidated" in kinds:
        status = "contested"
        notes.append(_("Contesté : validé par %(validated)s, invalidé par %(invalidated)s.",
                       validated=_ateliers(verdicts, "validated"),
                       invalidated=_ateliers(verdicts, "invalidated")))
    else:
        status = "validated"
    if status in ("amended", "validated") and _ateliers(verdicts, "validated"):
        notes.append(_("Validé par %(ateliers)s.", ateliers=_ateliers(verdicts, "validated")))
    if status == "amended" and _ateliers(verdicts, "invalidated"):
        notes.append(_("Invalidé par %(ateliers)s.", ateliers=_ateliers(verdicts, "invalidated")))
    notes.extend(_("Lacunes selon %(atelier)s : %(text)s", atelier=v["atelier"], text=v["gaps"])
                 for v in verdicts if v["gaps"])
    statement["trace"] = {"status": status, "verdicts": trace}
    statement["notes"] = notes


def validated_document(base: dict, data: dict, forum_title: str) -> dict:
    """The base version's document rewritten by the report's verdicts (pure: no database)."""
    document = copy.deepcopy(base)
    axes = {str(axis["id"]): axis for axis in data["axes"]}
    items = {str(item["id"]): item for axis in data["axes"]
             for name in ("findings", "visions", "proposals") for item in axis.get(name, [])}
    for axis in document["axes"]:
        entry = axes.get(str(axis["id"]))
        axis["notes"] = [_("Sur l'axe dans son ensemble, %(line)s", line=_verdict_words(v))
                         for v in (entry or {}).get("verdicts", [])]
        for statement in axis["statements"]:
            item = items.get(str(statement["id"]))
            _judged(statement, item["verdicts"] if item else [])
    document["validated_by"] = {"forum": forum_title, "date": data["date"]}
    document["notes"] = [_("Synthèse validée par le forum « %(title)s » du %(date)s : chaque énoncé "
                           "porte les verdicts des ateliers.", title=forum_title, date=data["date"])]
    for missing in data.get("missing", []):
        for text in ([missing["text"]] if missing["text"] else []) + missing["participants"]:
            document["notes"].append(_("Manque selon %(atelier)s : %(text)s", atelier=missing["atelier"],
                                       text=text))
    return document


def _verdict_words(verdict: dict) -> str:
    words = {"validated": _("validé"), "invalidated": _("invalidé"), "amended": _("amendé")}
    line = f"{verdict['atelier']} : {words[verdict['verdict']]}"
    if verdict["amended"]:
        line += " — " + verdict["amended"]
    return line


def produce(forum: Forum, data: dict, user) -> TransversalVersion:
    """Save the validated synthesis as the project's next named version."""
    base = base_version(forum)
    project = db.session.get(Project, forum.project_id)
    document = validated_document(base.document, data, forum.title)
    document["validated_by"].update(forum_id=forum.id, from_version=base.number)
    return save_version(project, _("Synthèse validée par le forum « %(title)s »", title=forum.title)[:200],
                        user, document)


def validated_versions(forum: Forum) -> list[TransversalVersion]:
    """The validated syntheses produced from this forum, newest first."""
    if forum.project_id is None:
        return []
    project = db.session.get(Project, forum.project_id)
    return [version for version in versions_of(project)
            if (version.document.get("validated_by") or {}).get("forum_id") == forum.id]
