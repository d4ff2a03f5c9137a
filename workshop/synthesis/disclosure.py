"""The disclosure policy: what may leave the room, for every output (DESIGN §4, issue #12).

Participants are professionals bound by secrecy; the join form promises that a profile is
never shown for fewer than three people. Every export (Markdown, DOCX, print, JSON, CSV,
votes CSV, the project and forum reports) asks this module what it may say about people.
It is pure Python: rules below, data (normalisation and generalisation ladders) beside them.

Rules:

1. **Threshold.** ``K = 3`` people: the one number every rule uses.
2. **Profiles are k-anonymous.** Over the quasi-identifiers (organisation size, service,
   function, hierarchy, seniority, language), declared values are generalised along the
   ladders of ``GENERALISATION`` (e.g. "less than 2 years" and "2 to 5 years" become "less
   than 5 years"), or suppressed, until every combination that appears is shared by at least
   ``K`` people. A person with nothing stated (or whose profile had to be suppressed) is
   described by nothing and counts in no group. The search is exhaustive over the
   full-domain generalisations (one level per attribute for everybody, at most a few
   hundred candidates) with the remaining outliers' profiles suppressed; the candidate that
   loses least information wins (a cell generalised by one level of two loses half its
   weight, a suppressed cell all of it; service and hierarchy weigh most, ``WEIGHTS``),
   ties going to fewer suppressed profiles. Samarati & Sweeney's
   k-anonymity, with the exhaustive search that small groups allow.
3. **The organisation's name never leaves**, nor the pseudonym: participants get opaque ids
   (p1, p2…).
4. **Attribution.** A contribution is attributed to a role ("un·e AS du SSG") only when at
   least ``K`` participants share that role once profiles are generalised; otherwise it is
   unattributed.
5. **Votes leave as counts**: per item, and per item and subgroup of a declared position
   only when every subgroup of that dimension (the "not stated" one included) has at least
   ``K`` people. No row links one person to their positions.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from .exports.labels import role_descriptor
from .profile_codes import normalise

POLICY = "tourdetable.disclosure/1"
K = 3
QUASI_IDENTIFIERS = ("organisation_size", "service", "function", "hierarchy", "seniority",
                     "language")
NEVER_DISCLOSED = ("organisation",)  # free text: a centre's name, with a function, is a person
BREAKDOWN_DIMENSIONS = ("hierarchy", "service", "function", "organisation_size", "seniority")

# --- data ---------------------------------------------------------------------------------

# Each attribute's ladder: level 0 is the code itself, level i (1…) maps a code through the
# i-th dict ("*": any code not listed), and the level after the last is suppression (None).
GENERALISATION: dict[str, list[dict[str, str | None]]] = {
    "seniority": [{"lt2": "lt5", "2to5": "lt5", "gt5": "gt5", "lt5": "lt5", "*": None}],
    "organisation_size": [{"small": "small_medium", "medium": "small_medium", "large": "large",
                           "small_medium": "small_medium", "*": None}],
    "hierarchy": [{"front_line": "front_line", "middle": "supervisory",
                   "management": "supervisory", "supervisory": "supervisory", "*": None}],
    "function": [{"social_worker": "social_work", "jobcoach": "social_work",
                  "social_work": "social_work", "manager": "supervisory",
                  "coordinator": "supervisory", "supervisory": "supervisory", "*": "other"}],
    "service": [],
    "language": [],
}


# --- rules --------------------------------------------------------------------------------

def large_enough(sizes: Iterable[int], k: int = K) -> bool:
    """Whether every group of these sizes may be named (each has at least ``k`` people)."""
    return all(size >= k for size in sizes)


def generalise(attribute: str, code: str | None, level: int) -> str | None:
    """``code`` taken ``level`` steps up its attribute's ladder (None past the top)."""
    ladder = GENERALISATION.get(attribute, [])
    if code is None or level > len(ladder):
        return None
    for step in ladder[:level]:
        code = step.get(code, step.get("*")) if code is not None else None
    return code


