"""Cross-group synthesis of a research project: the forum's material.

For every group, the syntheses of its sessions (with the rapporteur's edits and personal data
redacted as decided in each session's review) give findings, visions, stories and proposals
(``project_items``: the pool the team's own synthesis, ``research.transversal``, links to); the
findings and proposals are grouped here. An item carried
into a later session (``Contribution.source_id``) is represented by its latest version only.
All items of all groups are then grouped into transversal axes with the same text grouping as
a session's themes (``synthesis.themes.group``); every item keeps its source: group and session
by name and stable id (``uid``, never a row id: the file leaves the installation), the
contribution, and the title of the session's chosen story.

Across groups, an axis is:
- ``shared`` when findings of two or more groups converge in it and none diverges;
- ``contested`` when findings in it divide a group (divergence or minority), or converge
  in one group while they divide another;
- ``single`` when only one group contributed findings to it (or only proposals).
"""

from flask_babel import gettext as _
from flask_babel import ngettext

from ..core.errors import ActionError
from ..core.extensions import db
from ..sessions.models import Contribution
from ..synthesis.exports.blocks import blocks_to_docx, blocks_to_markdown
from ..synthesis.themes import Item, group
from ..workspace.build import build
from ..workspace.redaction import Undecided, redacted_document

FORMAT = "tourdetable.project-synthesis/1"
CLASS_FOR = {"convergences": "convergence", "divergences": "divergence", "minorities": "minority",
             "insufficient": "insufficient"}


def _session_items(group_, session) -> tuple[list[dict], list[str]]:
    """Findings, visions, stories, good practices and proposals of one session, each with its source. Raises
    while personal data in the session has not been reviewed."""
    try:
        data, _records = redacted_document(session)
    except Undecided:
        raise ActionError(_("La séance « %(title)s » a des passages à relire (données personnelles) : "
                            "relisez-les dans sa synthèse avant la synthèse du projet.",
                            title=session.title), 409) from None
    synthesis, _doc = build(session, data)
    classes = {entry["contribution"]: (CLASS_FOR[key], entry)
               for key in CLASS_FOR for entry in synthesis.get(key, [])}
    chosen = synthesis.get("chosen_story")
    story = (chosen.get("title") or chosen["text"][:120]) if chosen else None
    source = {"group": group_.name, "group_uid": group_.uid, "theme": group_.theme.title,
              "session": session.title, "session_uid": session.uid,
              "date": session.scheduled_for.isoformat() if session.scheduled_for else None,
              "story": story}
    items = []
    for cid in synthesis.get("findings", []):
        item = synthesis["items"].get(cid)
        if item is None:
            continue
        items.append({"id": f"{session.uid}-{cid}", "contribution": cid, "kind": "finding",
                      "text": item["text"], **_positions(classes, cid), "language": session.language,
                      **source})
    for vision in synthesis.get("visions", []):
        items.append({"id": f"{session.uid}-{vision['contribution']}", "contribution": vision["contribution"],
                      "kind": "vision", "text": vision["text"], **_positions(classes, vision["contribution"]),
                      "language": session.language, **source})
    for story in synthesis.get("stories", []):
        items.append({"id": f"{session.uid}-{story['contribution']}", "contribution": story["contribution"],
                      "kind": "story", "title": story.get("title"), "text": story["text"],
                      "language": session.language, **source})
    for practice in synthesis.get("good_practices", []):
        items.append({"id": f"{session.uid}-{practice['contribution']}",
                      "contribution": practice["contribution"], "kind": "good_practice",
                      "text": practice["text"], "language": session.language, **source})
    for proposal in synthesis.get("proposals", {}).get("ranked", []):
        items.append({"id": f"{session.uid}-{proposal['contribution']}",
                      "contribution": proposal["contribution"], "kind": "proposal",
                      "text": proposal["text"], "level": proposal.get("level"),
                      "actor": proposal.get("actor"), "dots": proposal.get("dots", 0),
                      "rank": proposal.get("rank"), "language": session.language, **source})
    return items, [f"c{cid}" for cid in db.session.scalars(
        db.select(Contribution.source_id).filter(Contribution.session_id == session.id,
                                                 Contribution.source_id.is_not(None)))]


def _positions(classes: dict, cid: str) -> dict:
    cls, counts = classes.get(cid, ("insufficient", {}))
    return {"class": cls, "agree": counts.get("agree", 0), "disagree": counts.get("disagree", 0),
            "abstain": counts.get("abstain", 0)}


def project_items(project, latest_only: bool = True) -> list[dict]:
    """Every item of every group and session; with ``latest_only``, an item carried into a later
    session is represented there only (its latest version), else both versions are kept (a
    statement may cite what a group said on day 1 as well as on day 2)."""
    items, superseded = [], set()
    for group_ in project.groups:
        for session in group_.sessions:
            found, carried = _session_items(group_, session)
            items.extend(found)
            superseded.update(carried)
    return [item for item in items if not latest_only or item["contribution"] not in superseded]


