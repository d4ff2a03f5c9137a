"""Project reports: evaluation answers aggregated per day, per group and for the project, and a
profile table (of the people who attended, or of the registrants) that never identifies a person.

Profile table (statistical disclosure control, the usual rules for frequency tables):
1. rows, then columns, whose total is below the threshold ``k`` are merged into one
   "merged" row (column);
2. primary suppression: every cell with 1 to k-1 people is hidden;
3. secondary suppression: a row or column with exactly one hidden cell would let the
   reader recompute it from the total, so its smallest visible cell is hidden too,
   repeated until no row or column has a single hidden cell;
4. a total below k (possible for the merged row or column) is hidden as well.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.extensions import db
from ..sessions.models import Contribution
from ..sessions.profiles import PROFILE_CHOICES
from ..synthesis.disclosure import K

THRESHOLD = K  # the disclosure policy's: fewer people in a cell, a mean or a total: not shown
MERGED = "__merged__"
DIMENSIONS = {"service": _l("Service"), "function": _l("Fonction"), "hierarchy": _l("Position hiérarchique"),
              "seniority": _l("Ancienneté"), "organisation_size": _l("Taille de l'organisation"),
              "language": _l("Langue")}


# --- profile table --------------------------------------------------------------------------------

def profile_table(records: list[dict], row: str, column: str, k: int = THRESHOLD) -> dict:
    """{rows, columns, cells: {(r, c): int | None}, row_totals, column_totals, total}.

    ``None`` marks a hidden value. Row and column keys are the profile codes, plus MERGED."""
    counts: dict = {}
    for record in records:
        key = (record.get(row) or MERGED, record.get(column) or MERGED)
        counts[key] = counts.get(key, 0) + 1

    def merge(axis: int) -> None:
        totals: dict = {}
        for key, n in counts.items():
            totals[key[axis]] = totals.get(key[axis], 0) + n
        small = {value for value, n in totals.items() if n < k}
        for key in [key for key in counts if key[axis] in small]:
            n = counts.pop(key)
            merged = (MERGED, key[1]) if axis == 0 else (key[0], MERGED)
            counts[merged] = counts.get(merged, 0) + n

    merge(0)
    merge(1)
    rows = _ordered({key[0] for key in counts}, row)
    columns = _ordered({key[1] for key in counts}, column)
    cells = {(r, c): counts.get((r, c), 0) for r in rows for c in columns}
    hidden = {key for key, n in cells.items() if 0 < n < k}
    changed = True
    while changed:
        changed = False
        for line in [[(r, c) for c in columns] for r in rows] + [[(r, c) for r in rows] for c in columns]:
            if sum(key in hidden for key in line) == 1:
                visible = [key for key in line if key not in hidden]
                if visible:
                    hidden.add(min(visible, key=lambda key: (cells[key], str(key))))
                    changed = True
    row_totals = {r: sum(cells[(r, c)] for c in columns) for r in rows}
    column_totals = {c: sum(cells[(r, c)] for r in rows) for c in columns}
    return {"rows": rows, "columns": columns,
            "cells": {key: (None if key in hidden else n) for key, n in cells.items()},
            "row_totals": {r: (n if n >= k else None) for r, n in row_totals.items()},
            "column_totals": {c: (n if n >= k else None) for c, n in column_totals.items()},
            "total": len(records) if len(records) >= k else None}


def _ordered(values: set, dimension: str) -> list:
    order = [code for code, _label in PROFILE_CHOICES.get(dimension, [])]
    return sorted(values, key=lambda v: (v == MERGED, order.index(v) if v in order else len(order), str(v)))


def label(dimension: str, value: str) -> str:
    if value == MERGED:
        return _("Autres (regroupés)")
    return str(dict(PROFILE_CHOICES.get(dimension, [])).get(value, value))


# --- evaluation -----------------------------------------------------------------------------------

def evaluation_summary(answers: list[Contribution], questions, k: int = THRESHOLD) -> list[dict]:
    """Per scaled question: number of answers and mean, the mean hidden under k answers."""
    out = []
    for question in questions:
        if not question.scale:
            continue
        scores = [a.score for a in answers if a.title == question.key and a.score is not None]
        out.append({"key": question.key, "label": question.label, "count": len(scores),
                    "mean": round(sum(scores) / len(scores), 2) if len(scores) >= k else None})
    comments = sum(1 for a in answers if a.score is None and (a.text or "").strip())
    return out + [{"key": "comments", "label": _("Commentaires libres"), "count": comments,
                   "mean": None}]


def evaluation_answers(session_ids: list[int], attendees: set[int] | None = None) -> list[Contribution]:
    """The evaluation answers of these sessions, only from ``attendees`` (participant ids) when
    given: someone marked absent does not speak for the day."""
    if not session_ids:
        return []
    answers = db.session.scalars(db.select(Contribution).filter(
        Contribution.session_id.in_(session_ids), Contribution.kind == "evaluation",
        Contribution.hidden.is_(False)))
    return [a for a in answers if attendees is None or a.participant_id in attendees]
