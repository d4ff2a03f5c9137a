"""The forum's report: per axis and finding, each atelier's verdict with its amendment and gaps,
where they diverge, and each finding's source (group, session, story) as the material gives it.
Markdown, DOCX, JSON."""

from flask_babel import gettext as _

from ..synthesis.exports.blocks import blocks_to_docx, blocks_to_markdown
from .models import Forum
from .sources import source_line, source_of
from .tally import divergence, divergence_notes, labels, verdicts_by_target


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
                "source": source_of(item),
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
            line = source_line(finding["source"])
            if line:
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
