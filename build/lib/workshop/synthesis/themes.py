"""Automatic grouping of short texts into themes with readable labels.

Pipeline: tokenise, lemmatise with simplemma in each text's language (fr, nl, en),
drop stop words (lists from the ``stop-words`` package, lemmatised too) and very short
tokens; weight with two scikit-learn ``TfidfVectorizer``s, one on whole lemmas and one
on character 4-5-grams inside lemmas (so "appel"/"appeler" or "informatique"/
"informatisation" still meet: short texts share few whole words), each L2-normalised
and side by side; then agglomerative clustering (average linkage on cosine distance,
the algorithm of scikit-learn's ``AgglomerativeClustering``, with the tree built once).
The number of themes is the one with the best cosine silhouette over a sensible range
(2 to about 1.5·√n, at most 12), unless the caller fixes it; above 2,000 texts the silhouette
is scored on a sample drawn with a fixed seed (the whole-project synthesis stays fast). Nothing
is left to chance, so the same input gives the same themes.

Expect modest accuracy: on the hand-labelled corpus in ``tests/data`` the adjusted
Rand index is low (see docs/synthesis.md). Word overlap is a weak signal for one-line
texts written in a person's own words; the rapporteur's theme tags (used as given)
and synthesis edits (rename, merge, split, move) are the remedy, by design.

A theme's label is its three most characteristic lemmas (highest mean TF-IDF weight in
the theme), written with the surface word that the texts use most for each lemma, e.g.
"téléphone · temps · accueil".
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
import simplemma
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize
from stop_words import get_stop_words

LABEL_WORDS = 3
SAME_THEME = 0.3  # two texts whose lemma vectors are this close share a theme
SILHOUETTE_SAMPLE = 2000  # above this many texts the silhouette is scored on a fixed sample
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)


@dataclass
class Item:
    """A text to group: its contribution id, text and language (fr, nl or en)."""

    id: str
    text: str
    language: str = "fr"


@dataclass
class Theme:
    id: str
    label: str
    keywords: list[str]
    contributions: list[str]
    source: str = "automatic"  # or "tag" when built from the rapporteur's theme tags
    central: str | None = None  # the member closest to the theme's centre

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "label": self.label,
            "keywords": list(self.keywords),
            "contributions": list(self.contributions),
            "source": self.source,
            "central": self.central,
        }


def theme_id(member_ids) -> str:
    """A theme's id: a short hash of its sorted member ids (same members, same id)."""
    digest = hashlib.sha1("\x1f".join(sorted(member_ids)).encode("utf-8")).hexdigest()
    return "t-" + digest[:10]


@lru_cache(maxsize=8)
def stop_words(language: str) -> frozenset[str]:
    """Stop words of ``language`` from the stop-words package, plus their lemmas."""
    try:
        words = get_stop_words(language)
    except Exception:  # unknown language: no stop words rather than a crash
        words = []
    out = set()
    for word in words:
        word = word.lower()
        out.add(word)
        out.add(_lemma(word, language))
    return frozenset(out)


@lru_cache(maxsize=65536)
def _lemma(token: str, language: str) -> str:
    try:
        return simplemma.lemmatize(token, lang=language).lower()
    except Exception:  # a language simplemma does not know
        return token


def analyse(text: str, language: str = "fr") -> list[tuple[str, str]]:
    """(lemma, surface) pairs of the content words of ``text``."""
    stops = stop_words(language)
    out = []
    for match in _TOKEN.finditer(text):
        surface = _ELISION.sub("", match.group(0)).lower()
        if len(surface) < 3 or surface in stops:
            continue
        lemma = _lemma(surface, language)
        if len(lemma) < 3 or lemma in stops:
            continue
        out.append((lemma, surface))
    return out


def group(
    items: list[Item],
    k: int | None = None,
    *,
    max_k: int = 12,
) -> list[Theme]:
    """Group ``items`` into themes; ``k`` fixes the number, else it is chosen by silhouette.

    Every item ends in exactly one theme. Themes come out largest first.
    """
    if not items:
        return []
    analysed = [analyse(it.text, it.language) for it in items]
    surfaces: dict[str, Counter] = defaultdict(Counter)
    for pairs in analysed:
        for lemma, surface in pairs:
            surfaces[lemma][surface] += 1
    docs = [[lemma for lemma, _ in pairs] for pairs in analysed]
    n = len(items)

    if n == 1 or k == 1 or not any(docs):
        return [_make_theme(items, list(range(n)), docs, None, None, surfaces)]

    matrix, vocab = _word_matrix(docs)
    vectors = _features(docs, matrix)

    if k is not None:
        labels = _cluster(vectors, min(k, n))
    elif n == 2:
        words = normalize(matrix)
        similarity = float((words[0] @ words[1].T).toarray()[0, 0])
        labels = np.array([0, 0]) if similarity >= SAME_THEME else np.array([0, 1])
    else:
        labels = _auto_cluster(vectors, n, max_k)

    themes = []
    for cluster in sorted(set(labels.tolist())):
        members = [i for i in range(n) if labels[i] == cluster]
        themes.append(_make_theme(items, members, docs, matrix, vocab, surfaces, vectors))
    themes.sort(key=lambda t: (-len(t.contributions), t.label))
    return themes


def _word_matrix(docs: list[list[str]]):
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2")
    matrix = vectorizer.fit_transform(docs)
    return matrix, np.array(vectorizer.get_feature_names_out())


