import pytest

from workshop.synthesis.document import DocumentError, load_document
from workshop.synthesis.edits import apply_edits, theme_ref, validate_edits
from workshop.synthesis.engine import build_synthesis

PHONE = [
    "Le téléphone sonne sans arrêt pendant les entretiens avec les usagers.",
    "Les appels téléphoniques des usagers prennent tout notre temps.",
    "On ne peut jamais finir un entretien sans que le téléphone sonne.",
    "Le temps passé au téléphone avec les usagers n'est compté nulle part.",
]
TRAINING = [
    "Les nouveaux AS arrivent sans formation ni parrainage par un référent.",
    "Un référent expérimenté devrait former et parrainer chaque nouvel AS.",
    "La formation des nouveaux collègues repose sur la bonne volonté des anciens.",
]


def session(extra_texts=()):
    texts = PHONE + TRAINING + list(extra_texts)
    return {
        "format": "tourdetable.session/1",
        "session": {"title": "T", "method": "mag-classique", "language": "fr"},
        "participants": [{"id": f"p{i}", "pseudonym": f"P{i}"} for i in range(6)],
        "contributions": [{"id": f"c{i}", "kind": "interpretation", "author": None, "text": t}
                          for i, t in enumerate(texts)],
        "votes": [{"contribution": "c0", "participant": f"p{i}", "kind": "agreement",
                   "value": "agree" if i else "disagree"} for i in range(6)],
    }


def theme_of(synthesis, cid):
    return next(t for t in synthesis["themes"] if cid in t["contributions"])


@pytest.fixture
def draft():
    return build_synthesis(load_document(session()), themes=2)


def test_draft_separates_phone_from_training(draft):
    assert set(theme_of(draft, "c0")["contributions"]) == {"c0", "c1", "c2", "c3"}


def test_rename_merge_split_move_and_formula(draft):
    phone, training = theme_of(draft, "c0"), theme_of(draft, "c4")
    edits = {"format": "tourdetable.edits/1", "operations": [
        {"op": "rename_theme", "theme": theme_ref(phone), "label": "Le temps invisible"},
        {"op": "split_theme", "contributions": ["c3"], "label": "Compter le temps"},
        {"op": "move", "contribution": "c6", "to": theme_ref(phone)},
        {"op": "formula", "text": "Le temps existe, personne ne le compte."},
    ]}
    out = apply_edits(draft, edits)
    assert out["edits"]["not_applied"] == []
    assert theme_of(out, "c0")["label"] == "Le temps invisible"
    assert set(theme_of(out, "c0")["contributions"]) == {"c0", "c1", "c2", "c6"}
    assert theme_of(out, "c3")["label"] == "Compter le temps"
    assert theme_of(out, "c3")["contributions"] == ["c3"]
    assert out["formula"] == "Le temps existe, personne ne le compte."
    assert out["items"]["c6"]["theme"] == theme_of(out, "c0")["id"]
    # every contribution is still in exactly one theme
    members = [c for t in out["themes"] for c in t["contributions"]]
    assert sorted(members) == sorted(draft["items"])
    merged = apply_edits(draft, {"operations": [
        {"op": "merge_themes", "themes": [theme_ref(phone), theme_ref(training)],
         "label": "Tout"}]})
    assert len(merged["themes"]) == 1 and merged["themes"][0]["label"] == "Tout"
    assert draft["themes"][0]["label"] != "Tout"  # the draft itself is untouched


def test_position_override_and_unmark(draft):
    assert [m["contribution"] for m in draft["minorities"]] == ["c0"]
    out = apply_edits(draft, {"operations": [
        {"op": "set_position", "contribution": "c0", "position": "divergence"}]})
    assert out["minorities"] == []
    [item] = out["divergences"]
    assert item["override"] and item["computed"] == "minority" and item["agree"] == 5
    back = apply_edits(draft, {"operations": [
        {"op": "set_position", "contribution": "c0", "position": "divergence"},
        {"op": "set_position", "contribution": "c0", "position": None}]})
    assert [m["contribution"] for m in back["minorities"]] == ["c0"]
    assert back["minorities"][0]["override"] is False


