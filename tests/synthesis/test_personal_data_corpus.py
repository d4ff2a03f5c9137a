"""The detector on the labelled FR/NL corpus (tests/data/personal_data_corpus.json).

Scored as bench/personal_data.py prints it: a planted datum is found when a spot overlaps
it; a spot overlapping no planted datum is a false positive.
"""

import importlib.util
from pathlib import Path

import pytest

from workshop.synthesis.personal_data import KINDS

BENCH = Path(__file__).resolve().parents[2] / "bench" / "personal_data.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("personal_data_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def sentences(bench):
    return bench.load()


def test_the_corpus_covers_both_languages_every_kind_and_clean_sentences(sentences):
    assert len(sentences) >= 150
    assert sum(s["language"] == "nl" for s in sentences) >= 50
    planted = {span["kind"] for s in sentences for span in s["spans"]}
    assert planted == set(KINDS)
    for language in ("fr", "nl"):
        assert sum(not s["spans"] for s in sentences if s["language"] == language) >= 25


def test_recall_and_precision_targets(bench, sentences):
    tallies, errors = bench.score(sentences)
    missed = [f"{item['kind']} {item['excerpt']!r} in {text!r}" for what, item, text in errors
              if what == "missed"]
    for key in ("all", "fr", "nl"):
        assert tallies[key].recall >= 0.95, (key, missed)
        assert tallies[key].precision >= 0.8, key


def test_every_kind_is_found_in_most_of_its_planted_data(bench, sentences):
    tallies, _ = bench.score(sentences)
    for kind in KINDS:
        assert tallies[f"kind:{kind}"].recall >= 0.9, kind
