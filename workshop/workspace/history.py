"""The rapporteur's edits as a history to read and undo: what each did, who made it, when."""

from flask_babel import gettext as _
from flask_babel import ngettext

EXCERPT = 60


def _excerpt(text: str) -> str:
    return text if len(text) <= EXCERPT else text[:EXCERPT].rstrip() + "…"


def _position_names() -> dict:
    return {"convergence": _("Convergence"), "divergence": _("Divergence"),
            "minority": _("Position minoritaire"), None: _("Selon le calcul")}


def describe(op: dict, synthesis: dict) -> str:
    """One line in the interface language saying what the edit did, with the items' words."""
    items = synthesis["items"]
    theme_of = {cid: t["label"] for t in synthesis["themes"] for cid in t["contributions"]}
    kind = op["op"]
    if kind == "rename_theme":
        return _("Thème renommé « %(label)s »", label=op["label"])
    if kind == "merge_themes":
        merged = ngettext("%(num)d thèmes fusionnés", "%(num)d thèmes fusionnés", len(op["themes"]))
        return merged + (f" « {op['label']} »" if op.get("label") else "")
    if kind == "split_theme":
        return ngettext("Nouveau thème « %(label)s » avec %(num)d élément",
                        "Nouveau thème « %(label)s » avec %(num)d éléments",
                        len(op["contributions"]), label=op["label"])
    if kind == "move":
        moved = op.get("contributions") or [op["contribution"]]
        first = items.get(moved[0], {})
        where = theme_of.get(moved[0], "—")
        if len(moved) == 1:
            return _("« %(text)s » déplacé vers « %(theme)s »",
                     text=_excerpt(first.get("text", moved[0])), theme=where)
        return ngettext("%(num)d élément déplacé vers « %(theme)s »",
                        "%(num)d éléments déplacés vers « %(theme)s »", len(moved), theme=where)
    if kind == "set_position":
        text = items.get(op["contribution"], {}).get("text", op["contribution"])
        return _("« %(text)s » classé : %(position)s", text=_excerpt(text),
                 position=_position_names()[op.get("position")].lower())
    return _("Formule de la journée modifiée") if op.get("text") else _("Formule retirée")


def history(edits: dict, synthesis: dict, names_of) -> dict:
    """``{"entries": [...], "undone": [...]}``, newest first; ``names_of(ids)`` gives the staff
    accounts' display names. An entry: index, at, who, what, and whether it applies still."""
    operations = edits.get("operations", [])
    undone = edits.get("undone", [])
    names = names_of(({op.get("user") for op in operations + undone}
                      | {op.get("undone_by") for op in undone}) - {None})
    stale = {entry["index"] for entry in synthesis.get("edits", {}).get("not_applied", [])}
    entries = [{"index": i, "at": op.get("at"), "who": names.get(op.get("user")),
                "what": describe(op, synthesis), "applies": i not in stale}
               for i, op in enumerate(operations)]
    gone = [{"at": op.get("undone_at"), "who": names.get(op.get("undone_by")),
             "what": describe(op, synthesis)} for op in undone]
    return {"entries": entries[::-1], "undone": gone[::-1]}