# What a position says about the group's mix, for the MAG: losing it costs more.
WEIGHTS = {"service": 3, "hierarchy": 3, "function": 2, "seniority": 1, "organisation_size": 1,
           "language": 1}


def _loss(attribute: str, level: int) -> float:
    return WEIGHTS[attribute] * level / (len(GENERALISATION.get(attribute, [])) + 1)


def anonymise_profiles(profiles: Mapping[str, Mapping | None], k: int = K) -> dict:
    """Generalise and suppress declared profiles until every combination is shared by ``k``.

    ``profiles`` maps a participant id to a declared profile (or None). Returns
    ``{"profiles": {id: {attribute: code} (only what may be said, possibly empty)},
    "levels": {attribute: level used}, "suppressed": [ids whose profile was withheld]}``.
    """
    ids = list(profiles)
    codes = {pid: tuple(normalise(a, (profiles[pid] or {}).get(a)) for a in QUASI_IDENTIFIERS)
             for pid in ids}
    distinct = Counter(codes.values())
    ranges = [range(len(GENERALISATION.get(a, [])) + 2) for a in QUASI_IDENTIFIERS]
    best = None
    for levels in itertools.product(*ranges):
        rows = {row: tuple(generalise(a, code, level) for a, code, level
                           in zip(QUASI_IDENTIFIERS, row, levels, strict=True))
                for row in distinct}
        classes: Counter = Counter()
        for row, people in distinct.items():
            classes[rows[row]] += people
        outliers = {row for row in distinct if any(rows[row]) and classes[rows[row]] < k}
        loss = 0.0
        for row, people in distinct.items():
            for i, code in enumerate(row):
                if code is not None:
                    attribute = QUASI_IDENTIFIERS[i]
                    loss += people * (WEIGHTS[attribute] if row in outliers
                                      else _loss(attribute, levels[i]))
        rank = (round(loss, 9), sum(distinct[row] for row in outliers), sum(levels), levels)
        if best is None or rank < best[0]:
            best = (rank, levels, rows, outliers)
    _rank, levels, rows, outliers = best
    out = {pid: ({} if codes[pid] in outliers else
                 {a: v for a, v in zip(QUASI_IDENTIFIERS, rows[codes[pid]], strict=True)
                  if v is not None})
           for pid in ids}
    return {"profiles": out, "levels": dict(zip(QUASI_IDENTIFIERS, levels, strict=True)),
            "suppressed": [pid for pid in ids if codes[pid] in outliers]}


def opaque_ids(ids: Iterable[str]) -> dict[str, str]:
    """Participant id → p1, p2… in the given order (never the pseudonym nor the stored id)."""
    return {pid: f"p{i}" for i, pid in enumerate(ids, start=1)}


def roles(profiles: Mapping[str, Mapping | None], language: str | None = "fr",
          k: int = K) -> dict[str, str | None]:
    """Participant id → the role they may be attributed to, or None (unattributed).

    The role is the descriptor of the k-anonymous profile, kept only when ``k`` participants
    or more share it; a participant with nothing to say about is unattributed."""
    anonymous = anonymise_profiles(profiles, k)["profiles"]
    described = {pid: role_descriptor(profile, language) for pid, profile in anonymous.items()
                 if profile}
    sizes = Counter(described.values())
    return {pid: (described[pid] if pid in described and sizes[described[pid]] >= k else None)
            for pid in profiles}


def described_groups(profiles: Mapping[str, Mapping | None], language: str | None = "fr",
                     k: int = K) -> tuple[list[tuple[str, int]], int]:
    """The participants as the report may describe them: ``([(role, people)], undescribed)``,
    roles shared by ``k`` people or more, largest first; the others only counted."""
    attributed = roles(profiles, language, k)
    sizes = Counter(role for role in attributed.values() if role)
    groups = sorted(sizes.items(), key=lambda pair: (-pair[1], pair[0]))
    return groups, sum(1 for role in attributed.values() if role is None)