def _identity(doc):
    return doc


def _features(docs: list[list[str]], words) -> np.ndarray:
    """Whole-lemma and in-lemma character n-gram TF-IDF, side by side, row-normalised."""
    blocks = [normalize(words)]
    joined = [" ".join(d) for d in docs]
    try:
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True,
                                min_df=2).fit_transform(joined)
        blocks.append(normalize(chars))
    except ValueError:  # no n-gram shared by two texts
        pass
    dense = sp.hstack(blocks).tocsr().toarray()
    empty = ~dense.any(axis=1)
    if empty.any():  # a text with no content word: give it a tiny vector of its own
        dense = np.hstack([dense, np.diag(empty.astype(float))[:, empty] * 1e-3])
    return normalize(dense)


def _distances(vectors: np.ndarray) -> np.ndarray:
    """Cosine distances between the row-normalised vectors, as a square matrix.

    One matrix product (BLAS) instead of SciPy's pairwise loop: 6,000 contributions take
    well under a second instead of about ten."""
    distances = 1.0 - vectors @ vectors.T
    np.clip(distances, 0.0, 2.0, out=distances)
    np.fill_diagonal(distances, 0.0)
    return distances


def _tree(distances: np.ndarray):
    """Average-linkage tree on cosine distances, built once and cut at any k.

    This is the algorithm scikit-learn's ``AgglomerativeClustering(metric="cosine",
    linkage="average")`` runs (through SciPy); building the tree once instead of once
    per k keeps the automatic choice of k fast.
    """
    return linkage(squareform(distances, checks=False), method="average")


def _cut(tree, k: int, n: int) -> np.ndarray:
    if k <= 1:
        return np.zeros(n, dtype=int)
    return fcluster(tree, t=k, criterion="maxclust") - 1


def _cluster(vectors: np.ndarray, k: int) -> np.ndarray:
    return _cut(_tree(_distances(vectors)), k, len(vectors))


def _auto_cluster(vectors: np.ndarray, n: int, max_k: int) -> np.ndarray:
    """Cut the tree at each k in a sensible range; keep the best cosine silhouette."""
    upper = min(max_k, n - 1, max(2, int(round(np.sqrt(n) * 1.5))))
    distances = _distances(vectors)
    tree = _tree(distances)
    sample = np.random.default_rng(0).choice(n, SILHOUETTE_SAMPLE, replace=False) \
        if n > SILHOUETTE_SAMPLE else np.arange(n)
    sampled = distances[np.ix_(sample, sample)] if n > SILHOUETTE_SAMPLE else distances
    best_labels, best_score = np.zeros(n, dtype=int), -1.0
    for k in range(2, upper + 1):
        labels = _cut(tree, k, n)
        if len(set(labels[sample].tolist())) < 2:
            continue
        score = silhouette_score(sampled, labels[sample], metric="precomputed")
        if score > best_score + 1e-9:
            best_labels, best_score = labels, score
    if best_score < 0.02:  # nothing holds together: one theme rather than noise
        return np.zeros(n, dtype=int)
    return best_labels


def _make_theme(items, members, docs, matrix, vocab, surfaces, vectors=None) -> Theme:
    ids = [items[i].id for i in members]
    if matrix is not None:
        inside = np.asarray(matrix[members].mean(axis=0)).ravel()
        inside_set = set(members)
        others = [i for i in range(matrix.shape[0]) if i not in inside_set]
        outside = np.asarray(matrix[others].mean(axis=0)).ravel() if others else 0 * inside
        # Characteristic words: weighty inside the theme, and rarer outside it.
        weights = np.where(inside > 0, inside - 0.5 * outside, 0)
        order = np.argsort(-weights, kind="stable")
        lemmas = [str(vocab[j]) for j in order[: LABEL_WORDS * 3] if weights[j] > 0]
    else:
        counts = Counter(lemma for i in members for lemma in docs[i])
        lemmas = [lemma for lemma, _ in counts.most_common(LABEL_WORDS * 3)]
    keywords = [surfaces[lemma].most_common(1)[0][0] for lemma in lemmas if surfaces.get(lemma)]
    keywords = list(dict.fromkeys(keywords))
    central = ids[0]
    if vectors is not None and len(members) > 2:
        block = vectors[members]
        centroid = block.mean(axis=0)
        central = ids[int(np.argmax(block @ centroid))]
    label = " · ".join(keywords[:LABEL_WORDS]) if keywords else _fallback_label(items[members[0]])
    return Theme(id=theme_id(ids), label=label, keywords=keywords[: LABEL_WORDS * 2],
                 contributions=ids, central=central)


def _fallback_label(item: Item) -> str:
    words = item.text.split()
    return " ".join(words[:6]) + ("…" if len(words) > 6 else "")


def tagged_theme(tag: str, ids: list[str], items: list[Item]) -> Theme:
    """A theme built from the rapporteur's tag: the tag is the label."""
    surfaces: dict[str, Counter] = defaultdict(Counter)
    counts: Counter = Counter()
    for it in items:
        for lemma, surface in analyse(it.text, it.language):
            surfaces[lemma][surface] += 1
            counts[lemma] += 1
    keywords = [surfaces[lemma].most_common(1)[0][0] for lemma, _ in counts.most_common(6)]
    return Theme(id=theme_id(ids), label=tag, keywords=keywords, contributions=list(ids),
                 source="tag", central=ids[0] if ids else None)
