"""Spot personal data in free text before an export leaves the app.

Stories about service users can carry names, phone numbers, national register numbers,
bank accounts and addresses. :func:`find_personal_data` lists every such spot so the
rapporteur can review them; :func:`redact` replaces the ones not kept by a placeholder
in the report's language ("[téléphone]", "[telefoon]", "[phone]").

What is found (``Spot.kind``), French and Dutch alike:

- ``email``: plain, and written out to fool robots ("x (dot) y at gmail.com",
  "prenom[at]cpas.be", "jan punt peeters at telenet punt be");
- ``iban``: an IBAN or an old Belgian account number (000-0000000-00) with a valid
  checksum anywhere, a Belgian IBAN by its shape (BE + 14 digits), and any such shape
  after a keyword (IBAN, compte, rekening…) even when the check digits fail (a typo
  still identifies someone);
- ``national_number``: a national register or BIS number with a valid checksum anywhere,
  the written shape YY.MM.DD-XXX.CC with a plausible date anywhere, and any 11-digit
  shape after a keyword (NISS, numéro national, registre national, INSZ,
  rijksregisternummer…);
- ``phone``: Belgian numbers in every local shape (+32, 0032, 02/…, 0475 12 34 56,
  04xx/xx.xx.xx, 02 / 511 22 33) and other international numbers written with "+";
  not a company number (0212.345.678 after BCE/KBO/TVA or with a valid checksum);
- ``address``: a street word (rue, avenue, chaussée…; -straat, -laan, -steenweg, Markt…)
  with a house number, and a postcode with its commune ("1070 Anderlecht");
- ``name``: the name after a civil title or a family word (Madame Dupont, M. Van den
  Bossche, de heer Janssens, la famille Nowak, het gezin Kabongo — the title itself is
  not part of the spot, so redaction reads "Madame [nom]"); a surname of the Belgian list
  shipped in ``data/belgian_surnames.txt``, alone or double-barrelled ("Dubois-Leclercq");
  a first name of gender-guesser's list (≈45,000 names) or of
  ``data/belgian_first_names.txt``, accents ignored; and an unknown capitalised word after
  "chez", "bij", "dossier", "un certain"…
  A surname or first name that is also an ordinary word ("Petit", "Fontaine", "Vos",
  "Pierre") is flagged alone only when capitalised mid-sentence and not after an
  article ("le Roi", "de Koning" are not people). Communes and the services of
  ``data/not_person_names.txt`` are never taken for people;
- ``pseudonym``: every whole-word occurrence of a pseudonym the caller passes in
  ``known_names``, whatever its case or accents ("récit de ketje").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import simplemma
from stdnum import iban as _iban
from stdnum.be import ssn as _ssn
from stdnum.be import vat as _vat
from stop_words import get_stop_words

KINDS = ("email", "iban", "national_number", "phone", "address", "name", "pseudonym")
# A pseudonym and a name over the same words are one spot: the longer wins, the
# pseudonym on a tie (so one review decision covers every occurrence of the pseudonym).
_PRIORITY = {kind: i for i, kind in enumerate(KINDS)} | {"pseudonym": KINDS.index("name")}

PLACEHOLDERS = {
    "fr": {"email": "[e-mail]", "phone": "[téléphone]", "national_number": "[numéro national]",
           "iban": "[compte bancaire]", "address": "[adresse]", "name": "[nom]",
           "pseudonym": "[pseudonyme]"},
    "nl": {"email": "[e-mail]", "phone": "[telefoon]", "national_number": "[rijksregisternummer]",
           "iban": "[rekeningnummer]", "address": "[adres]", "name": "[naam]",
           "pseudonym": "[pseudoniem]"},
    "en": {"email": "[e-mail]", "phone": "[phone]", "national_number": "[national number]",
           "iban": "[bank account]", "address": "[address]", "name": "[name]",
           "pseudonym": "[pseudonym]"},
}


@dataclass(frozen=True)
class Spot:
    start: int
    end: int
    kind: str
    excerpt: str


# --- shipped lists ------------------------------------------------------------------


def _data_lines(name: str) -> list[str]:
    text = resources.files("workshop.synthesis").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def surnames() -> frozenset[tuple[str, ...]]:
    """The Belgian surname list, each name as a tuple of lower-case words ("de", "smet")."""
    return frozenset(tuple(w.lower() for w in _words(name)) for name in _data_lines("belgian_surnames.txt"))


@lru_cache(maxsize=1)
def communes() -> dict[str, list[int]]:
    """Lower-case commune name -> its postcodes."""
    found: dict[str, list[int]] = {}
    for line in _data_lines("belgian_communes.txt"):
        code, names = line.split(None, 1)
        for name in names.split("|"):
            found.setdefault(name.lower(), []).append(int(code))
    return found


@lru_cache(maxsize=1)
def _not_people() -> frozenset[str]:
    return frozenset(n.lower() for n in _data_lines("not_person_names.txt")) | frozenset(communes())


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """First names, lower case without accents: gender-guesser's nam_dict.txt and the Belgian
    supplement shipped in ``data/belgian_first_names.txt``, minus stop words."""
    names = {_plain(name) for name in _data_lines("belgian_first_names.txt")}
    try:
        import gender_guesser

        path = Path(gender_guesser.__file__).resolve().parent / "data" / "nam_dict.txt"
        lines = path.read_text(encoding="iso-8859-1").splitlines()
    except (ImportError, OSError):
        lines = []
    for line in lines:
        if line.startswith("#") or len(line) < 30:
            continue
        name = line[3:29].strip().replace("+", "-").lower()
        if len(name) >= 3 and name.replace("-", "").isalpha():
            names.add(_plain(name))
    stops = set()
    for language in ("fr", "nl", "en", "de"):
        stops.update(w.lower() for w in get_stop_words(language))
    return frozenset(names - {_plain(w) for w in stops})


def _plain(word: str) -> str:
    """Lower case without accents ("Grégory" -> "gregory")."""
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


def _is_first_name(word: str) -> bool:
    return _plain(word) in first_names()


@lru_cache(maxsize=4)
def _stops(language: str) -> frozenset[str]:
    try:
        return frozenset(w.lower() for w in get_stop_words(language))
    except Exception:
        return frozenset()


@lru_cache(maxsize=4096)
def _ordinary(word: str) -> bool:
    """A French or Dutch dictionary word or stop word ("petit", "vos", "roi")."""
    lower = word.lower()
    if lower in _stops("fr") or lower in _stops("nl"):
        return True
    return any(simplemma.is_known(lower, lang=lang) for lang in ("fr", "nl"))


# --- numbers, e-mails, addresses ----------------------------------------------------

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b")
# Written-out e-mails: "x (dot) y at gmail.com", "prenom[at]cpas.be", "jan punt peeters at
# telenet punt be". The domain must end in a known top-level domain.
_O_AT = (r"(?:\s*@\s*|\s*[\[({]\s*(?:at|@|arobase|apenstaart)\s*[\])}]\s*"
         r"|\s+(?:at|arobase|apenstaart|chez)\s+)")
_O_DOT = r"(?:\s?\.\s?|\s*[\[({]\s*(?:dot|point|punt|\.)\s*[\])}]\s*|\s+(?:dot|point|punt)\s+)"
_TLD = r"(?:be|com|org|net|eu|fr|nl|lu|de|info|io|uk|ma|tr|pl|ro|cd|it|es|pt|ch|brussels|gent|vlaanderen)"
_OBFUSCATED_EMAIL = re.compile(
    rf"(?i)(?<![\w.])[\w+-]+(?:{_O_DOT}[\w+-]+){{0,5}}{_O_AT}[\w-]+(?:{_O_DOT}[\w-]+){{0,3}}{_O_DOT}{_TLD}(?!\w)")

_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_IBAN_LOOSE = re.compile(r"\b[A-Za-z]{2}\s?\d{2}(?:[ .-]?[A-Z0-9]){10,30}(?!\w)")
_OLD_ACCOUNT = re.compile(r"(?<![\d-])\d{3}-\d{7}-\d{2}(?![\d-])")
_ACCOUNT_WORDS = re.compile(
    r"(?i)\b(?:iban|bic|compte|comptes|account|rekening\w*|bankrekening\w*|virement|verser|"
    r"versement|storten|gestort|overschrijving|overschrijven)\b")

_ENTERPRISE_WORDS = re.compile(
    r"\b(?:BCE|KBO|TVA|BTW|VAT|(?i:num[ée]ro\s+d'entreprise|n°\s*d'entreprise|ondernemingsnummer))\b")
_ENTERPRISE_SHAPE = re.compile(r"[01]\d{3}[. ]?\d{3}[. ]?\d{3}")
# A Belgian IBAN's own shape: flagged even with wrong check digits (nothing else looks like it).
_BE_IBAN = re.compile(r"\bBE\d{2}(?:[ ]?\d{4}){3}\b")

_NN = re.compile(r"(?<![\d.])\d{2}[. ]?\d{2}[. ]?\d{2}\s?[- .]?\s?\d{3}[. -]?\d{2}(?![\d])")
_NN_WRITTEN = re.compile(r"(\d{2})\.(\d{2})\.(\d{2})-\d{3}\.\d{2}")
_NN_WORDS = re.compile(
    r"\b(?:NISS|INSZ|NN|BIS|RRN|SSIN|(?i:niss|insz|n°\s*national|num[ée]ro\s+national|"
    r"num[ée]ro\s+de\s+registre|registre\s+national|rijksregister\w*|identificatienummer|"
    r"num[ée]ro\s+d'identification|national\s+(?:register\s+)?number|sécurité\s+sociale))\b")
_KEYWORD_REACH = 60  # characters between a keyword and the number it introduces

_SEP = r"(?:\s?[./-]\s?|\s)?"
_PHONE = re.compile(
    r"(?<![\w+])(?<!\d[./-])(?:"
    rf"(?:\+|00)32{_SEP}(?:\(0\){_SEP})?[1-9](?:{_SEP}\d){{7,8}}"  # +32 2 123 45 67, +32 475…
    rf"|0[1-9](?:{_SEP}\d){{7,8}}"  # 02/123.45.67, 0475 12 34 56, 02 / 511 22 33
    rf"|\+(?!32)\d{{2,3}}(?:{_SEP}\d){{6,11}}"  # other international numbers
    r")(?![./-]?\d)"
)

_UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒĆŁŚŻŹŞĞİ"
_WORD = rf"[{_UPPER}][\w'’-]*"
_STREET_FR = (r"(?:rue|avenue|av\.|chaussée|chée|boulevard|bd|place|square|clos|allée|chemin|"
              r"impasse|quai|drève|galerie|parvis|rond-point|cité|résidence|venelle|"
              r"ruelle|passage|route|voie|rempart|sentier|cour)")
_PARTICLE = r"(?:(?:de|du|des|la|le|l'|l’|d'|d’|aux?)\s*)*"
_STREET_NAME = rf"{_PARTICLE}{_WORD}(?:[ -]{_PARTICLE}{_WORD}){{0,4}}"
_NUMBER = (r"(?:(?i:n°|no|nr|num[ée]ro)\.?\s?)?\d{1,4}(?:[ ]?[a-zA-Z](?![\w]))?(?:/\d{1,3})?"
           r"(?:\s*(?:bte|boîte|bus|b\.)\s*\d{1,4})?")
_NL_STREET = (rf"(?:{_WORD}[ -])?(?:[{_UPPER}][\w'’-]*(?:straat|laan|steenweg|plein|lei|dreef|kaai|"
              r"markt|weg|baan|hof|park|square|singel|gracht|dijk|pad|wegel|vest|kouter|berg)"
              r"|Markt|Plein|Steenweg|Laan|Lei|Dreef|Kaai|Vest)")
_POSTCODE = rf"(?:B-)?[1-9]\d{{3}}\s+{_WORD}(?:[ -]{_WORD}){{0,2}}"
# Street then number (FR and NL), or number then street ("23, rue Haute"); each pattern is
# searched on its own so that one cannot hide the other ("0495 22 11 00, rue du Progrès 80").
_STREETS = [re.compile(rf"{street}(?:,?\s+{_POSTCODE})?") for street in (
    rf"\b(?i:{_STREET_FR})\s+{_STREET_NAME},?\s+{_NUMBER}",
    rf"(?<![\d.,/-])(?<!\d[ ])(?:\b(?i:n°|no|nr)\.?\s?)?\b\d{{1,4}},?\s+(?i:(?:de\s+la|de\s+l['’]|du|de)\s*)?"
    rf"(?i:{_STREET_FR})\s+{_STREET_NAME}",  # "23, rue Haute", "au n°14 de la rue des Tanneurs"
    rf"\b{_NL_STREET}\s+{_NUMBER}",
)]
_POSTCODE_COMMUNE = re.compile(rf"(?<![\d.,/-])\b{_POSTCODE}")
_YEAR_WORDS = {"en", "in", "sinds", "depuis", "vers", "tot", "van", "tegen", "année", "jaar", "jusqu'en",
               "avant", "après", "fin", "début", "eind", "begin", "since", "until", "voor", "na"}


def _numbers_and_addresses(text: str) -> list[Spot]:
    found: list[Spot] = []

    def add(start, end, kind):
        found.append(Spot(start, end, kind, text[start:end]))

    for pattern in (_EMAIL, _OBFUSCATED_EMAIL):
        for m in pattern.finditer(text):
            add(m.start(), m.end(), "email")
    for m in _IBAN.finditer(text):
        if _iban.is_valid(m.group(0)):
            add(m.start(), m.end(), "iban")
    for m in _BE_IBAN.finditer(text):
        add(m.start(), m.end(), "iban")
    for m in _IBAN_LOOSE.finditer(text):
        if m.group(0)[:2].isalpha() and _after_keyword(text, m.start(), _ACCOUNT_WORDS):
            add(m.start(), m.end(), "iban")
    for m in _OLD_ACCOUNT.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if (int(digits[:10]) % 97 or 97) == int(digits[10:]) \
                or _after_keyword(text, m.start(), _ACCOUNT_WORDS):
            add(m.start(), m.end(), "iban")
    for m in _NN.finditer(text):
        if (_ssn.is_valid(re.sub(r"\D", "", m.group(0))) or _written_nn(m.group(0))
                or _after_keyword(text, m.start(), _NN_WORDS)):
            add(m.start(), m.end(), "national_number")
    for m in _PHONE.finditer(text):
        if not _enterprise_number(text, m):
            add(m.start(), m.end(), "phone")
    for pattern in _STREETS:
        for m in pattern.finditer(text):
            add(m.start(), m.end(), "address")
    for m in _POSTCODE_COMMUNE.finditer(text):
        end = _commune_end(text, m)
        if end:
            add(m.start(), end, "address")
    return found


def _enterprise_number(text: str, m: re.Match) -> bool:
    """"0212.345.678": a company number (BCE/KBO) after its keyword or with its checksum."""
    return bool(_ENTERPRISE_SHAPE.fullmatch(m.group(0))) and (
        _after_keyword(text, m.start(), _ENTERPRISE_WORDS) or _vat.is_valid(m.group(0)))


def _after_keyword(text: str, start: int, keywords: re.Pattern) -> bool:
    """A keyword stands shortly before ``start``, in the same sentence."""
    before = re.split(r"[.!?\n](?:\s|$)", text[max(0, start - _KEYWORD_REACH):start])[-1]
    return bool(keywords.search(before))


def _written_nn(excerpt: str) -> bool:
    """"85.07.30-033.29": the national number's own written shape, with a plausible date."""
    m = _NN_WRITTEN.fullmatch(excerpt)
    return bool(m) and int(m.group(2)) % 20 <= 12 and int(m.group(2)) < 53 and int(m.group(3)) <= 31


