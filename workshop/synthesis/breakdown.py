"""Who diverges: positioning votes broken down by declared position.

The MAG asks *who* holds which position, not only how many. Where participants gave
a profile, the votes on an item are split by one profile dimension at a time
(hierarchy, service, function, organisation size, seniority). A dimension is reported
when it *splits the vote*: its subgroups do not all lean the same way, or their shares
of agreement (among those who took a side) differ by at least ``SPLIT_GAP``.

Anonymity rule (the disclosure policy's, ``synthesis.disclosure.may_break_down``): a
breakdown is shown only if EVERY subgroup it names has at least ``K`` people (voters on
that item, abstentions included). Voters who left the dimension blank, or who are not
declared participants, form a "not stated" subgroup; it is subject to the same rule
whenever it is not empty, because with the totals published next to the breakdown its
votes could be worked out by subtraction. Declared values are grouped by their code
("SSG" and "ssg" are one service).
"""

from __future__ import annotations

from collections import Counter

from .disclosure import BREAKDOWN_DIMENSIONS, K, may_break_down, subgroups

DIMENSIONS = BREAKDOWN_DIMENSIONS
SPLIT_GAP = 0.25
NOT_STATED = None  # the value of the "not stated" subgroup


def breakdowns(
    votes: dict[str, str],
    profiles: dict[str, dict | None],
    *,
    dimensions: tuple[str, ...] = DIMENSIONS,
    min_group: int = K,
) -> list[dict]:
    """Breakdowns of one item's agreement votes (participant id → agree/disagree/abstain).

    Returns one dict per dimension that splits the vote and passes the anonymity rule::

        {"dimension": "hierarchy",
         "groups": [{"value": "supervisory", "people": 3, "agree": 3, "disagree": 0,
                     "abstain": 0}, ...]}   # "value": None is the not-stated subgroup
    """
    out = []
    for dimension in dimensions:
        groups = subgroups(votes, profiles, dimension)
        if not may_break_down(groups, min_group):
            continue  # fewer than two declared positions, or a subgroup too small to be named
        stated = [g for g in groups if g is not NOT_STATED]
        if not _splits([groups[g] for g in stated]):
            continue
        ordered = sorted(stated, key=lambda g: str(g))
        if NOT_STATED in groups:
            ordered.append(NOT_STATED)
        out.append({
            "dimension": dimension,
            "groups": [
                {
                    "value": g,
                    "people": sum(groups[g].values()),
                    "agree": groups[g]["agree"],
                    "disagree": groups[g]["disagree"],
                    "abstain": groups[g]["abstain"],
                }
                for g in ordered
            ],
        })
    return out


def _splits(counters: list[Counter]) -> bool:
    shares, leanings = [], set()
    for counter in counters:
        sided = counter["agree"] + counter["disagree"]
        if not sided:
            continue
        share = counter["agree"] / sided
        shares.append(share)
        if share != 0.5:
            leanings.add(share > 0.5)
    if len(shares) < 2:
        return False
    return len(leanings) > 1 or max(shares) - min(shares) >= SPLIT_GAP
