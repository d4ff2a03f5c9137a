"""A readable label for each automatic theme: a short noun phrase taken from its texts.

The label is the theme's most characteristic phrase, written as the texts write it
("Permanence téléphonique", "Charge de travail", "Dilemmes éthiques"). A phrase scores
``n · log(p_theme / p_all)``: the number n of the theme's texts that hold it, times how
much likelier it is in the theme than in all the texts grouped (a word every theme uses
scores nothing). The best phrase gives the head noun; if a longer phrase around that noun
(with its adjectives or its complement) recurs in the theme, it is preferred, so the
label keeps its modifiers when the texts share them. No article is kept (phrases start at
an adjective or the noun), acronyms stay in capitals, the first letter is capitalised.
Two themes never get the same label: a later (smaller) theme takes its next best phrase.

French phrases are noun phrases found by part of speech (``analysis.py``). Dutch and
English have no tagger here: their candidates are a content word or two content words in
a row ("maatschappelijk werker"); that reads as a phrase, but may be a verb or an adverb
where French would have a noun.

The rapporteur's rename, replayed by ``edits.py``, replaces whatever is chosen here.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from .analysis import Analysis

FALLBACK_WORDS = 6
MODIFIER_TEXTS = 2  # a modifier joins the head noun in the label when this many texts pair them


def choose_labels(clusters: list[list[int]], analyses: list[Analysis]) -> list[str | None]:
    """One label per cluster of indexes into ``analyses`` (in the order given: largest
    first), or None where the texts hold no phrase that characterises the theme."""
    everywhere = _texts_holding(analyses)
    total = len(analyses)
    used: set[str] = set()
    out = []
    for members in clusters:
        label = None
        for key, surface in _ranked([analyses[i] for i in members], everywhere, total):
            if key not in used:
                used.add(key)
                label = _capitalise(surface)
                break
        out.append(label)
    return out


def _texts_holding(analyses: list[Analysis]) -> Counter:
    """How many of ``analyses`` hold each phrase key, and each (head noun, word of its
    phrase) pair."""
    return Counter(key for a in analyses
                   for key in {p.key for p in a.phrases}
                   | {(p.head, lemma) for p in a.phrases for lemma in p.lemmas})


def _ranked(analyses: list[Analysis], everywhere: Counter, total: int) -> list[tuple[str, str]]:
    """(key, surface) of the theme's label candidates, best first."""
    inside = _texts_holding(analyses)
    surfaces: dict[str, Counter] = defaultdict(Counter)  # keys in order of first appearance
    heads: dict[str, str] = {}
    for analysis in analyses:
        for phrase in analysis.phrases:
            surfaces[phrase.key][phrase.surface] += 1
            heads[phrase.key] = phrase.head
    # Ties: the longer phrase, then what the texts say first.
    first = {key: n for n, key in enumerate(surfaces)}
    word_surfaces: dict[str, Counter] = defaultdict(Counter)
    for analysis in analyses:
        for lemma, written in analysis.words:
            word_surfaces[lemma][written] += 1
    n = len(analyses)

    def score(key) -> float:
        if n == total:  # one theme: nothing to compare with, frequency alone
            return float(inside[key])
        return inside[key] * math.log((inside[key] / n) / (everywhere[key] / total))

    def modifiers(key: str, longer: str) -> float:
        """How characteristic the words that ``longer`` adds to ``key`` are, as companions
        of the head noun; zero unless each goes with it in several texts (else a one-off
        detail would make the label)."""
        pairs = [(heads[key], lemma) for lemma in set(longer.split()) - set(key.split())]
        scores = [score(pair) if inside[pair] >= MODIFIER_TEXTS else 0.0 for pair in pairs]
        return min(scores) if scores else 0.0

    def surface(key: str) -> str:
        """The most common way of writing ``key``; for one word, counted over all its uses
        ("employeurs" in "employeurs locaux" too), in the case the phrases keep (acronyms)."""
        written = sorted(surfaces[key].items(), key=lambda s: (-s[1], s[0]))[0][0]
        if " " in key or not word_surfaces[key]:
            return written
        word = sorted(word_surfaces[key].items(), key=lambda s: (-s[1], s[0]))[0][0]
        return written if written.lower() == word else word

    ranked = sorted((k for k in surfaces if score(k) > 0),
                    key=lambda k: (-score(k), -len(k.split()), first[k]))
    out = []
    for key in ranked:
        words = set(key.split())
        longer = sorted((-modifiers(key, k), len(k.split()), first[k], k) for k in surfaces
                        if heads[k] == heads[key] and len(k.split()) > len(words)
                        and words <= set(k.split()))
        if longer and longer[0][0] < 0:
            out.append((longer[0][3], surface(longer[0][3])))
        out.append((key, surface(key)))
    return out


def _capitalise(label: str) -> str:
    return label[:1].upper() + label[1:]


def fallback_label(text: str) -> str:
    """The first words of a text, for a theme whose texts hold no usable phrase."""
    words = text.split()
    return " ".join(words[:FALLBACK_WORDS]) + ("…" if len(words) > FALLBACK_WORDS else "")
