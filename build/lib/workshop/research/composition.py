"""Compose thematic groups: respect theme preferences, maximise the mix of profiles.

Pure Python (no Flask, no database): ``compose(people, groups, seed=...)``.

The problem
    Each person has a profile (function, hierarchical position, service, organisation) and
    a ranked list of preferred themes; each group works one theme and has a capacity. We look
    for an assignment, within capacities, that both mixes profiles inside each group and
    gives people a theme they asked for.

Scores (both between 0 and 1, higher is better)
    *Heterogeneity* of a group, for one attribute, is the share of pairs of members that
    differ on it (the Gini–Simpson diversity index with the finite-sample correction): 1 when
    everybody differs, 0 when everybody is alike. A group's heterogeneity is the mean over
    the four attributes; the assignment's heterogeneity is the mean over groups weighted by
    their size. Unknown values count as one more category.
    *Preference satisfaction* of a person is 1 for their first choice, 0.6 for the second,
    0.3 for the third and 0 otherwise; the assignment's is the mean over people.

Method: greedy construction, then simulated annealing on swaps and moves
    1. Greedy start: people are taken in random (seeded) order and placed in the group
       with free room whose theme they rank highest (ties: the group their profile
       diversifies most, then the emptiest). This alone maximises preferences roughly.
    2. Local search by simulated annealing (Kirkpatrick, Gelatt & Vecchi 1983), the usual
       method for this kind of assignment (e.g. student team formation): the objective is
       ``heterogeneity + preference_weight × satisfaction``. A neighbour is obtained by
       swapping two people of different groups (sizes unchanged) or moving one person to a
       group with free room. An improving neighbour is always accepted; a worse one with
       probability ``exp(Δ / T)``, with the temperature T decreasing geometrically, which
       lets the search leave local optima early and converge late. Every move is checked
       in O(group size) thanks to per-group value counts; the best assignment seen is kept.
    The weight (default 1.0) makes one person moved from a first to a third choice cost
    about as much as the largest heterogeneity gain such a swap can bring in a group of ten,
    so preferences are kept unless mixing clearly gains. The result is deterministic for a
    given seed.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from dataclasses import dataclass, field

ATTRIBUTES = ("function", "hierarchy", "service", "organisation")
RANK_SCORES = (1.0, 0.6, 0.3)


@dataclass
class Person:
    id: int
    profile: dict  # attribute -> value (None = unknown)
    preferences: list  # theme ids, best first


@dataclass
class Group:
    id: int
    theme_id: int
    capacity: int


@dataclass
class Composition:
    assignment: dict  # person id -> group id (people who do not fit are left out)
    unassigned: list
    heterogeneity: dict  # group id -> score
    overall_heterogeneity: float
    satisfaction: float
    by_rank: dict = field(default_factory=dict)  # "1", "2", "3", "none" -> count


def preference_score(person: Person, group: Group) -> float:
    try:
        rank = person.preferences.index(group.theme_id)
    except ValueError:
        return 0.0
    return RANK_SCORES[rank] if rank < len(RANK_SCORES) else 0.0


def _value(person: Person, attribute: str):
    value = person.profile.get(attribute)
    return (value.strip().casefold() if isinstance(value, str) else value) or None


def pair_diversity(counts: Counter, size: int) -> float:
    """Share of pairs of members that differ, from the counts of each value."""
    if size < 2:
        return 0.0
    pairs = size * (size - 1) / 2
    same = sum(c * (c - 1) / 2 for c in counts.values())
    return (pairs - same) / pairs


def group_heterogeneity(members: list[Person]) -> float:
    if len(members) < 2:
        return 0.0
    return sum(pair_diversity(Counter(_value(p, a) for p in members), len(members))
               for a in ATTRIBUTES) / len(ATTRIBUTES)


def evaluate(people: list[Person], groups: list[Group], assignment: dict) -> Composition:
    """Scores of any assignment (the composed one, a naive one, or one adjusted by hand)."""
    by_group = {g.id: [] for g in groups}
    for person in people:
        if assignment.get(person.id) in by_group:
            by_group[assignment[person.id]].append(person)
    heterogeneity = {gid: round(group_heterogeneity(members), 4) for gid, members in by_group.items()}
    placed = sum(len(m) for m in by_group.values())
    overall = sum(group_heterogeneity(m) * len(m) for m in by_group.values()) / placed if placed else 0.0
    group_of = {g.id: g for g in groups}
    ranks = Counter()
    scores = []
    for person in people:
        group = group_of.get(assignment.get(person.id))
        if group is None:
            continue
        scores.append(preference_score(person, group))
        rank = person.preferences.index(group.theme_id) + 1 if group.theme_id in person.preferences else None
        ranks[str(rank) if rank and rank <= 3 else "none"] += 1
    return Composition(
        assignment={pid: gid for pid, gid in assignment.items() if gid in by_group},
        unassigned=[p.id for p in people if assignment.get(p.id) not in by_group],
        heterogeneity=heterogeneity, overall_heterogeneity=round(overall, 4),
        satisfaction=round(sum(scores) / len(scores), 4) if scores else 0.0,
        by_rank={key: ranks.get(key, 0) for key in ("1", "2", "3", "none")})


class _State:
    """Assignment with per-group value counts, for O(group size) move evaluation."""

    def __init__(self, people, groups, assignment, weight):
        self.people = {p.id: p for p in people}
        self.groups = {g.id: g for g in groups}
        self.weight = weight
        self.total = max(1, len(people))
        self.members = {g.id: set() for g in groups}
        self.counts = {g.id: {a: Counter() for a in ATTRIBUTES} for g in groups}
        self.assignment = {}
        for pid, gid in assignment.items():
            self.add(self.people[pid], gid)

    def add(self, person, gid):
        self.members[gid].add(person.id)
        for a in ATTRIBUTES:
            self.counts[gid][a][_value(person, a)] += 1
        self.assignment[person.id] = gid

    def remove(self, person, gid):
        self.members[gid].discard(person.id)
        for a in ATTRIBUTES:
            self.counts[gid][a][_value(person, a)] -= 1
        del self.assignment[person.id]

    def group_term(self, gid, out=None, into=None) -> float:
        """size × heterogeneity of a group, optionally with one person out and one in."""
        size = len(self.members[gid]) - (out is not None) + (into is not None)
        if size < 2:
            return 0.0
        pairs = size * (size - 1) / 2
        total = 0.0
        for a in ATTRIBUTES:
            counts = self.counts[gid][a]
            same = sum(c * (c - 1) for c in counts.values()) / 2
            if out is not None:
                same -= counts[_value(out, a)] - 1  # one fewer with that value
            if into is not None:
                value = _value(into, a)
                same += counts[value] - (out is not None and _value(out, a) == value)
            total += (pairs - same) / pairs
        return size * total / len(ATTRIBUTES)

    def pref(self, person, gid) -> float:
        return self.weight * preference_score(person, self.groups[gid])

    def score(self) -> float:
        return sum(self.group_term(g) for g in self.groups) / self.total + sum(
            self.pref(self.people[pid], gid) for pid, gid in self.assignment.items()) / self.total

    def swap_delta(self, a, b) -> float:
        ga, gb = self.assignment[a.id], self.assignment[b.id]
        before = self.group_term(ga) + self.group_term(gb)
        after = self.group_term(ga, out=a, into=b) + self.group_term(gb, out=b, into=a)
        prefs = self.pref(a, gb) + self.pref(b, ga) - self.pref(a, ga) - self.pref(b, gb)
        return (after - before + prefs) / self.total

    def move_delta(self, a, target) -> float:
        source = self.assignment[a.id]
        before = self.group_term(source) + self.group_term(target)
        after = self.group_term(source, out=a) + self.group_term(target, into=a)
        return (after - before + self.pref(a, target) - self.pref(a, source)) / self.total


def greedy(people: list[Person], groups: list[Group], rng: random.Random) -> dict:
    """Preferred theme first, among groups with room; ties to the emptiest group."""
    order = list(people)
    rng.shuffle(order)
    room = {g.id: g.capacity for g in groups}
    assignment = {}
    for person in order:
        open_groups = [g for g in groups if room[g.id] > 0]
        if not open_groups:
            break
        best = max(open_groups, key=lambda g: (preference_score(person, g), room[g.id], -g.id))
        assignment[person.id] = best.id
        room[best.id] -= 1
    return assignment


def compose(people: list[Person], groups: list[Group], *, seed: int = 0, iterations: int = 20000,
            preference_weight: float = 1.0, start_temperature: float = 0.02,
            end_temperature: float = 0.00002) -> Composition:
    """Greedy start, then simulated annealing on swaps and moves (see the module docstring)."""
    if not groups:
        return evaluate(people, groups, {})
    rng = random.Random(seed)
    state = _State(people, groups, greedy(people, groups, rng), preference_weight)
    placed = [state.people[pid] for pid in state.assignment]
    if len(placed) < 2:
        return evaluate(people, groups, dict(state.assignment))
    best, best_score = dict(state.assignment), state.score()
    current = best_score
    cooling = (end_temperature / start_temperature) ** (1 / max(1, iterations))
    temperature = start_temperature
    for _ in range(iterations):
        a = rng.choice(placed)
        free = [gid for gid, g in state.groups.items()
                if len(state.members[gid]) < g.capacity and gid != state.assignment[a.id]]
        if free and rng.random() < 0.2:
            target = rng.choice(free)
            delta = state.move_delta(a, target)
            if delta >= 0 or rng.random() < math.exp(delta / temperature):
                state.remove(a, state.assignment[a.id])
                state.add(a, target)
                current += delta
        else:
            b = rng.choice(placed)
            ga, gb = state.assignment[a.id], state.assignment[b.id]
            if ga != gb:
                delta = state.swap_delta(a, b)
                if delta >= 0 or rng.random() < math.exp(delta / temperature):
                    state.remove(a, ga)
                    state.remove(b, gb)
                    state.add(a, gb)
                    state.add(b, ga)
                    current += delta
        if current > best_score + 1e-12:
            best, best_score = dict(state.assignment), current
        temperature *= cooling
    return evaluate(people, groups, best)