def test_edits_survive_regeneration_after_late_votes_and_contributions(draft):
    phone = theme_of(draft, "c0")
    edits = {"format": "tourdetable.edits/1", "operations": [
        {"op": "rename_theme", "theme": theme_ref(phone), "label": "Le temps invisible"},
        {"op": "set_position", "contribution": "c0", "position": "divergence"},
        {"op": "move", "contribution": "c6", "to": theme_ref(phone)},
        {"op": "move", "contribution": "c9", "to": theme_ref(phone)},
    ]}
    data = session(["Le téléphone des usagers sonne encore pendant la réunion d'équipe.",
                    "Parrainer les nouveaux par un référent demande du temps de formation.",
                    "Les usagers rappellent dix fois : le téléphone mange nos journées."])
    data["votes"] += [{"contribution": "c8", "participant": f"p{i}", "kind": "agreement",
                       "value": "agree"} for i in range(6)]
    data["contributions"][6]["hidden"] = True  # moderated away after the edit was made
    data["synthesis_edits"] = edits
    regenerated = build_synthesis(load_document(data), themes=2)
    report = regenerated["edits"]
    assert [a["op"] for a in report["applied"]] == ["rename_theme", "set_position", "move"]
    assert [(n["index"], n["op"]) for n in report["not_applied"]] == [(2, "move")]
    assert "c9" in theme_of(regenerated, "c0")["contributions"]
    assert theme_of(regenerated, "c0")["label"] == "Le temps invisible"
    assert "c7" in theme_of(regenerated, "c0")["contributions"]  # the late phone text
    assert regenerated["divergences"][0]["contribution"] == "c0"
    assert [c["contribution"] for c in regenerated["convergences"]] == ["c8"]


def test_edits_that_no_longer_make_sense_are_reported(draft):
    phone = theme_of(draft, "c0")
    edits = {"operations": [
        {"op": "rename_theme", "theme": {"members": ["gone1", "gone2"]}, "label": "X"},
        {"op": "move", "contribution": "c99", "to": theme_ref(phone)},
        {"op": "set_position", "contribution": "c99", "position": "minority"},
        {"op": "merge_themes", "themes": [theme_ref(phone), theme_ref(phone)]},
    ]}
    out = apply_edits(draft, edits)
    assert out["edits"]["applied"] == []
    assert [n["index"] for n in out["edits"]["not_applied"]] == [0, 1, 2, 3]
    assert "c99" in out["edits"]["not_applied"][1]["reason"]
    assert out["themes"] == draft["themes"]


def test_reference_to_a_theme_split_by_regeneration_is_not_guessed(draft):
    ref = {"members": ["c0", "c4"]}  # one phone text, one training text
    out = apply_edits(draft, {"operations": [
        {"op": "rename_theme", "theme": ref, "label": "Mélange"}]})
    assert out["edits"]["not_applied"][0]["reason"].startswith("the theme's contributions")


@pytest.mark.parametrize(
    ("edits", "path"),
    [
        ({"operations": [{"op": "paint"}]}, "synthesis_edits.operations[0].op"),
        ({"operations": [{"op": "rename_theme", "theme": {"members": []}, "label": "x"}]},
         "synthesis_edits.operations[0].theme.members"),
        ({"operations": [{"op": "set_position", "contribution": "c1", "position": "maybe"}]},
         "synthesis_edits.operations[0].position"),
        ({"format": "other"}, "synthesis_edits.format"),
    ],
)
def test_malformed_edits_name_the_field(edits, path):
    with pytest.raises(DocumentError) as info:
        validate_edits(edits)
    assert info.value.path == path
    data = session()
    data["synthesis_edits"] = edits
    with pytest.raises(DocumentError):
        load_document(data)
