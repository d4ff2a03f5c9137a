"""Theme grouping accuracy on the hand-labelled French corpus.

Run: .venv/bin/python bench/themes_ari.py [--corpus tests/data/theme_corpus_fr.json]

Prints the adjusted Rand index (sklearn.metrics.adjusted_rand_score) of the automatic
grouping against the labels the texts were written for, with the number of themes
chosen automatically and with it fixed to the true count.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from sklearn.metrics import adjusted_rand_score

from workshop.synthesis.themes import Item, group

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "data" / "theme_corpus_fr.json"


def load_corpus(path: Path = DEFAULT) -> tuple[list[Item], list[str]]:
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
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--show", action="store_true", help="print the themes found (K true)")
    args = parser.parse_args()
    items, truth = load_corpus(args.corpus)
    true_k = len(set(truth))
    print(f"corpus: {len(items)} texts, {true_k} themes")
    for label, k in (("K automatic", None), (f"K = {true_k} (true count)", true_k)):
        start = time.perf_counter()
        score, found = ari(items, truth, k)
        elapsed = time.perf_counter() - start
        print(f"{label:<24} themes found: {found:>2}   ARI = {score:.3f}   ({elapsed:.2f} s)")
    if args.show:
        for theme in group(items, k=true_k):
            members = [truth[int(c[1:])] for c in theme.contributions]
            print(f"- {theme.label}: {members}")


if __name__ == "__main__":
    main()
