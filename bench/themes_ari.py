"""Theme grouping accuracy on the hand-labelled corpora (French and Dutch).

Run: .venv/bin/python bench/themes_ari.py [--corpus tests/data/theme_corpus_fr.json] [--show]

Prints, for each corpus, the adjusted Rand index (sklearn.metrics.adjusted_rand_score) of
the automatic grouping against the themes the texts were written for, with the number of
themes chosen automatically and with it fixed to the true count; ``--show`` lists the
themes found (true count) with their labels and the true themes of their members.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

from workshop.synthesis.themes import Item, group

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
CORPORA = [DATA / "theme_corpus_fr.json", DATA / "theme_corpus_nl.json"]


def load_corpus(path: Path) -> tuple[list[Item], list[str]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    language = data.get("language", "fr")
    items = [Item(id=f"x{i}", text=t["text"], language=language)
             for i, t in enumerate(data["texts"])]
    return items, [t["theme"] for t in data["texts"]]


def ari(items: list[Item], truth: list[str], k: int | None) -> tuple[float, int]:
    themes = group(items, k=k)
    found = {}
    for n, theme in enumerate(themes):
        for cid in theme.contributions:
            found[cid] = n
    predicted = [found[it.id] for it in items]
    return adjusted_rand_score(truth, predicted), len(themes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append",
                        help="a corpus file (default: the French and the Dutch corpus)")
    parser.add_argument("--show", action="store_true", help="print the themes found (K true)")
    args = parser.parse_args()
    for path in args.corpus or CORPORA:
        report(path, args.show)


def report(path: Path, show: bool) -> None:
    items, truth = load_corpus(path)
    true_k = len(set(truth))
    group(items[:2])  # warm-up: load the language pipeline outside the timings
    print(f"{path.name}: {len(items)} texts, {true_k} themes")
    for label, k in (("K automatic", None), (f"K = {true_k} (true count)", true_k)):
        start = time.perf_counter()
        score, found = ari(items, truth, k)
        elapsed = time.perf_counter() - start
        print(f"{label:<24} themes found: {found:>2}   ARI = {score:.3f}   ({elapsed:.2f} s)")
    if show:
        for theme in group(items, k=true_k):
            members = Counter(truth[int(c[1:])] for c in theme.contributions)
            print(f"- {theme.label} ({len(theme.contributions)}): "
                  + ", ".join(f"{t} {n}" for t, n in members.most_common()))


if __name__ == "__main__":
    main()