def _commune_end(text: str, m: re.Match) -> int | None:
    """Where "1070 Anderlecht" ends, or None when the number is a year or an amount.

    A listed commune must agree with the postcode ("vers 2030 Bruxelles" is a year); an
    unlisted one must not follow a word that introduces years ("en", "sinds"…).
    """
    excerpt = m.group(0)
    number, rest = excerpt.split(None, 1)
    code = int(number.removeprefix("B-"))
    rest_start = m.start() + excerpt.index(rest, len(number))
    words = list(re.finditer(r"\S+", rest))
    for n in range(len(words), 0, -1):  # the longest commune name that matches
        codes = communes().get(" ".join(rest[:words[n - 1].end()].split()).lower())
        if codes:
            return rest_start + words[n - 1].end() if any(abs(code - c) < 200 for c in codes) else None
    before = text[:m.start()].split()
    if 1900 <= code <= 2099 or (before and before[-1].lower() in _YEAR_WORDS):
        return None
    first = words[0].group(0).split("-")[0]
    return None if _ordinary(first) else m.end()


# --- names --------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+(?:['’-]\w+)*")
_ELISION = re.compile(r"(?i)(?:[ldjmnst]|qu)['’](?=\w)")
_TITLES = {"madame", "monsieur", "mademoiselle", "mme", "mmes", "mlle", "mr", "mrs", "ms", "miss",
           "mevrouw", "meneer", "mevr", "dhr", "juffrouw", "docteur", "dokter", "dr", "maître"}
