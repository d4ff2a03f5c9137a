"""The disclosure policy on its own: k-anonymous profiles, attribution, votes as counts."""

import json
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.synthesis.disclosure import (
    QUASI_IDENTIFIERS,
    K,
    anonymise_profiles,
    described_groups,
    disclose_document,
    large_enough,
    roles,
    vote_counts,
)
from workshop.synthesis.document import load_document

AS_SSG = {"function": "social_worker", "service": "ssg", "hierarchy": "front_line"}


def combinations(profiles: dict) -> Counter:
    return Counter(tuple(sorted(p.items())) for p in profiles.values() if p)


def test_the_threshold_is_three():
    assert K == 3
    assert large_enough([3, 4]) and not large_enough([3, 2])


def test_a_lone_manager_is_not_described_and_the_others_are():
    profiles = {f"as{i}": dict(AS_SSG, organisation="CPAS de Forest") for i in range(4)}
    profiles["chef"] = {"function": "manager", "service": "ssg", "hierarchy": "management",
                        "seniority": "gt5", "organisation": "CPAS de Forest"}
    result = anonymise_profiles(profiles)
    assert result["suppressed"] == ["chef"]
    assert result["profiles"]["chef"] == {}
    assert result["profiles"]["as0"] == {"function": "social_worker", "service": "ssg",
                                         "hierarchy": "front_line"}
    groups, undescribed = described_groups(profiles, "fr")
    assert groups == [("un·e AS du SSG", 4)] and undescribed == 1
    assert roles(profiles)["chef"] is None and roles(profiles)["as1"] == "un·e AS du SSG"


def test_values_are_generalised_when_that_loses_less_than_suppressing():
    seniority = ["lt2", "lt2", "2to5", "2to5", "gt5", "gt5", "gt5"]
    profiles = {f"p{i}": dict(AS_SSG, seniority=s) for i, s in enumerate(seniority)}
    result = anonymise_profiles(profiles)
    assert result["levels"]["seniority"] == 1 and result["suppressed"] == []
    assert Counter(p["seniority"] for p in result["profiles"].values()) == {"lt5": 4, "gt5": 3}
    assert described_groups(profiles, "fr")[0] == [
        ("un·e AS du SSG, moins de 5 ans", 4), ("un·e AS du SSG, plus de 5 ans", 3)]


def test_interchange_spellings_count_as_one_position():
    profiles = {"a": {"service": "SSG", "function": "AS"}, "b": {"service": "ssg", "function": "as"},
                "c": {"service": " ssg ", "function": "social_worker"}}
    assert combinations(anonymise_profiles(profiles)["profiles"]) == {
        (("function", "social_worker"), ("service", "ssg")): 3}


def test_nothing_to_hide_changes_nothing():
    profiles = {f"p{i}": dict(AS_SSG, seniority="gt5", language="fr") for i in range(3)}
    result = anonymise_profiles(profiles)
    assert result["levels"] == dict.fromkeys(QUASI_IDENTIFIERS, 0)
    assert result["profiles"]["p0"] == dict(AS_SSG, seniority="gt5", language="fr")


def test_two_people_are_never_described():
    profiles = {"a": AS_SSG, "b": AS_SSG, "c": None}
    assert anonymise_profiles(profiles)["profiles"] == {"a": {}, "b": {}, "c": {}}
    assert described_groups(profiles, "nl") == ([], 3)


VALUES = {
    "organisation_size": st.sampled_from(["small", "medium", "large", None]),
    "service": st.sampled_from(["ssg", "isp", "other", "SSG", None]),
    "function": st.sampled_from(["social_worker", "manager", "administrative", "other",
                                 "jobcoach", "médiateur", None]),
    "hierarchy": st.sampled_from(["front_line", "middle", "management", None]),
    "seniority": st.sampled_from(["lt2", "2to5", "gt5", "5+", None]),
    "language": st.sampled_from(["fr", "nl", "en", None]),
    "organisation": st.sampled_from(["CPAS d'Ixelles", "OCMW Gent", None]),
}
PROFILE = st.one_of(st.none(), st.fixed_dictionaries({}, optional=VALUES))


