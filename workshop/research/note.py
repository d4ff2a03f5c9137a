"""The forum note: the team's transversal synthesis as a document (Markdown, DOCX, print).

What leaves goes through the disclosure policy: the source items come from the reviewed session
documents (pseudonyms and personal data already out, positions as counts); the team's own texts
(axis titles and statements) and the quotes (passages of the reviewed texts, which a rapporteur
may have kept with a name in) are searched for personal data and the project's names before any
export, and an export is refused while one is found. A quote is set in guillemets with its
group and session, never with who said it."""

from flask_babel import gettext as _

from ..synthesis.exports.blocks import blocks_to_docx, blocks_to_markdown
from ..synthesis.personal_data import find_personal_data
from .personal_data import project_names
from .synthesis import class_labels

EXCERPT = 240


def kind_labels() -> dict:
    return {"finding": _("Constat"), "vision": _("Vision"), "proposal": _("Proposition"),
            "story": _("Récit"), "good_practice": _("Bonne pratique"), "diagnosis": _("Diagnostic"),
            "perspective": _("Perspective")}


def personal_data_in(project, note: dict) -> list[dict]:
    """The team's texts and the quotes that hold what looks like personal data:
    [{"text", "excerpts"}]."""
    names = sorted(project_names(project.id))
    found = []
    for axis in note["axes"]:
        quotes = (q["text"] for s in axis["statements"] for q in s.get("quotes", []))
        for text in (axis["title"], *(s["text"] for s in axis["statements"]), *quotes):
            spots = find_personal_data(text, "fr", known_names=names)
            if spots:
                found.append({"text": text, "excerpts": [spot.excerpt for spot in spots]})
    return found


def _where(source: dict) -> str:
    return f"{source['group']} — {source['session']}" + (f", {source['date']}" if source.get("date") else "")


def quote_line(quote: dict) -> str:
    """« the passage » (Récit, Groupe A — Jour 1, 2026-03-02)."""
    source = quote["source"]
    return f"« {quote['text']} » ({kind_labels().get(source['kind'], source['kind'])}, {_where(source)})"


def source_line(source: dict) -> str:
    labels, kinds = class_labels(), kind_labels()
    where = _where(source)
    text = source["text"] if len(source["text"]) <= EXCERPT else source["text"][:EXCERPT].rstrip() + "…"
    if source.get("title"):
        text = f"{source['title']} : {text}"
    line = f"{kinds.get(source['kind'], source['kind'])} ({where}) : « {text} »"
    if source["kind"] in ("finding", "vision") and source.get("class"):
        line += " " + _("[%(class)s : %(agree)d d'accord, %(disagree)d pas d'accord, %(abstain)d sans avis]",
                        **{"class": labels[source["class"]]}, agree=source["agree"],
                        disagree=source["disagree"], abstain=source["abstain"])
    return line


def blocks(note: dict, version=None) -> list[tuple]:
    out = [("title", _("Note pour le forum : %(title)s", title=note["project"]["title"]))]
    if version is not None:
        out.append(("para", _("Version %(number)d « %(name)s », enregistrée le %(date)s par %(who)s.",
                              number=version.number, name=version.name,
                              date=version.created_at.strftime("%Y-%m-%d %H:%M"),
                              who=version.created_by.display_name)))
    if note["project"].get("description"):
        out.append(("para", note["project"]["description"]))
    out.extend(("para", line) for line in note.get("notes", []))  # e.g. a forum's validation
    number = 0
    for kind, heading in (("diagnosis", _("Diagnostic")), ("perspective", _("Perspectives"))):
        axes = [axis for axis in note["axes"] if axis["kind"] == kind]
        if not axes:
            continue
        out.append(("h1", heading))
        for axis in axes:
            number += 1
            out.append(("h2", _("Axe %(number)d : %(label)s", number=number, label=axis["title"])))
            out.extend(("para", note) for note in axis.get("notes", []))
            for statement in axis["statements"]:
                text = statement["text"]
                withdrawn = statement.get("withdrawn")
                out.append(("para", _("[Retiré] %(text)s", text=text) if withdrawn else text))
                out.extend(("bullet", note) for note in statement.get("notes", []))
                out.extend(("bullet", source_line(source)) for source in statement["sources"])
                out.extend(("quote", quote_line(quote)) for quote in statement.get("quotes", []))
    return out


def render_markdown(note: dict, version=None) -> str:
    return blocks_to_markdown(blocks(note, version))


def render_docx(note: dict, version=None) -> bytes:
    return blocks_to_docx(blocks(note, version))
