"""The rapporteur's edits to the automatic synthesis, kept apart from it.

The automatic draft is rebuilt from the data whenever asked (late votes, a late
contribution); the edits are stored on their own (``synthesis_edits`` in the session
document) and replayed on every new draft by :func:`apply_edits`. Format::

    {"format": "tourdetable.edits/1",
     "operations": [
       {"op": "rename_theme", "theme": REF, "label": "Le temps invisible"},
       {"op": "merge_themes", "themes": [REF, REF, ...], "label": "..."},      # label optional
       {"op": "split_theme", "contributions": ["c4", "c9"], "label": "..."},   # new theme
       {"op": "move", "contribution": "c7", "to": REF},
       {"op": "move", "contributions": ["c7", "c8"], "to": REF},            # several at once
       {"op": "set_position", "contribution": "c12",
        "position": "convergence" | "divergence" | "minority" | null},          # null: unmark
       {"op": "formula", "text": "On a commencé par la fin."}                  # null: remove
     ]}

Every operation may also say who made it and when: ``"by"`` (the staff role: "rapporteur",
or "facilitator" for a reclassification at the console, which the report names), ``"user"``
(a staff account id, kept in the room) and ``"at"`` (ISO time, UTC).

Operations apply in order. A theme is referred to by content, not by position or
name: ``REF = {"members": [ids]}``, the contribution ids the theme held when the
rapporteur made the edit (:func:`theme_ref` builds it). On a new draft, REF designates
the theme that now holds the most of those ids, provided it holds at least half of
the ones that still exist; otherwise the edit no longer makes sense and is reported,
not guessed. A theme's ``id`` (a hash of its members) changes when its members change;
REF does not need it.

:func:`apply_edits` returns a new synthesis whose ``edits`` key reports
``{"applied": [{"index", "op"}], "not_applied": [{"index", "op", "reason"}]}``.
"""

from __future__ import annotations

import copy
from collections import Counter

from .errors import DocumentError
from .positions import CONVERGENCE, DIVERGENCE, MINORITY
from .themes import theme_id

EDITS_FORMAT = "tourdetable.edits/1"
OPS = ("rename_theme", "merge_themes", "split_theme", "move", "set_position", "formula")
POSITION_KEYS = {CONVERGENCE: "convergences", DIVERGENCE: "divergences", MINORITY: "minorities"}
ALL_POSITION_KEYS = ("convergences", "divergences", "minorities", "insufficient")


def empty_edits() -> dict:
    return {"format": EDITS_FORMAT, "operations": []}


def theme_ref(theme: dict) -> dict:
    """The reference to store in an edit for ``theme`` (a theme dict of a synthesis)."""
    return {"members": sorted(theme["contributions"])}


def validate_edits(edits, path: str = "synthesis_edits") -> None:
    """Raise DocumentError naming the faulty field if ``edits`` is not well formed."""
    if not isinstance(edits, dict):
        raise DocumentError(path, "expected an object")
    if edits.get("format", EDITS_FORMAT) != EDITS_FORMAT:
        raise DocumentError(f"{path}.format", f"unsupported format {edits.get('format')!r}")
    operations = edits.get("operations", [])
    if not isinstance(operations, list):
        raise DocumentError(f"{path}.operations", "expected a list")
    for i, op in enumerate(operations):
        where = f"{path}.operations[{i}]"
        if not isinstance(op, dict):
            raise DocumentError(where, "expected an object")
        kind = op.get("op")
        if kind not in OPS:
            raise DocumentError(f"{where}.op", f"unknown operation {kind!r}")
        if kind == "rename_theme":
            _ref(op.get("theme"), f"{where}.theme")
            _text(op, "label", where)
        elif kind == "merge_themes":
            refs = op.get("themes")
            if not isinstance(refs, list) or len(refs) < 2:
                raise DocumentError(f"{where}.themes", "expected a list of at least two themes")
            for j, ref in enumerate(refs):
                _ref(ref, f"{where}.themes[{j}]")
            if op.get("label") is not None:
                _text(op, "label", where)
        elif kind == "split_theme":
            _ids(op.get("contributions"), f"{where}.contributions")
            _text(op, "label", where)
        elif kind == "move":
            if "contributions" in op:
                _ids(op["contributions"], f"{where}.contributions")
            else:
                _text(op, "contribution", where)
            _ref(op.get("to"), f"{where}.to")
        elif kind == "set_position":
            _text(op, "contribution", where)
            if op.get("position") not in (*POSITION_KEYS, None):
                raise DocumentError(f"{where}.position",
                                    f"unknown position {op.get('position')!r}")
        elif kind == "formula":
            if op.get("text") is not None and not isinstance(op.get("text"), str):
                raise DocumentError(f"{where}.text", "expected a string or null")


def _text(op: dict, key: str, where: str) -> None:
    value = op.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DocumentError(f"{where}.{key}", "expected a non-empty string")


def _ids(value, where: str) -> None:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise DocumentError(where, "expected a non-empty list of contribution ids")


def _ref(value, where: str) -> None:
    if not isinstance(value, dict):
        raise DocumentError(where, 'expected a theme reference {"members": [ids]}')
    _ids(value.get("members"), f"{where}.members")


# --- applying -----------------------------------------------------------------------


class _NotApplied(Exception):
    pass