@settings(max_examples=150, deadline=None)
@given(st.lists(PROFILE, min_size=0, max_size=14))
def test_every_described_combination_and_role_is_shared_by_three(declared):
    profiles = {f"p{i}": profile for i, profile in enumerate(declared)}
    result = anonymise_profiles(profiles)
    anonymous = result["profiles"]
    assert set(anonymous) == set(profiles)
    assert all(n >= K for n in combinations(anonymous).values())
    assert all("organisation" not in p for p in anonymous.values())
    # generalising the published profiles again finds nothing more to hide
    assert anonymise_profiles(anonymous)["profiles"] == anonymous
    groups, undescribed = described_groups(profiles, "fr")
    assert all(n >= K for _role, n in groups)
    assert sum(n for _role, n in groups) + undescribed == len(profiles)


def session(votes_by_person: dict[str, str], profiles: dict[str, dict | None]) -> dict:
    return {
        "format": "tourdetable.session/1",
        "session": {"title": "Groupe", "method": "mag-classique", "language": "fr"},
        "participants": [{"id": pid, "pseudonym": f"Prénom{pid}", "profile": profile}
                         for pid, profile in profiles.items()],
        "contributions": [
            {"id": "c1", "kind": "interpretation", "author": "m0", "text": "Le temps manque."},
            {"id": "c2", "kind": "proposal", "author": None, "text": "Une intervision.",
             "level": "practice"}],
        "votes": [{"contribution": "c1", "participant": pid, "kind": "agreement", "value": v}
                  for pid, v in votes_by_person.items()]
        + [{"contribution": "c2", "participant": pid, "kind": "priority", "value": 2}
           for pid in list(votes_by_person)[:4]],
    }


def three_and_three():
    profiles = {f"m{i}": {"hierarchy": "management", "organisation": "CPAS de Schaerbeek"}
                for i in range(3)}
    profiles |= {f"f{i}": {"hierarchy": "front_line"} for i in range(3)}
    votes = {f"m{i}": "agree" for i in range(3)} | {f"f{i}": "disagree" for i in range(3)}
    return votes, profiles


def test_votes_leave_as_counts_and_subgroups_of_three():
    votes, profiles = three_and_three()
    doc = load_document(session(votes, profiles))
    rows = vote_counts(doc)
    assert rows[0] == {"contribution": "c1", "contribution_kind": "interpretation",
                       "kind": "agreement", "dimension": None, "group": None, "voters": 6,
                       "agree": 3, "disagree": 3, "abstain": 0}
    by_group = {r["group"]: (r["agree"], r["disagree"]) for r in rows if r["dimension"]}
    assert by_group == {"management": (3, 0), "front_line": (0, 3)}
    assert {"contribution": "c2", "contribution_kind": "proposal", "kind": "priority",
            "dimension": None, "group": None, "voters": 4, "dots": 8} in rows
    assert not any(pid in json.dumps(rows) for pid in profiles)


def test_no_subgroup_row_when_one_subgroup_is_under_three():
    votes, profiles = three_and_three()
    del votes["f2"], profiles["f2"]
    rows = vote_counts(load_document(session(votes, profiles)))
    assert [r["dimension"] for r in rows] == [None, None]


def test_the_document_that_leaves_has_opaque_ids_and_no_pseudonym_nor_organisation():
    votes, profiles = three_and_three()
    data = session(votes, profiles)
    out = disclose_document(data, load_document(data))
    text = json.dumps(out, ensure_ascii=False)
    assert "Prénom" not in text and "Schaerbeek" not in text
    assert [p["id"] for p in out["participants"]] == ["p1", "p2", "p3", "p4", "p5", "p6"]
    assert out["participants"][0] == {"id": "p1", "profile": {"hierarchy": "management"}}
    assert out["contributions"][0]["author"] == "p1" and out["contributions"][1]["author"] is None
    assert out["votes"] == [] and out["vote_counts"] == vote_counts(load_document(data))
    assert out["disclosure"]["k"] == 3
    reloaded = load_document(out)  # still a session document
    assert [p.pseudonym for p in reloaded.participants] == [None] * 6