def subgroups(votes: Mapping[str, str], profiles: Mapping[str, Mapping | None],
              dimension: str) -> dict:
    """One item's votes (participant id → value) by the declared position on ``dimension``:
    ``{code or None (not stated): Counter of values}``."""
    groups: dict = defaultdict(Counter)
    for participant, value in votes.items():
        groups[normalise(dimension, (profiles.get(participant) or {}).get(dimension))][value] += 1
    return groups


def may_break_down(groups: Mapping, k: int = K) -> bool:
    """A breakdown is shown when at least two declared positions are compared and every
    subgroup it names has ``k`` people or more, the "not stated" one included (with the totals
    published beside it, its votes could otherwise be worked out by subtraction)."""
    stated = [g for g in groups if g is not None]
    return len(stated) >= 2 and large_enough((sum(c.values()) for c in groups.values()), k)


def vote_counts(doc, k: int = K) -> list[dict]:
    """Votes as counts: one row per item and kind of vote, then one per item and subgroup of
    each dimension where every subgroup has ``k`` people. ``doc`` is a SessionDocument."""
    kinds = {c.id: c.kind for c in doc.contributions}
    profiles = {p.id: p.profile for p in doc.participants}
    by_item: dict = defaultdict(dict)
    for v in doc.votes:
        by_item[(v.contribution, v.kind)][v.participant] = v.value
    order = {c.id: i for i, c in enumerate(doc.contributions)}
    rows = []
    for (cid, kind), votes in sorted(by_item.items(), key=lambda pair: (order.get(pair[0][0], 0),
                                                                        pair[0][1])):
        base = {"contribution": cid, "contribution_kind": kinds.get(cid), "kind": kind}
        rows.append({**base, "dimension": None, "group": None, **_tally(kind, votes.values())})
        if kind != "agreement":
            continue
        for dimension in BREAKDOWN_DIMENSIONS:
            groups = subgroups(votes, profiles, dimension)
            if not may_break_down(groups, k):
                continue
            for value in sorted(groups, key=lambda g: (g is None, str(g))):
                counter = groups[value]
                rows.append({**base, "dimension": dimension, "group": value,
                             **_tally(kind, counter.elements())})
    return rows


def _tally(kind: str, values: Iterable) -> dict:
    values = list(values)
    out = {"voters": len(values)}
    if kind == "agreement":
        counts = Counter(values)
        out.update({key: counts[key] for key in ("agree", "disagree", "abstain")})
    elif kind == "priority":
        out["dots"] = sum(int(value) for value in values)
    return out


def disclose_document(data: dict, doc, k: int = K) -> dict:
    """The session document that may leave the room, from ``data`` (its reviewed interchange
    dict) and ``doc`` (the same, loaded): opaque participant ids, k-anonymous profiles,
    no organisation, no pseudonym, votes as counts (``vote_counts``), and a ``disclosure``
    record of what was done."""
    people = [p["id"] for p in data["participants"]]
    ids = opaque_ids(people)
    anonymous = anonymise_profiles({p.id: p.profile for p in doc.participants}, k)
    out = {key: value for key, value in data.items() if key not in ("participants", "votes")}
    out["participants"] = []
    for p in data["participants"]:
        entry = {"id": ids[p["id"]]}
        profile = anonymous["profiles"].get(p["id"])
        if profile:
            entry["profile"] = dict(profile)
        out["participants"].append(entry)
    out["contributions"] = []
    for c in data["contributions"]:
        c = dict(c)
        if c.get("author") is not None:
            c["author"] = ids.get(c["author"])
        out["contributions"].append(c)
    if out.get("synthesis_edits"):  # what was edited leaves; which staff account did it stays
        out["synthesis_edits"] = dict(
            {key: value for key, value in out["synthesis_edits"].items() if key != "undone"},
            operations=[{key: value for key, value in op.items() if key != "user"}
                        for op in out["synthesis_edits"].get("operations", [])])
    out["votes"] = []
    out["vote_counts"] = vote_counts(doc, k)
    out["disclosure"] = {"policy": POLICY, "k": k, "generalisation": anonymous["levels"],
                         "suppressed_profiles": len(anonymous["suppressed"]),
                         "withheld": ["pseudonym", *NEVER_DISCLOSED, "votes by person"]}
    return out