_CASED_TITLES = {"M", "Me", "Mw"}  # "M. Dupont", "Me Dubois": only with their capital
_FAMILY = {"famille", "familles", "familie", "gezin", "fils", "fille", "zoon", "dochter", "veuve",
           "weduwe", "époux", "épouse", "echtgenoot", "echtgenote"}
# Before these an unknown capitalised word is taken for a person ("chez Nzeyimana").
# ("à", "pour", "aan" are left out: they come before places as often as before people.)
_PERSON_CONTEXT = {"chez", "bij", "avec", "met", "certain", "certaine", "dossier", "selon", "volgens",
                   "contre", "tegen"}
_ARTICLES = {"le", "la", "les", "l", "un", "une", "des", "du", "au", "aux", "ce", "cette", "het", "een",
             "der", "den", "the", "son", "sa", "ses", "mon", "ma", "mes", "notre", "nos", "leur",
             "zijn", "haar", "mijn", "onze", "hun", "dit", "deze", "dat", "die", "quel", "quelle"}
_NAME_PARTICLES = {"van", "vande", "vanden", "vander", "de", "der", "den", "del", "della", "di", "da",
                   "von", "ter", "ten", "el", "al", "ben", "ait", "aït", "abou", "ibn", "bin", "op"}


@dataclass
class _Token:
    start: int
    end: int
    text: str

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def upper(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()


def _tokens(text: str) -> list[_Token]:
    out = []
    for m in _TOKEN.finditer(text):
        start, word = m.start(), m.group(0)
        elided = _ELISION.match(word)
        # "l'Ouest", "d'Evere": the article is not part of the word; "D'Hondt" is one name.
        if elided and not (word[0].isupper() and word[elided.end()].isupper()):
            out.append(_Token(start, start + elided.end() - 1, word[:elided.end() - 1]))
            start, word = start + elided.end(), word[elided.end():]
        out.append(_Token(start, start + len(word), word))
    return out


def _words(text: str) -> list[str]:
    return [t.text for t in _tokens(text)]


def _sentence_start(text: str, index: int) -> bool:
    before = text[:index].rstrip(" \t\"'«“(-–—")
    return not before or before[-1] in ".!?:;\n…"


def _joined(text: str, a: _Token, b: _Token) -> bool:
    """Two tokens written as one name: separated by one space or a hyphen."""
    return text[a.end:b.start] in (" ", "-")


def _is_name_word(token: _Token) -> bool:
    """Could be a surname or given name: capitalised (or all capitals), not a place or service."""
    return (token.capitalised and token.lower not in _not_people()
            and token.lower not in _stops("fr") and token.lower not in _stops("nl"))


def _known_name(token: _Token) -> bool:
    return _is_first_name(token.text) or (token.lower,) in surnames()


def _surname_at(text: str, tokens: list[_Token], i: int) -> int:
    """How many tokens from ``i`` spell a listed surname ("De Smet" is 2), 0 when none.

    A double-barrelled name ("Dubois-Leclercq") counts when one of its parts is a listed
    surname that is not an ordinary word ("Saint-Gilles", "Petit-Château" do not).
    """
    parts = tokens[i].text.split("-")
    if (len(parts) > 1 and all(p[:1].isupper() for p in parts)
            and parts[0].lower() not in ("saint", "sainte", "sint")
            and any((p.lower(),) in surnames() and not _ordinary(p) for p in parts)):
        return 1
    for n in (4, 3, 2, 1):
        part = tokens[i:i + n]
        if len(part) < n or any(not _joined(text, a, b) for a, b in zip(part, part[1:], strict=False)):
            continue
        if tuple(t.lower for t in part) in surnames():
            return n
    return 0


def _name_end(text: str, tokens: list[_Token], i: int) -> int:
    """The index after a name starting at ``i``: particles and capitalised words that follow."""
    j = i + 1
    while j < len(tokens) and _joined(text, tokens[j - 1], tokens[j]):
        k = j
        while k < len(tokens) - 1 and tokens[k].lower in _NAME_PARTICLES and _joined(text, tokens[k],
                                                                                    tokens[k + 1]):
            k += 1
        if not _is_name_word(tokens[k]):
            break
        j = k + 1
    return j


def _standalone(text: str, tokens: list[_Token], i: int, n: int, language: str) -> bool:
    """A listed name of ``n`` tokens at ``i`` with nothing around it: is it a person?

    A name that is also an ordinary word ("Petit", "Vos", "Pierre") is one only when it is
    capitalised in the middle of a sentence, not after an article and not the start of a
    longer proper noun ("le Roi", "de Koning", "Petit Château").
    """
    first = tokens[i]
    if not (first.capitalised and all(t.capitalised or t.lower in _NAME_PARTICLES for t in tokens[i:i + n])):
        return False
    if " ".join(t.lower for t in tokens[i:i + n]) in _not_people() or first.lower in _not_people():
        return False
    if first.upper:  # "IBAN", "CPAS": an acronym unless it is a listed surname ("DUPONT")
        return n == 1 and (first.lower,) in surnames() and not _ordinary(first.text)
    if not (n == 1 and _ordinary(first.text)):
        return True
    if _sentence_start(text, first.start):
        return False
    previous = tokens[i - 1].lower if i else ""
    if previous in _ARTICLES or (language == "nl" and previous == "de"):
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return not (nxt and _joined(text, first, nxt) and nxt.capitalised and not _known_name(nxt))


def _name_spots(text: str, language: str) -> list[Spot]:
    tokens = _tokens(text)
    spans: list[tuple[int, int]] = []  # token index ranges [a, b)
    for i, token in enumerate(tokens):
        after = _title_end(text, tokens, i)
        family = after is None and token.lower in _FAMILY
        if family:
            after = i + 1
        if after is not None:
            span = _name_after(text, tokens, after, family)
            if span:
                spans.append(span)
                continue
        n = _surname_at(text, tokens, i)
        if n and _standalone(text, tokens, i, n, language):
            spans.append((i, max(i + n, _name_end(text, tokens, i + n - 1))))
        elif _is_first_name(token.text) and _standalone(text, tokens, i, 1, language):
            spans.append((i, _name_end(text, tokens, i)))
        elif _particle_surname(text, tokens, i) or _after_person_context(text, tokens, i):
            spans.append((i, _name_end(text, tokens, i)))
    spans = [(_given_names_before(text, tokens, a), b) for a, b in spans]
    return [Spot(tokens[a].start, tokens[b - 1].end, "name", text[tokens[a].start:tokens[b - 1].end])
            for a, b in spans]


def _title_end(text: str, tokens: list[_Token], i: int) -> int | None:
    """The index after a civil title starting at ``i`` ("Madame", "M.", "de heer"), or None."""
    token = tokens[i]
    if token.lower == "de" and i + 1 < len(tokens) and tokens[i + 1].lower == "heer":
        return i + 2
    if token.text == "M" and not text.startswith(".", token.end):
        return None
    return i + 1 if token.lower in _TITLES or token.text in _CASED_TITLES else None


def _name_after(text: str, tokens: list[_Token], k: int, family: bool) -> tuple[int, int] | None:
    """The name right after a title or family word: "Madame Dupont", "famille Van Damme".

    Capitalised words are taken whatever they mean ("la famille Petit"); a lower-case word
    only when it is a listed name and nothing else ("madame dupont"). "Madame la
    Présidente", "de heer de voorzitter" are functions, not names. After a family word a
    lower-case "de"/"van" is the preposition, not part of the name ("de zoon van Vermeulen").
    """
    if k >= len(tokens) or text[tokens[k - 1].end:tokens[k].start].strip(" .") != "":
        return None
    start = k
    while (k < len(tokens) - 1 and tokens[k].lower in _NAME_PARTICLES
           and _joined(text, tokens[k], tokens[k + 1])):
        k += 1
    head = tokens[k]
    if head.lower in _ARTICLES or head.lower in _TITLES:
        return None
    if family and not tokens[start].capitalised:
        start = k
    if _is_name_word(head) or (head.text.islower() and _known_name(head) and not _ordinary(head.text)):
        return start, _name_end(text, tokens, k)
    return None


def _after_person_context(text: str, tokens: list[_Token], i: int) -> bool:
    """An unknown capitalised word after "chez", "bij", "un certain"…: a person."""
    token = tokens[i]
    previous = tokens[i - 1].lower if i else ""
    return (previous in _PERSON_CONTEXT and token.capitalised and not token.upper and len(token.text) > 2
            and _is_name_word(token) and not _ordinary(token.text)
            and not _sentence_start(text, token.start))


def _given_names_before(text: str, tokens: list[_Token], i: int) -> int:
    """Where a name found at ``i`` really starts: "Inès Haddad", "Jan Peeters", "Fatou Camara"."""
    while i > 0 and _joined(text, tokens[i - 1], tokens[i]):
        token = tokens[i - 1]
        if (not _is_name_word(token) or token.upper or token.lower in _TITLES or token.text in _CASED_TITLES
                or (not _is_first_name(token.text) and _ordinary(token.text))):
            break
        i -= 1
    return i


def _particle_surname(text: str, tokens: list[_Token], i: int) -> bool:
    """"Van Steenbrugge", "El Ouardi" mid-sentence: a capitalised particle, then a name."""
    token = tokens[i]
    if not (token.capitalised and token.lower in _NAME_PARTICLES and i + 1 < len(tokens)):
        return False
    if _sentence_start(text, token.start) or token.upper:
        return False
    nxt = tokens[i + 1]
    return _joined(text, token, nxt) and _is_name_word(nxt) and not nxt.upper


# --- pseudonyms ---------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents, one character for one (so offsets stay valid)."""
    out = []
    for char in text:
        base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        folded = base.lower()
        out.append(folded if len(folded) == 1 else char)
    return "".join(out)


def _pseudonym_spots(text: str, known_names: Iterable[str]) -> list[Spot]:
    folded = _fold(text)
    spots = []
    for name in {n.strip() for n in known_names if n and n.strip()}:
        for m in re.finditer(rf"(?<!\w){re.escape(_fold(name))}(?!\w)", folded):
            spots.append(Spot(m.start(), m.end(), "pseudonym", text[m.start():m.end()]))
    return spots


# --- finding ------------------------------------------------------------------------


def find_personal_data(text: str, language: str = "fr", known_names: Iterable[str] = ()) -> list[Spot]:
    """Every spot of personal data in ``text``, in order, without overlaps.

    ``known_names`` are the pseudonyms of the session (and its project): each whole-word
    occurrence is a ``pseudonym`` spot.
    """
    language = language if language in PLACEHOLDERS else "fr"
    found = _numbers_and_addresses(text) + _name_spots(text, language)
    found += _pseudonym_spots(text, known_names)
    return _merge_names(text, _resolve(found))


def _resolve(spots: list[Spot]) -> list[Spot]:
    """Drop spots overlapping a stronger one (by kind priority, then length)."""
    ranked = sorted(spots, key=lambda s: (_PRIORITY[s.kind], -(s.end - s.start),
                                          s.kind != "pseudonym", s.start))
    kept: list[Spot] = []
    for spot in ranked:
        if all(spot.end <= k.start or spot.start >= k.end for k in kept):
            kept.append(spot)
    return sorted(kept, key=lambda s: s.start)


def _merge_names(text: str, spots: list[Spot]) -> list[Spot]:
    """"Dupont Jean" found as two names is one name."""
    merged: list[Spot] = []
    for spot in spots:
        last = merged[-1] if merged else None
        if (last and last.kind == spot.kind == "name"
                and text[last.end:spot.start] in (" ", "-")):
            merged[-1] = Spot(last.start, spot.end, "name", text[last.start:spot.end])
        else:
            merged.append(spot)
    return merged


# --- redacting ----------------------------------------------------------------------


def redact(text: str, spots: list[Spot], keep: set | frozenset = frozenset(),
           language: str = "fr") -> tuple[str, list[dict]]:
    """Replace every spot not kept by a placeholder; return the text and what was redacted.

    A spot is kept when ``keep`` holds the spot itself, its ``(start, end)``, or its kind
    (e.g. ``{"name"}`` keeps every name). Records give ``start``/``end`` in the original
    text, ``kind``, ``excerpt`` and ``placeholder``. Two redacted spots of the same kind
    with only spaces between them read as one placeholder ("[nom]", not "[nom] [nom]").
    """
    labels = PLACEHOLDERS.get(language, PLACEHOLDERS["fr"])
    out, records, cursor = [], [], 0
    for spot in sorted(_resolve(list(spots)), key=lambda s: s.start):
        if spot in keep or (spot.start, spot.end) in keep or spot.kind in keep:
            continue
        placeholder = labels[spot.kind]
        gap = text[cursor:spot.start]
        if records and records[-1]["placeholder"] == placeholder and not gap.strip():
            records[-1]["end"] = spot.end
            records[-1]["excerpt"] = text[records[-1]["start"]:spot.end]
        else:
            out.append(gap)
            out.append(placeholder)
            records.append({"start": spot.start, "end": spot.end, "kind": spot.kind,
                            "excerpt": text[spot.start:spot.end], "placeholder": placeholder})
        cursor = spot.end
    out.append(text[cursor:])
    return "".join(out), records
