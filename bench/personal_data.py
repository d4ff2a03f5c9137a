"""Recall and precision of the personal-data detector on the labelled FR/NL corpus.

Run: .venv/bin/python bench/personal_data.py [--corpus tests/data/personal_data_corpus.json]
     [--split dev|holdout] [--show]

A planted datum counts as found when a spot overlaps it; a spot that overlaps no planted
datum is a false positive. Figures are given overall, per language and per kind (recall
by the planted kind, precision by the kind the detector gave). tests/synthesis/
test_personal_data_corpus.py asserts the targets with the same scoring.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from workshop.synthesis.personal_data import find_personal_data

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "data" / "personal_data_corpus.json"


def load(path: Path = DEFAULT) -> list[dict]:
    """The sentences, each planted span given its offsets (excerpts are found in order)."""
    sentences = json.loads(Path(path).read_text(encoding="utf-8"))["sentences"]
    for sentence in sentences:
        cursor = {}
        for span in sentence["spans"]:
            start = sentence["text"].index(span["excerpt"], cursor.get(span["excerpt"], 0))
            span["start"], span["end"] = start, start + len(span["excerpt"])
            cursor[span["excerpt"]] = span["end"]
    return sentences


class Tally:
    """Counts of planted data found / missed and of spots right / wrong."""

    def __init__(self):
        self.planted = self.found = self.spots = self.false = 0

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 1.0

    @property
    def precision(self) -> float:
        return (self.spots - self.false) / self.spots if self.spots else 1.0


def _overlaps(a, b) -> bool:
    return a.start < b["end"] and b["start"] < a.end


def score(sentences: list[dict]) -> tuple[dict[str, Tally], list[tuple[str, dict, str]]]:
    """Tallies keyed "all", "fr", "nl", "kind:<kind>", and the errors (what, item, text)."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    errors = []
    for sentence in sentences:
        spots = find_personal_data(sentence["text"], sentence["language"],
                                   known_names=sentence.get("known_names", ()))
        for span in sentence["spans"]:
            found = any(_overlaps(spot, span) for spot in spots)
            for key in ("all", sentence["language"], f"kind:{span['kind']}"):
                tallies[key].planted += 1
                tallies[key].found += found
            if not found:
                errors.append(("missed", span, sentence["text"]))
        for spot in spots:
            false = not any(_overlaps(spot, span) for span in sentence["spans"])
            for key in ("all", sentence["language"], f"kind:{spot.kind}"):
                tallies[key].spots += 1
                tallies[key].false += false
            if false:
                errors.append(("false positive", {"excerpt": spot.excerpt, "kind": spot.kind},
                               sentence["text"]))
    return tallies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--split", help="only this part of the corpus (dev, holdout-1, holdout-2)")
    parser.add_argument("--show", action="store_true", help="list the misses and false positives")
    args = parser.parse_args()
    sentences = [s for s in load(args.corpus) if args.split in (None, s["split"])]
    languages = defaultdict(int)
    for s in sentences:
        languages[s["language"]] += 1
    counts = ", ".join(f"{n} {language}" for language, n in sorted(languages.items()))
    print(f"corpus: {len(sentences)} sentences ({counts}),"
          f" {sum(not s['spans'] for s in sentences)} without personal data")
    tallies, errors = score(sentences)
    print(f"{'':<18}{'planted':>8}{'found':>7}{'recall':>8}{'spots':>7}{'false':>7}{'precision':>10}")
    keys = ["all", *sorted(k for k in tallies if ":" not in k and k != "all"),
            *sorted(k for k in tallies if k.startswith("kind:"))]
    for key in keys:
        t = tallies[key]
        print(f"{key.removeprefix('kind:'):<18}{t.planted:>8}{t.found:>7}{t.recall:>8.3f}"
              f"{t.spots:>7}{t.false:>7}{t.precision:>10.3f}")
    if args.show:
        for what, item, text in errors:
            print(f"{what}: {item['kind']} {item['excerpt']!r} in {text!r}")


if __name__ == "__main__":
    main()