def project_synthesis(project, axes: int | None = None) -> dict:
    items = [item for item in project_items(project) if item["kind"] in ("finding", "proposal")]
    by_id = {item["id"]: item for item in items}
    themes = group([Item(item["id"], item["text"], item["language"]) for item in items], k=axes) \
        if items else []
    out_axes = []
    for theme in themes:
        members = [by_id[cid] for cid in theme.contributions]
        findings = [m for m in members if m["kind"] == "finding"]
        converging = {m["group_uid"] for m in findings if m["class"] == "convergence"}
        dividing = {m["group_uid"] for m in findings if m["class"] in ("divergence", "minority")}
        groups = {m["group_uid"] for m in findings}
        status = ("contested" if dividing else "shared" if len(converging) >= 2 else "single")
        out_axes.append({
            "id": theme.id, "label": theme.label, "keywords": theme.keywords, "status": status,
            "groups": sorted({m["group"] for m in members}),
            "converging_groups": sorted({m["group"] for m in findings if m["group_uid"] in converging}),
            "dividing_groups": sorted({m["group"] for m in findings if m["group_uid"] in dividing}),
            "finding_groups": len(groups),
            "findings": findings,
            "proposals": sorted((m for m in members if m["kind"] == "proposal"),
                                key=lambda m: (-m["dots"], m["group"])),
        })
    order = {"shared": 0, "contested": 1, "single": 2}
    out_axes.sort(key=lambda a: (order[a["status"]], -len(a["groups"]), a["label"]))
    return {"format": FORMAT, "project": {"title": project.title, "description": project.description,
                                          "groups": [g.name for g in project.groups]},
            "counts": {"findings": sum(i["kind"] == "finding" for i in items),
                       "proposals": sum(i["kind"] == "proposal" for i in items),
                       "groups": len({i["group_uid"] for i in items})},
            "axes": out_axes}


# --- rendering -----------------------------------------------------------------------------------

def class_labels() -> dict:
    return {"shared": _("Convergence entre groupes"), "contested": _("Divergence entre groupes"),
            "single": _("Un seul groupe"), "convergence": _("Convergence"),
            "divergence": _("Divergence"), "minority": _("Position minoritaire"),
            "insufficient": _("Trop peu de positions"), "practice": _("Pratique"),
            "organisation": _("Organisationnel"), "policy": _("Politique")}


def _source(item) -> str:
    return f"{item['group']} — {item['session']}" + (f", {item['date']}" if item.get("date") else "")


def _finding_line(item, labels) -> str:
    return _("%(text)s [%(class)s : %(agree)d d'accord, %(disagree)d pas d'accord, %(abstain)d sans avis] "
             "(%(source)s)", text=item["text"], **{"class": labels[item["class"]]}, agree=item["agree"],
             disagree=item["disagree"], abstain=item["abstain"], source=_source(item))


def _proposal_line(item, labels) -> str:
    details = [labels.get(item.get("level"), "")] if item.get("level") else []
    if item.get("actor"):
        details.append(_("qui agit : %(actor)s", actor=item["actor"]))
    details.append(_("%(dots)d points", dots=item["dots"]))
    return f"{item['text']} [{' ; '.join(details)}] ({_source(item)})"


def counts_line(counts: dict) -> str:
    """"1 groupe, 4 constats, 2 propositions." (singular and plural in every language)."""
    return ", ".join((ngettext("%(num)d groupe", "%(num)d groupes", counts["groups"]),
                      ngettext("%(num)d constat", "%(num)d constats", counts["findings"]),
                      ngettext("%(num)d proposition", "%(num)d propositions", counts["proposals"]))) + "."


def blocks(synthesis: dict) -> list[tuple]:
    labels = class_labels()
    out = [("title", _("Synthèse transversale : %(title)s", title=synthesis["project"]["title"])),
           ("para", counts_line(synthesis["counts"]))]
    for number, axis in enumerate(synthesis["axes"], start=1):
        out.append(("h1", _("Axe %(number)d : %(label)s", number=number, label=axis["label"])))
        out.append(("para", f"{labels[axis['status']]} — " + ", ".join(axis["groups"])))
        if axis["findings"]:
            out.append(("h2", _("Constats")))
            out.extend(("bullet", _finding_line(item, labels)) for item in axis["findings"])
        if axis["proposals"]:
            out.append(("h2", _("Propositions")))
            out.extend(("bullet", _proposal_line(item, labels)) for item in axis["proposals"])
    return out


def render_markdown(synthesis: dict) -> str:
    return blocks_to_markdown(blocks(synthesis))


def render_docx(synthesis: dict) -> bytes:
    return blocks_to_docx(blocks(synthesis))