def apply_edits(synthesis: dict, edits: dict | None) -> dict:
    """A copy of ``synthesis`` with ``edits`` replayed, and a report of what applied."""
    out = copy.deepcopy(synthesis)
    report = {"applied": [], "not_applied": []}
    out["edits"] = report
    if not edits:
        return out
    validate_edits(edits)
    for index, op in enumerate(edits.get("operations", [])):
        handler = _HANDLERS[op["op"]]
        try:
            note = handler(out, op)
        except _NotApplied as exc:
            report["not_applied"].append({"index": index, "op": op["op"], "reason": str(exc)})
        else:
            entry = {"index": index, "op": op["op"]}
            if note:
                entry["note"] = note
            report["applied"].append(entry)
    _refresh_themes(out)
    return out


def _resolve(themes: list[dict], ref: dict) -> dict:
    existing = {cid for theme in themes for cid in theme["contributions"]}
    wanted = [cid for cid in dict.fromkeys(ref["members"]) if cid in existing]
    if not wanted:
        raise _NotApplied("none of the theme's contributions is in the synthesis any more")
    counts = Counter()
    owner = {cid: i for i, theme in enumerate(themes) for cid in theme["contributions"]}
    for cid in wanted:
        counts[owner[cid]] += 1
    (best, held), *rest = counts.most_common()
    if rest and rest[0][1] == held:
        raise _NotApplied("the theme's contributions are now split evenly between themes")
    if held * 2 < len(wanted):
        raise _NotApplied("the theme's contributions are now spread over several themes")
    return themes[best]


def _rename(out: dict, op: dict):
    theme = _resolve(out["themes"], op["theme"])
    theme["label"] = op["label"].strip()
    theme["source"] = "edited"


def _merge(out: dict, op: dict):
    targets = []
    for ref in op["themes"]:
        theme = _resolve(out["themes"], ref)
        if all(theme is not t for t in targets):
            targets.append(theme)
    if len(targets) < 2:
        raise _NotApplied("the themes to merge are already one theme")
    first = targets[0]
    for other in targets[1:]:
        first["contributions"].extend(other["contributions"])
        first["keywords"] = list(dict.fromkeys(first["keywords"] + other["keywords"]))
        out["themes"] = [t for t in out["themes"] if t is not other]
    if op.get("label"):
        first["label"] = op["label"].strip()
    first["source"] = "edited"


def _split(out: dict, op: dict):
    owner = {cid: theme for theme in out["themes"] for cid in theme["contributions"]}
    moving = [cid for cid in dict.fromkeys(op["contributions"]) if cid in owner]
    if not moving:
        raise _NotApplied("none of the listed contributions is in a theme any more")
    for cid in moving:
        owner[cid]["contributions"].remove(cid)
    out["themes"].append({"id": theme_id(moving), "label": op["label"].strip(), "keywords": [],
                          "contributions": moving, "source": "edited", "central": moving[0]})
    missing = len(set(op["contributions"])) - len(moving)
    return f"{missing} listed contribution(s) no longer exist" if missing else None


def _move(out: dict, op: dict):
    moving = op.get("contributions") or [op["contribution"]]
    owner = {cid: t for t in out["themes"] for cid in t["contributions"]}
    present = [cid for cid in dict.fromkeys(moving) if cid in owner]
    if not present:
        raise _NotApplied(f"contribution {moving[0]!r} is not in any theme" if len(moving) == 1
                          else "none of the contributions is in a theme any more")
    target = _resolve(out["themes"], op["to"])
    present = [cid for cid in present if owner[cid] is not target]
    if not present:
        return "already there"
    for cid in present:
        owner[cid]["contributions"].remove(cid)
        owner[cid]["source"] = "edited"
        target["contributions"].append(cid)
    target["source"] = "edited"


def _set_position(out: dict, op: dict):
    cid = op["contribution"]
    found = None
    for key in ALL_POSITION_KEYS:
        for item in out.get(key, []):
            if item["contribution"] == cid:
                found = (key, item)
    if found is None:
        raise _NotApplied(f"contribution {cid!r} was not positioned")
    key, item = found
    computed = item.get("computed", item["class"])
    wanted = op.get("position") or computed
    out[key] = [i for i in out[key] if i is not item]
    item["class"] = wanted
    if wanted == computed:
        item.pop("computed", None)
        item["override"] = False
    else:
        item["computed"] = computed
        item["override"] = True
        item["override_by"] = op.get("by", "rapporteur")
    target = POSITION_KEYS.get(wanted, "insufficient")
    out.setdefault(target, []).append(item)


def _formula(out: dict, op: dict):
    text = op.get("text")
    out["formula"] = text.strip() if isinstance(text, str) and text.strip() else None


_HANDLERS = {
    "rename_theme": _rename,
    "merge_themes": _merge,
    "split_theme": _split,
    "move": _move,
    "set_position": _set_position,
    "formula": _formula,
}


def _refresh_themes(out: dict) -> None:
    """Drop emptied themes, recompute ids from members, re-point items at their theme."""
    themes = [t for t in out.get("themes", []) if t["contributions"]]
    for theme in themes:
        theme["id"] = theme_id(theme["contributions"])
        if theme.get("central") not in theme["contributions"]:
            theme["central"] = theme["contributions"][0]
    out["themes"] = themes
    owner = {cid: t["id"] for t in themes for cid in t["contributions"]}
    for cid, item in out.get("items", {}).items():
        if "theme" in item:
            item["theme"] = owner.get(cid)
    for key in ALL_POSITION_KEYS + ("visions",):
        for item in out.get(key, []):
            if "theme" in item:
                item["theme"] = owner.get(item["contribution"])
    for item in out.get("proposals", {}).get("ranked", []):
        item["theme"] = owner.get(item["contribution"])
    for items in out.get("proposals", {}).get("by_level", {}).values():
        for item in items:
            item["theme"] = owner.get(item["contribution"])
