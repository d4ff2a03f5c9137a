"""Spot personal data in free text before an export leaves the app.

Stories about service users can carry names, phone numbers, national register numbers,
bank accounts and addresses. :func:`find_personal_data` lists every such spot so the
rapporteur can review them; :func:`redact` replaces the ones not kept by a placeholder
in the session's language ("[téléphone]", "[telefoon]", "[phone]").

What is found (``Spot.kind``):

- ``email``;
- ``phone``: Belgian numbers (+32 / 0032 …, 02/…, 0475 12 34 56, 04xx/xx.xx.xx) and other
  international numbers written with "+";
- ``national_number``: Belgian national register numbers (YY.MM.DD-XXX.CC or 11 digits),
  kept only when the checksum is valid, births after 2000 included (python-stdnum);
- ``iban``: IBANs with a valid checksum, Belgian and foreign (python-stdnum);
- ``address``: a street (rue, avenue, chaussée, boulevard, place…, or a Dutch name ending
  in -straat, -laan, -steenweg, -plein…) followed or preceded by a house number, and a
  Belgian postcode followed by a commune ("1070 Anderlecht");
- ``name``: a title followed by a capitalised word (Madame Dupont, M. Janssens, Mevrouw
  Peeters, Mr Smith), a known first name followed by a capitalised surname (Fatima El
  Amrani, Jan Peeters), and a known first name alone when it is capitalised in the middle
  of a sentence or is not an ordinary word of the language ("Fatima est venue"). First
  names come from the list shipped with the ``gender-guesser`` package (≈45,000 names
  from many countries, Belgium included); stop words are never taken for names, so
  ordinary sentence starts ("Le", "Ce", "Les") are not flagged. A first name that is also
  a common word ("Pierre", "Rose") at the very start of a sentence is not flagged alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import simplemma
from stdnum import iban as _iban
from stdnum.be import nn as _nn
from stop_words import get_stop_words

KINDS = ("email", "iban", "national_number", "phone", "address", "name")
_PRIORITY = {kind: i for i, kind in enumerate(KINDS)}

PLACEHOLDERS = {
    "fr": {"email": "[e-mail]", "phone": "[téléphone]", "national_number": "[numéro national]",
           "iban": "[compte bancaire]", "address": "[adresse]", "name": "[nom]"},
    "nl": {"email": "[e-mail]", "phone": "[telefoon]", "national_number": "[rijksregisternummer]",
           "iban": "[rekeningnummer]", "address": "[adres]", "name": "[naam]"},
    "en": {"email": "[e-mail]", "phone": "[phone]", "national_number": "[national number]",
           "iban": "[bank account]", "address": "[address]", "name": "[name]"},
}


@dataclass(frozen=True)
class Spot:
    start: int
    end: int
    kind: str
    excerpt: str


# --- patterns -----------------------------------------------------------------------

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b")
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_NN = re.compile(r"(?<![\d.])\d{2}[. ]?\d{2}[. ]?\d{2}[- .]?\d{3}[. -]?\d{2}(?![\d])")
_SEP = r"[ ./-]?"
_PHONE = re.compile(
    r"(?<![\w+])(?<!\d[./-])(?:"
    rf"(?:\+|00)32{_SEP}(?:\(0\){_SEP})?[1-9](?:{_SEP}\d){{7,8}}"  # +32 2 123 45 67, +32 475…
    rf"|0[1-9](?:{_SEP}\d){{7,8}}"  # 02/123.45.67, 0475 12 34 56
    rf"|\+(?!32)\d{{2,3}}(?:{_SEP}\d){{6,11}}"  # other international numbers
    r")(?![./-]?\d)"
)
_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ"
_WORD = rf"[{_UPPER}][\w'’-]*"
_STREET_FR = (r"(?:rue|avenue|av\.|chaussée|chée|boulevard|bd|place|square|clos|allée|chemin|"
              r"impasse|quai|drève|galerie|parvis|rond-point|sentier)")
_PARTICLE = r"(?:(?:de|du|des|la|le|l'|l’|d'|d’|aux?)\s*)*"
_STREET_NAME = rf"{_PARTICLE}{_WORD}(?:[ -]{_PARTICLE}{_WORD}){{0,4}}"
_NUMBER = r"\d{1,4}(?:[ ]?[a-zA-Z](?![\w]))?(?:\s*(?:bte|boîte|bus|b\.)\s*\d{1,4})?"
_NL_STREET = (rf"[{_UPPER}][\w'’-]*(?:straat|laan|steenweg|plein|lei|dreef|kaai|markt|weg|"
              r"baan|hof|park|square|singel|gracht|dijk|pad|wegel)")
_POSTCODE = rf"[1-9]\d{{3}}\s+{_WORD}(?:[ -]{_WORD}){{0,2}}"
_ADDRESS = re.compile(
    rf"(?:\b(?i:{_STREET_FR})\s+{_STREET_NAME},?\s+{_NUMBER}"
    rf"|\b\d{{1,4}},?\s+(?i:{_STREET_FR})\s+{_STREET_NAME}"
    rf"|\b{_NL_STREET}\s+{_NUMBER})"
    rf"(?:,?\s+{_POSTCODE})?"
    rf"|(?<![\d.,/-])\b{_POSTCODE}",
)
_TITLES = (r"(?:Madame|Monsieur|Mademoiselle|Mme|Mlle|Mr|Mrs|Ms|Miss|Mevrouw|Meneer|Mevr|Dhr|"
           r"Docteur|Dr|Maître|Me|Juffrouw)")
_PARTICLES = r"(?:(?i:van|de|der|den|del|della|el|al|ben|von|da|di|du|ter|ten)\s+)*"
_SURNAME = rf"{_PARTICLES}{_WORD}(?:[ -]{_PARTICLES}[{_UPPER}][\w'’-]*){{0,3}}"
# "Madame la Présidente", "Monsieur le Directeur": a title before an article is a function.
_TITLED = re.compile(rf"\b{_TITLES}\.?\s+{_SURNAME}|\bM\.\s?{_SURNAME}")
_CAPITALISED = re.compile(rf"\b[{_UPPER}][a-zàâäçéèêëîïôöùûüÿæœ'’-]+\b")
_SURNAME_PARTICLES = {"van", "de", "der", "den", "el", "al", "ben", "von", "da", "di", "le", "la",
                      "ibn", "bin", "abou", "ait", "aït"}



@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """Lower-case first names from gender-guesser's nam_dict.txt, minus stop words."""
    try:
        import gender_guesser

        path = Path(gender_guesser.__file__).resolve().parent / "data" / "nam_dict.txt"
        lines = path.read_text(encoding="iso-8859-1").splitlines()
    except (ImportError, OSError):
        return frozenset()
    names = set()
    for line in lines:
        if line.startswith("#") or len(line) < 30:
            continue
        name = line[3:29].strip().replace("+", "-").lower()
        if len(name) >= 3 and name.isalpha():
            names.add(name)
    stops = set()
    for language in ("fr", "nl", "en", "de"):
        stops.update(w.lower() for w in get_stop_words(language))
    return frozenset(names - stops)


