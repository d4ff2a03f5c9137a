"""Group composition on a seeded random population, checked against naive assignments."""

import random

from workshop.research.composition import (
    Group,
    Person,
    _State,
    compose,
    evaluate,
    greedy,
    group_heterogeneity,
)

THEMES = (1, 2, 3)
GROUPS = [Group(10, 1, 10), Group(11, 2, 10), Group(12, 3, 10)]


def population(seed: int, size: int = 30) -> list[Person]:
    """Random profiles and preferences, listed the way a naive list would group them: by service
    and function (as when registrations arrive organisation by organisation)."""
    rng = random.Random(seed)
    people = [Person(i, {"function": rng.choice(["social_worker", "manager", "administrative"]),
                         "hierarchy": rng.choice(["front_line", "middle", "management"]),
                         "service": rng.choice(["ssg", "isp", "other"]),
                         "organisation": f"CPAS {rng.randint(1, 6)}"},
                     rng.sample(THEMES, rng.randint(1, 3)))
              for i in range(size)]
    return sorted(people, key=lambda p: (p.profile["service"], p.profile["function"], p.id))


def in_list_order(people, groups) -> dict:
    """Naive: fill the groups one after the other in list order."""
    return {p.id: groups[i // groups[0].capacity].id for i, p in enumerate(people)}


def test_heterogeneity_is_the_share_of_pairs_that_differ():
    alike = [Person(i, {"function": "a", "hierarchy": "b", "service": "c", "organisation": "d"}, [])
             for i in range(3)]
    assert group_heterogeneity(alike) == 0
    mixed = [Person(i, {"function": f"f{i}", "hierarchy": f"h{i}", "service": f"s{i}",
                        "organisation": f"o{i}"}, []) for i in range(3)]
    assert group_heterogeneity(mixed) == 1
    # two of three share a service: 2 of 3 pairs differ on it, all pairs differ elsewhere
    mixed[1].profile["service"] = "s0"
    assert abs(group_heterogeneity(mixed) - (1 + 1 + 2 / 3 + 1) / 4) < 1e-9


def test_composition_beats_naive_assignments_on_seeded_populations():
    for seed in range(5):
        people = population(seed)
        composed = compose(people, GROUPS, seed=seed)
        naive = evaluate(people, GROUPS, in_list_order(people, GROUPS))
        by_preference = evaluate(people, GROUPS, greedy(people, GROUPS, random.Random(seed)))
        # everybody placed, capacities respected
        assert not composed.unassigned and len(composed.assignment) == 30
        assert all(list(composed.assignment.values()).count(g.id) <= g.capacity for g in GROUPS)
        # more mixed than both naive assignments, every group mixed
        assert composed.overall_heterogeneity > naive.overall_heterogeneity + 0.05
        assert composed.overall_heterogeneity > by_preference.overall_heterogeneity
        assert min(composed.heterogeneity.values()) > 0.6
        # preferences respected far better than the list order, about as well as preference-only
        assert composed.satisfaction > naive.satisfaction + 0.15
        assert composed.satisfaction >= by_preference.satisfaction - 0.1
        assert composed.by_rank["1"] >= 20


def test_same_seed_same_composition_and_capacity_leaves_the_surplus_out():
    people = population(3)
    assert compose(people, GROUPS, seed=4).assignment == compose(people, GROUPS, seed=4).assignment
    small = [Group(10, 1, 8), Group(11, 2, 8), Group(12, 3, 8)]
    result = compose(people, small, seed=1)
    assert len(result.unassigned) == 6 and len(result.assignment) == 24


def test_move_and_swap_deltas_match_the_recomputed_objective():
    people = population(9)
    rng = random.Random(2)
    state = _State(people, GROUPS, greedy(people, GROUPS[:2] + [Group(12, 3, 12)], rng), 1.0)
    for _ in range(50):
        a, b = rng.sample(people, 2)
        if state.assignment[a.id] == state.assignment[b.id]:
            continue
        before = state.score()
        delta = state.swap_delta(a, b)
        ga, gb = state.assignment[a.id], state.assignment[b.id]
        state.remove(a, ga), state.remove(b, gb), state.add(a, gb), state.add(b, ga)
        assert abs(state.score() - before - delta) < 1e-9
    a = people[0]
    target = next(g for g in (10, 11, 12) if g != state.assignment[a.id])
    before = state.score()
    delta = state.move_delta(a, target)
    state.remove(a, state.assignment[a.id])
    state.add(a, target)
    assert abs(state.score() - before - delta) < 1e-9
