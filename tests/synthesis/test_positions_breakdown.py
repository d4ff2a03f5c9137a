from workshop.synthesis.breakdown import breakdowns
from workshop.synthesis.document import load_document
from workshop.synthesis.engine import build_synthesis

from .conftest import positioned


def synth(doc_dict, **kw):
    return build_synthesis(load_document(doc_dict), **kw)


def test_nine_one_one_is_a_minority_with_its_counts():
    pattern = {f"p{i}": "agree" for i in range(9)} | {"p9": "disagree", "p10": "abstain"}
    s = synth(positioned(pattern))
    assert s["convergences"] == [] and s["divergences"] == []
    [item] = s["minorities"]
    assert (item["contribution"], item["agree"], item["disagree"], item["abstain"]) == (
        "c1", 9, 1, 1)
    assert item["direction"] == "agree"


def test_unanimity_is_a_convergence_and_a_split_is_a_divergence():
    s = synth(positioned({f"p{i}": "agree" for i in range(8)}))
    assert [i["contribution"] for i in s["convergences"]] == ["c1"]
    s = synth(positioned({f"p{i}": "agree" if i < 5 else "disagree" for i in range(9)}))
    assert [(i["agree"], i["disagree"]) for i in s["divergences"]] == [(5, 4)]


def test_too_few_votes_goes_under_insufficient():
    s = synth(positioned({"p1": "agree", "p2": "disagree", "p3": "abstain"}))
    assert [i["contribution"] for i in s["insufficient"]] == ["c1"]
    assert s["convergences"] == s["divergences"] == s["minorities"] == []


def test_session_rules_are_used():
    pattern = {f"p{i}": "agree" for i in range(7)} | {"p7": "disagree", "p8": "disagree"}
    doc = positioned(pattern)
    assert synth(doc)["minorities"]
    doc["session"]["settings"] = {"positions": {"minority_max": 1}}
    # 7/2 with minority_max 1: two dissenters are no longer a "minority position"
    assert not synth(doc)["minorities"] and synth(doc)["convergences"]


def _split(managers, front, values_m, values_f, dimension="hierarchy"):
    pattern, profiles = {}, {}
    for i in range(managers):
        pattern[f"m{i}"] = values_m
        profiles[f"m{i}"] = {dimension: "manager"}
    for i in range(front):
        pattern[f"f{i}"] = values_f
        profiles[f"f{i}"] = {dimension: "front-line"}
    return positioned(pattern, profiles)


def test_divergence_breakdown_appears_with_three_and_three():
    s = synth(_split(3, 3, "agree", "disagree"))
    [item] = s["divergences"]
    [bd] = item["breakdown"]
    assert bd["dimension"] == "hierarchy"
    groups = {g["value"]: (g["people"], g["agree"], g["disagree"]) for g in bd["groups"]}
    assert groups == {"supervisory": (3, 3, 0), "front_line": (3, 0, 3)}


def test_divergence_breakdown_disappears_with_three_and_two():
    s = synth(_split(3, 2, "agree", "disagree"))
    [item] = s["divergences"]
    assert item["breakdown"] == []
    assert "supervisory" not in str(item) and "manager" not in str(item)


def test_breakdown_withheld_when_an_unstated_voter_would_be_exposed():
    doc = _split(3, 3, "agree", "disagree")
    doc["participants"].append({"id": "x", "pseudonym": "X"})
    doc["votes"].append({"contribution": "c1", "participant": "x", "kind": "agreement",
                         "value": "disagree"})
    [item] = synth(doc)["divergences"]
    assert item["breakdown"] == []
    # three people who did not state their position form a subgroup that may be shown
    for pid in ("y", "z"):
        doc["votes"].append({"contribution": "c1", "participant": pid, "kind": "agreement",
                             "value": "agree"})
    [item] = synth(doc)["divergences"]
    [bd] = item["breakdown"]
    assert bd["groups"][-1] == {"value": None, "people": 3, "agree": 2, "disagree": 1,
                                "abstain": 0}


def test_abstainers_count_as_people_in_a_subgroup():
    pattern = {"m0": "agree", "m1": "agree", "m2": "abstain",
               "f0": "disagree", "f1": "disagree", "f2": "disagree"}
    profiles = {p: {"hierarchy": "manager" if p[0] == "m" else "front-line"} for p in pattern}
    [item] = synth(positioned(pattern, profiles))["divergences"]
    assert item["breakdown"][0]["groups"][1]["people"] == 3


def test_minority_breakdown_shows_which_position_dissents():
    pattern, profiles = {}, {}
    for i in range(7):
        pattern[f"a{i}"], profiles[f"a{i}"] = "agree", {"service": "SSG"}
    pattern["b0"], profiles["b0"] = "disagree", {"service": "ISP"}
    for i in (1, 2):
        pattern[f"b{i}"], profiles[f"b{i}"] = "agree", {"service": "ISP"}
    [item] = synth(positioned(pattern, profiles))["minorities"]
    [bd] = item["breakdown"]
    assert {g["value"]: g["disagree"] for g in bd["groups"]} == {"isp": 1, "ssg": 0}


def test_dimension_that_does_not_split_the_vote_is_not_reported():
    votes = {f"p{i}": "agree" if i % 2 else "disagree" for i in range(12)}
    profiles = {f"p{i}": {"service": "SSG" if i < 6 else "ISP"} for i in range(12)}
    # each service is split the same way: the service does not explain the divergence
    assert breakdowns(votes, profiles) == []


def test_every_named_subgroup_has_three_people_under_random_profiles():
    import random

    rng = random.Random(7)
    for _ in range(300):
        n = rng.randint(3, 14)
        votes = {f"p{i}": rng.choice(["agree", "disagree", "abstain"]) for i in range(n)}
        profiles = {f"p{i}": ({"hierarchy": rng.choice(["a", "b", "c", None])}
                              if rng.random() > 0.1 else None) for i in range(n)}
        for bd in breakdowns(votes, profiles):
            assert all(g["people"] >= 3 for g in bd["groups"])
            assert sum(g["people"] for g in bd["groups"]) == n