@lru_cache(maxsize=4)
def _stops(language: str) -> frozenset[str]:
    try:
        return frozenset(w.lower() for w in get_stop_words(language))
    except Exception:
        return frozenset()


def _is_word(token: str, language: str) -> bool:
    try:
        return simplemma.is_known(token.lower(), lang=language)
    except Exception:
        return False


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t\"'«“(")
    return not before or before[-1] in ".!?:;\n…"


# --- finding ------------------------------------------------------------------------


def find_personal_data(text: str, language: str = "fr") -> list[Spot]:
    """Every spot of personal data in ``text``, in order, without overlaps."""
    language = language if language in PLACEHOLDERS else "fr"
    found: list[Spot] = []

    def add(start, end, kind):
        found.append(Spot(start, end, kind, text[start:end]))

    for m in _EMAIL.finditer(text):
        add(m.start(), m.end(), "email")
    for m in _IBAN.finditer(text):
        if _iban.is_valid(m.group(0)):
            add(m.start(), m.end(), "iban")
    for m in _NN.finditer(text):
        if _nn.is_valid(re.sub(r"\D", "", m.group(0))):
            add(m.start(), m.end(), "national_number")
    for m in _PHONE.finditer(text):
        add(m.start(), m.end(), "phone")
    for m in _ADDRESS.finditer(text):
        start, end = m.start(), m.end()
        if _postcode_only(m.group(0)) and _weak_postcode(m.group(0), language):
            continue
        add(start, end, "address")
    for m in _TITLED.finditer(text):
        add(m.start(), m.end(), "name")
    found += _first_name_spots(text, language)
    return _resolve(found)


