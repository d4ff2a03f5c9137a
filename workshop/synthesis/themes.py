"""Automatic grouping of short texts into themes with readable labels.

Pipeline (reading each text: ``analysis.py``): content words with their lemmas (spaCy's
French pipeline, filtered by part of speech; simplemma for other languages), noun phrases,
and for French the word vectors of the content words. Features, side by side and each
L2-normalised: TF-IDF on lemmas and multi-word phrases; TF-IDF on character 4-5-grams
inside lemmas (so "appel"/"appeler" or "informatique"/"informatisation" still meet: short
texts share few whole words); and, for French, the IDF-weighted mean of the word vectors,
centred, at weight 0.7 (so "appels" and "téléphone" count as near). Then agglomerative
clustering (average linkage on cosine distance, the algorithm of scikit-learn's
``AgglomerativeClustering``, with the tree built once). The number of themes is the one
with the best cosine silhouette over a sensible range (2 to about 1.5·√n, at most 12),
unless the caller fixes it; above 2,000 texts the silhouette is scored on a sample drawn
with a fixed seed (the whole-project synthesis stays fast). Nothing is left to chance, so
the same input gives the same themes.

Expect modest accuracy: on the hand-labelled corpora in ``tests/data`` the adjusted Rand
index stays low (see docs/synthesis.md). Texts of one line written in a person's own
words share few words; the rapporteur's theme tags (used as given) and synthesis edits
(rename, merge, split, move) are the remedy, by design.

A theme's label is its most characteristic noun phrase, as the texts write it
("Permanence téléphonique", "Charge de travail"): see ``theme_labels.py``. ``keywords``
keeps the theme's most characteristic words.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

from .analysis import Analysis, analyse_texts, stop_words
from .theme_labels import choose_labels, fallback_label

KEYWORDS = 6
SAME_THEME = 0.3  # two texts whose lemma vectors are this close share a theme
VECTOR_WEIGHT = 0.7  # weight of the mean word vector beside the two TF-IDF blocks
SILHOUETTE_SAMPLE = 2000  # above this many texts the silhouette is scored on a fixed sample
MIN_SILHOUETTE = 0.01  # below this best silhouette, the texts form one theme

__all__ = ["Item", "Theme", "analyse", "group", "stop_words", "tagged_theme", "theme_id"]


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


def analyse(text: str, language: str = "fr") -> list[tuple[str, str]]:
    """(lemma, surface) pairs of the content words of ``text``."""
    return list(analyse_texts([(text, language)])[0].words)


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
    analyses = analyse_texts([(it.text, it.language) for it in items])
    words = [[lemma for lemma, _ in a.words] for a in analyses]
    n = len(items)

    if n == 1 or k == 1 or not any(words):
        return _themes(items, [list(range(n))], analyses, None, None, None)

    docs = [w + list(a.terms) for w, a in zip(words, analyses, strict=True)]
    matrix, vocab = _word_matrix(docs)
    vectors = _features(words, matrix, analyses, dict(zip(vocab, _idf(matrix), strict=True)))

    if k is not None:
        labels = _cluster(vectors, min(k, n))
    elif n == 2:
        lemmas = normalize(matrix)
        similarity = float((lemmas[0] @ lemmas[1].T).toarray()[0, 0])
        labels = np.array([0, 0]) if similarity >= SAME_THEME else np.array([0, 1])
    else:
        labels = _auto_cluster(vectors, n, max_k)

    clusters = [[i for i in range(n) if labels[i] == c] for c in sorted(set(labels.tolist()))]
    return _themes(items, clusters, analyses, matrix, vocab, vectors)


def _word_matrix(docs: list[list[str]]):
    vectorizer = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2")
    matrix = vectorizer.fit_transform(docs)
    return matrix, np.array(vectorizer.get_feature_names_out())


def _identity(doc):
    return doc


def _idf(matrix) -> np.ndarray:
    """Smoothed IDF of each column of ``matrix``, as TfidfVectorizer computes it."""
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    return np.log((1 + matrix.shape[0]) / (1 + df)) + 1


def _features(words: list[list[str]], matrix, analyses: list[Analysis], idf: dict) -> np.ndarray:
    """Lemma-and-phrase TF-IDF, in-lemma character n-gram TF-IDF and (where the language
    has them) mean word vectors, side by side, row-normalised."""
    blocks = [normalize(matrix)]
    joined = [" ".join(d) for d in words]
    try:
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True,
                                min_df=2).fit_transform(joined)
        blocks.append(normalize(chars))
    except ValueError:  # no n-gram shared by two texts
        pass
    dense = sp.hstack(blocks).tocsr().toarray()
    meaning = _mean_vectors(analyses, idf)
    if meaning is not None:
        dense = np.hstack([dense, VECTOR_WEIGHT * meaning])
    empty = ~dense.any(axis=1)
    if empty.any():  # a text with no content word: give it a tiny vector of its own
        dense = np.hstack([dense, np.diag(empty.astype(float))[:, empty] * 1e-3])
    return normalize(dense)


def _mean_vectors(analyses: list[Analysis], idf: dict) -> np.ndarray | None:
    """Each text's IDF-weighted mean word vector, centred on the texts that have one (the
    common direction of all French sentences says nothing of their theme), L2-normalised;
    zero for a text without vectors. None when no text has any."""
    has = [bool(a.vector_rows) for a in analyses]
    if sum(has) < 2:
        return None
    out = None
    for i, a in enumerate(analyses):
        if a.vector_rows:
            vectors = a.vectors
            if out is None:
                out = np.zeros((len(analyses), vectors.shape[1]))
            weights = np.array([idf.get(lemma, 1.0) for lemma in a.vector_lemmas])
            out[i] = weights @ vectors / weights.sum()
    rows = np.array(has)
    out[rows] -= out[rows].mean(axis=0)
    return normalize(out)


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
    if best_score < MIN_SILHOUETTE:  # nothing holds together: one theme rather than noise
        return np.zeros(n, dtype=int)
    return best_labels


def _themes(items, clusters, analyses, matrix, vocab, vectors) -> list[Theme]:
    """Themes for ``clusters`` (lists of item indexes), labelled, largest first."""
    surfaces: dict[str, Counter] = defaultdict(Counter)
    for a in analyses:
        for lemma, surface in a.words:
            surfaces[lemma][surface] += 1
    weights = [_characteristic(members, analyses, matrix, vocab) for members in clusters]
    order = sorted(range(len(clusters)), key=lambda c: (-len(clusters[c]), clusters[c][0]))
    labels = choose_labels([clusters[c] for c in order], analyses)
    themes = []
    for c, label in zip(order, labels, strict=True):
        members = clusters[c]
        ids = [items[i].id for i in members]
        ranked = sorted((w for w in weights[c] if w in surfaces), key=lambda w: (-weights[c][w], w))
        keywords = list(dict.fromkeys(surfaces[w].most_common(1)[0][0] for w in ranked))
        central = ids[0]
        if vectors is not None and len(members) > 2:
            block = vectors[members]
            central = ids[int(np.argmax(block @ block.mean(axis=0)))]
        themes.append(Theme(id=theme_id(ids), label=label or fallback_label(items[members[0]].text),
                            keywords=keywords[:KEYWORDS], contributions=ids, central=central))
    themes.sort(key=lambda t: (-len(t.contributions), t.label))
    return themes


def _characteristic(members, analyses, matrix, vocab) -> dict[str, float]:
    """Terms weighty inside the theme and rarer outside it, with their positive weight;
    by plain count when there is nothing to compare with."""
    if matrix is None:
        counts = Counter(t for i in members for t in [w for w, _ in analyses[i].words]
                         + list(analyses[i].terms))
        return dict(counts)
    inside = np.asarray(matrix[members].mean(axis=0)).ravel()
    inside_set = set(members)
    others = [i for i in range(matrix.shape[0]) if i not in inside_set]
    outside = np.asarray(matrix[others].mean(axis=0)).ravel() if others else 0 * inside
    weights = np.where(inside > 0, inside - 0.5 * outside, 0)
    return {str(vocab[j]): float(weights[j]) for j in np.flatnonzero(weights > 0)}


def tagged_theme(tag: str, ids: list[str], items: list[Item]) -> Theme:
    """A theme built from the rapporteur's tag: the tag is the label."""
    surfaces: dict[str, Counter] = defaultdict(Counter)
    counts: Counter = Counter()
    for a in analyse_texts([(it.text, it.language) for it in items]):
        for lemma, surface in a.words:
            surfaces[lemma][surface] += 1
            counts[lemma] += 1
    keywords = [surfaces[lemma].most_common(1)[0][0] for lemma, _ in counts.most_common(KEYWORDS)]
    return Theme(id=theme_id(ids), label=tag, keywords=keywords, contributions=list(ids),
                 source="tag", central=ids[0] if ids else None)
