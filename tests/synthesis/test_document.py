import copy
import json

import pytest

from workshop.synthesis.document import (
    DocumentError,
    dump_document,
    load_document,
)


def test_minimal_document_is_accepted_with_undeclared_voter(minimal):
    doc = load_document(minimal)
    assert doc.session.title == "Essai"
    assert [v.participant for v in doc.votes] == ["p2"]


def test_round_trip_is_lossless_on_a_full_session(sample):
    original = copy.deepcopy(sample)
    doc = load_document(sample)
    dumped = dump_document(doc)
    assert dumped == original
    assert json.loads(json.dumps(dumped)) == original
    assert load_document(dumped) == doc


def test_round_trip_keeps_explicit_nulls_defaults_and_unknown_keys(minimal):
    minimal["contributions"][0].update({"level": None, "hidden": False, "x_source": "tablet"})
    minimal["session"]["chosen_story"] = None
    minimal["notes"] = [{"step": None, "text": "Pause"}]
    minimal["x_exporter"] = {"version": 2}
    assert dump_document(load_document(copy.deepcopy(minimal))) == minimal


def test_document_built_by_code_omits_absent_optional_fields(minimal):
    doc = load_document(minimal)
    out = dump_document(doc)
    assert "title" not in out["contributions"][0]
    assert "steps" not in out and "notes" not in out


@pytest.mark.parametrize(
    ("mutate", "path", "message"),
    [
        (lambda d: d.update(format="tourdetable.session/9"), "format", "unsupported format"),
        (lambda d: d.pop("format"), "format", "missing"),
        (lambda d: d["session"].update(method="atelier"), "session.method", "unknown method"),
        (lambda d: d["session"].update(date="12/03/2024"), "session.date", "YYYY-MM-DD"),
        (lambda d: d["contributions"][0].update(kind="foo"), "contributions[0].kind",
         "unknown kind 'foo'"),
        (lambda d: d["contributions"][0].pop("text"), "contributions[0].text", "missing"),
        (lambda d: d["contributions"][0].update(author="p9"), "contributions[0].author",
         "unknown participant"),
        (lambda d: d["contributions"][0].update(level="national"), "contributions[0].level",
         "unknown level"),
        (lambda d: d["contributions"][0].update(score=7), "contributions[0].score", "1 to 5"),
        (lambda d: d["votes"][0].update(contribution="c9"), "votes[0].contribution",
         "unknown contribution"),
        (lambda d: d["votes"][0].update(kind="like"), "votes[0].kind", "unknown vote kind"),
        (lambda d: d["votes"][0].update(value="yes"), "votes[0].value", "bad agreement value"),
        (lambda d: d["votes"].append(dict(d["votes"][0])), "votes[1]", "duplicate"),
        (lambda d: d["votes"].append({"contribution": "c1", "participant": "p1",
                                      "kind": "priority", "value": 0}),
         "votes[1].value", "positive integer"),
        (lambda d: d["votes"].append({"contribution": "c1", "participant": "p1",
                                      "kind": "story_choice", "value": 2}),
         "votes[1].value", "expected 1"),
        (lambda d: d["participants"].append({"id": "p1", "pseudonym": "X"}),
         "participants[1].id", "duplicate"),
        (lambda d: d.update(contributions="c1"), "contributions", "expected a list"),
        (lambda d: d["session"].update(chosen_story="nope"), "session.chosen_story",
         "unknown contribution"),
        (lambda d: d["session"].update(chosen_stories=["c1", "nope"]), "session.chosen_stories[1]",
         "unknown contribution"),
    ],
)
def test_faults_name_the_field(minimal, mutate, path, message):
    mutate(minimal)
    with pytest.raises(DocumentError) as info:
        load_document(minimal)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)
    assert info.value.path == path


def test_same_participant_may_cast_different_vote_kinds(minimal):
    minimal["contributions"].append({"id": "c2", "kind": "proposal", "author": None,
                                     "text": "Former l'accueil."})
    minimal["votes"] += [
        {"contribution": "c2", "participant": "p2", "kind": "priority", "value": 3},
        {"contribution": "c1", "participant": "p3", "kind": "agreement", "value": "abstain"},
    ]
    assert len(load_document(minimal).votes) == 3


def test_phase_from_steps_or_kind(sample):
    doc = load_document(sample)
    by_id = doc.contribution_map()
    assert doc.phase_of(by_id["s1"]) == 1
    assert doc.phase_of(by_id["i1"]) == 2
    assert doc.phase_of(by_id["pr1"]) == 3
