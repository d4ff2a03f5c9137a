"""CSV exports of a session's contributions (one row each) and of its votes, as counts.

What they say about people is the disclosure policy's (``synthesis.disclosure``): an author
appears by opaque id (p1, p2…, the same as in the JSON export) and by role only when three
participants or more share it; votes are counted per item, and per item and subgroup of a
declared position only where every subgroup has three people. Hidden contributions are
included with ``hidden`` = true so the export is complete; filter them if needed.
"""

from __future__ import annotations

import csv
import io

from ..disclosure import opaque_ids, roles, vote_counts

CONTRIBUTION_COLUMNS = ("id", "kind", "phase", "step", "title", "text", "parent", "level",
                        "actor", "theme", "language", "hidden", "score", "created_at",
                        "author", "author_role", "agree", "disagree", "abstain",
                        "priority_dots", "story_votes")
VOTE_COLUMNS = ("contribution", "contribution_kind", "kind", "dimension", "group", "voters",
                "agree", "disagree", "abstain", "dots")


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


def contributions_csv(doc, synthesis: dict | None = None, language: str | None = None) -> str:
    """One row per contribution, with its vote counts and (if given) its theme label; roles in
    ``language`` (the reader's; by default the session's)."""
    language = language or doc.session.language
    ids = opaque_ids(p.id for p in doc.participants)
    attributed = roles({p.id: p.profile for p in doc.participants}, language)
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
        rows.append({
            "id": c.id, "kind": c.kind, "phase": doc.phase_of(c), "step": c.step,
            "title": c.title, "text": c.text, "parent": c.parent, "level": c.level,
            "actor": c.actor, "theme": c.theme or labels.get(owner.get(c.id)),
            "language": c.language, "hidden": "true" if c.hidden else "false",
            "score": c.score, "created_at": c.created_at,
            "author": ids.get(c.author, ""),
            "author_role": attributed.get(c.author) or "",
            **tallies.get(c.id, {}),
        })
    return _write(CONTRIBUTION_COLUMNS, rows)


def votes_csv(doc) -> str:
    """Votes as counts (``disclosure.vote_counts``): one row per item and kind of vote, then
    one per item and subgroup where the policy allows a breakdown."""
    return _write(VOTE_COLUMNS, vote_counts(doc))
