"""CSV exports of a session's contributions and votes (one row each).

Authors and voters appear by pseudonym and role descriptor, never by name. Hidden
contributions are included with ``hidden`` = true so the export is complete; filter
them if needed.
"""

from __future__ import annotations

import csv
import io

from .labels import role_descriptor

CONTRIBUTION_COLUMNS = ("id", "kind", "phase", "step", "title", "text", "parent", "level",
                        "actor", "theme", "language", "hidden", "score", "created_at",
                        "author", "author_role", "agree", "disagree", "abstain",
                        "priority_dots", "story_votes")
VOTE_COLUMNS = ("contribution", "contribution_kind", "kind", "value", "participant",
                "participant_role")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _write(columns, rows) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return buffer.getvalue()


def contributions_csv(doc, synthesis: dict | None = None) -> str:
    """One row per contribution, with its vote counts and (if given) its theme label."""
    language = doc.session.language
    participants = doc.participant_map()
    labels, owner = {}, {}
    if synthesis:
        for theme in synthesis.get("themes", []):
            labels[theme["id"]] = theme["label"]
            for cid in theme["contributions"]:
                owner[cid] = theme["id"]
    tallies: dict[str, dict] = {}
    for v in doc.votes:
        tally = tallies.setdefault(v.contribution, {"agree": 0, "disagree": 0, "abstain": 0,
                                                     "priority_dots": 0, "story_votes": 0})
        if v.kind == "agreement":
            tally[v.value] += 1
        elif v.kind == "priority":
            tally["priority_dots"] += v.value
        else:
            tally["story_votes"] += 1
    rows = []
    for c in doc.contributions:
        author = participants.get(c.author) if c.author else None
        rows.append({
            "id": c.id, "kind": c.kind, "phase": doc.phase_of(c), "step": c.step,
            "title": c.title, "text": c.text, "parent": c.parent, "level": c.level,
            "actor": c.actor, "theme": c.theme or labels.get(owner.get(c.id)),
            "language": c.language, "hidden": "true" if c.hidden else "false",
            "score": c.score, "created_at": c.created_at,
            "author": author.pseudonym if author else "",
            "author_role": role_descriptor(author.profile, language) if author else "",
            **tallies.get(c.id, {}),
        })
    return _write(CONTRIBUTION_COLUMNS, rows)


def votes_csv(doc) -> str:
    """One row per vote."""
    language = doc.session.language
    participants = doc.participant_map()
    kinds = {c.id: c.kind for c in doc.contributions}
    rows = []
    for v in doc.votes:
        who = participants.get(v.participant)
        rows.append({
            "contribution": v.contribution, "contribution_kind": kinds.get(v.contribution),
            "kind": v.kind, "value": v.value,
            "participant": who.pseudonym if who else v.participant,
            "participant_role": role_descriptor(who.profile if who else None, language),
        })
    return _write(VOTE_COLUMNS, rows)
