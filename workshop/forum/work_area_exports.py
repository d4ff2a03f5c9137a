"""The work areas as they read: for the board, the public page and the exports (DOCX, CSV).

A source is shown by its wording, kind and group only: the pool's items come from the sessions'
reviewed documents (personal data redacted as decided there) and never carry an author, so
nothing names a participant. A verdict is its atelier's name, verdict and amended wording. The
team's own texts (title, description, owner, answers) are searched for personal data and the
project's names (``personal_data_in``): the exports are refused while one is found, and the
public page withholds that text.
"""

import csv
import io

from flask_babel import gettext as _

from ..research.personal_data import project_names
from ..synthesis.exports.blocks import blocks_to_docx
from ..synthesis.exports.csv import _cell as csv_cell
from ..synthesis.personal_data import find_personal_data
from .work_area_models import LEVELS
from .work_areas import level_labels, sources_pool, status_labels, verdict_choices, verdict_key, work_areas_of

CSV_COLUMNS = ("title", "level", "status", "owner", "due_date", "last_update", "description", "answers",
               "sources", "forum_verdicts")


def described(project) -> list[dict]:
    """Every work area with its labels, answers, sources' wording and forum verdicts."""
    known, _waiting = sources_pool(project)
    choices = verdict_choices(project)
    levels, statuses = level_labels(), status_labels()
    out = []
    for area in work_areas_of(project):
        sources = [{key: known[s.item_id].get(key, "") for key in ("kind", "text", "group", "session")}
                   for s in area.sources if s.item_id in known]
        verdicts = [choices[key] for v in area.verdicts
                    if (key := verdict_key(v.forum_id, v.target_kind, v.target_id)) in choices]
        out.append({"area": area, "id": area.id, "title": area.title, "level": area.level,
                    "level_label": str(levels[area.level]), "status": area.status,
                    "status_label": str(statuses[area.status]), "owner": area.owner, "due_on": area.due_on,
                    "updated_at": area.updated_at, "description": area.description,
                    "answers": [{"on": a.answered_on, "text": a.text} for a in area.answers],
                    "sources": sources, "verdicts": verdicts})
    return out


def _team_texts(entry: dict) -> list[str]:
    return [entry["title"], entry["description"], entry["owner"], *(a["text"] for a in entry["answers"])]


def personal_data_in(project, entries: list[dict]) -> list[dict]:
    """The team's texts that hold what looks like personal data: [{"text", "excerpts"}]."""
    names = sorted(project_names(project.id))
    found = []
    for entry in entries:
        for text in _team_texts(entry):
            spots = find_personal_data(text, "fr", known_names=names) if text else []
            if spots:
                found.append({"text": text, "excerpts": [spot.excerpt for spot in spots]})
    return found


def for_the_public(project) -> list[dict]:
    """The work areas for the public page: a text of the team that holds what looks like personal
    data is withheld (None) until the team rewrites it."""
    entries = described(project)
    flagged = {item["text"] for item in personal_data_in(project, entries)}
    for entry in entries:
        for key in ("title", "description", "owner"):
            if entry[key] in flagged:
                entry[key] = None
        entry["answers"] = [{**a, "text": None if a["text"] in flagged else a["text"]}
                            for a in entry["answers"]]
    return entries


def _verdict_line(entry: dict) -> str:
    said = "; ".join(f"{v['atelier']} : {v['label']}" + (f" (« {v['amended']} »)" if v["amended"] else "")
                     for v in entry["verdicts"])
    return f"{entry['forum']} — {entry['text']} — {said}"


def _source_line(source: dict) -> str:
    return source["text"] + (f" ({source['group']})" if source["group"] else "")


def render_csv(project) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in described(project):
        row = {"title": entry["title"], "level": entry["level"], "status": entry["status"],
               "owner": entry["owner"], "due_date": entry["due_on"].isoformat() if entry["due_on"] else "",
               "last_update": entry["updated_at"].date().isoformat(), "description": entry["description"],
               "answers": " | ".join(f"{a['on'].isoformat()} : {a['text']}" for a in entry["answers"]),
               "sources": " | ".join(_source_line(s) for s in entry["sources"]),
               "forum_verdicts": " | ".join(_verdict_line(v) for v in entry["verdicts"])}
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def blocks(project) -> list[tuple]:
    entries = described(project)
    levels = level_labels()
    out = [("title", _("Chantiers et suivi — %(project)s", project=project.title))]
    if not entries:
        out.append(("para", _("Aucun chantier pour l'instant.")))
    for level in LEVELS:
        at_level = [e for e in entries if e["level"] == level]
        if not at_level:
            continue
        out.append(("h1", _("Niveau %(level)s", level=levels[level])))
        for entry in at_level:
            out.append(("h2", entry["title"]))
            facts = [_("Statut : %(status)s", status=entry["status_label"])]
            if entry["owner"]:
                facts.append(_("Porteur : %(owner)s", owner=entry["owner"]))
            if entry["due_on"]:
                facts.append(_("Échéance : %(day)s", day=entry["due_on"].isoformat()))
            facts.append(_("Dernière mise à jour : %(day)s", day=entry["updated_at"].date().isoformat()))
            out.append(("para", " · ".join(facts)))
            if entry["description"]:
                out.append(("para", entry["description"]))
            if entry["answers"]:
                out.append(("para", _("Réponses :")))
                out.extend(("bullet", f"{a['on'].isoformat()} — {a['text']}") for a in entry["answers"])
            if entry["sources"]:
                out.append(("para", _("Propositions sources :")))
                out.extend(("bullet", _source_line(s)) for s in entry["sources"])
            if entry["verdicts"]:
                out.append(("para", _("Verdicts du forum :")))
                out.extend(("bullet", _verdict_line(v)) for v in entry["verdicts"])
    return out


def render_docx(project) -> bytes:
    return blocks_to_docx(blocks(project))