def _postcode_only(excerpt: str) -> bool:
    return bool(re.fullmatch(_POSTCODE, excerpt))


def _weak_postcode(excerpt: str, language: str) -> bool:
    """"2030 Les…" is a year and a sentence, not a postcode and a commune."""
    number, word = excerpt.split(None, 1)
    first = word.split()[0].split("-")[0].lower()
    return first in _stops(language) or not 1000 <= int(number) <= 9999


def _first_name_spots(text: str, language: str) -> list[Spot]:
    names = first_names()
    stops = _stops(language)
    tokens = list(_CAPITALISED.finditer(text))
    spots = []
    i = 0
    while i < len(tokens):
        m = tokens[i]
        word = m.group(0)
        lower = word.lower()
        if lower not in names or lower in stops:
            i += 1
            continue
        start, end = m.start(), m.end()
        # Surname: following capitalised words (with particles such as "El", "Van der").
        j = i + 1
        surname = False
        while j < len(tokens):
            gap = text[end:tokens[j].start()]
            if not re.fullmatch(r"[ -]|\s(?:(?:van|de|der|den|el|al|ben|le|la) )*", gap):
                break
            nxt = tokens[j].group(0)
            if nxt.lower() in stops and nxt.lower() not in _SURNAME_PARTICLES:
                break
            end = tokens[j].end()
            surname = True
            j += 1
        at_start = _sentence_start(text, start)
        if surname or not at_start or not _is_word(word, language):
            spots.append(Spot(start, end, "name", text[start:end]))
        i = j if surname else i + 1
    return spots


def _resolve(spots: list[Spot]) -> list[Spot]:
    """Drop spots overlapping a stronger one (by kind priority, then length)."""
    ranked = sorted(spots, key=lambda s: (_PRIORITY[s.kind], -(s.end - s.start), s.start))
    kept: list[Spot] = []
    for spot in ranked:
        if all(spot.end <= k.start or spot.start >= k.end for k in kept):
            kept.append(spot)
    return sorted(kept, key=lambda s: s.start)


# --- redacting ----------------------------------------------------------------------


def redact(text: str, spots: list[Spot], keep: set | frozenset = frozenset(),
           language: str = "fr") -> tuple[str, list[dict]]:
    """Replace every spot not kept by a placeholder; return the text and what was redacted.

    A spot is kept when ``keep`` holds the spot itself, its ``(start, end)``, or its kind
    (e.g. ``{"name"}`` keeps every name). Records give ``start``/``end`` in the original
    text, ``kind``, ``excerpt`` and ``placeholder``.
    """
    labels = PLACEHOLDERS.get(language, PLACEHOLDERS["fr"])
    out, records, cursor = [], [], 0
    for spot in sorted(_resolve(list(spots)), key=lambda s: s.start):
        if spot in keep or (spot.start, spot.end) in keep or spot.kind in keep:
            continue
        placeholder = labels[spot.kind]
        out.append(text[cursor:spot.start])
        out.append(placeholder)
        cursor = spot.end
        records.append({"start": spot.start, "end": spot.end, "kind": spot.kind,
                        "excerpt": text[spot.start:spot.end], "placeholder": placeholder})
    out.append(text[cursor:])
    return "".join(out), records
