"""Pseudonyms a group can tell apart: "Marie", "MARIE", "Mаrie" (a Cyrillic а) and
"Mar\u200bie" are one person to the eye, so a session holds only one of them.

A pseudonym is NFKC-normalised and may not hold invisible or direction-changing characters.
Its *key* (case folded, then the Unicode TR39 skeleton computed by ICU's spoof checker) is
unique within a session in the database, so two joins racing with look-alikes keep one.
"""

import unicodedata

import icu
from flask_babel import gettext as _

from ..core.errors import ActionError

MAX_LENGTH = 40

# Controls, format characters (zero-width, bidi marks and isolates), private use, surrogates,
# unassigned code points, and line or paragraph separators: nothing a reader can see.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}

_spoof_checker = icu.SpoofChecker()


def pseudonym_key(pseudonym: str) -> str:
    """What two pseudonyms that look the same have in common: their skeleton, case folded."""
    folded = unicodedata.normalize("NFKC", pseudonym).casefold()
    return _spoof_checker.getSkeleton(0, folded).casefold()


def clean_pseudonym(raw: str | None) -> str:
    """The pseudonym as it will be shown, or an ActionError (400) that says what to change."""
    pseudonym = unicodedata.normalize("NFKC", raw or "").strip()
    if not pseudonym:
        raise ActionError(_("Choisissez un pseudonyme."), 400)
    if any(unicodedata.category(char) in _REFUSED_CATEGORIES for char in pseudonym):
        raise ActionError(_("Ce pseudonyme contient des caractères invisibles ou de mise en "
                            "forme : écrivez-le avec des lettres, des chiffres et des espaces."), 400)
    pseudonym = " ".join(pseudonym.split())
    if len(pseudonym) > MAX_LENGTH:
        raise ActionError(_("Choisissez un pseudonyme de 40 caractères au plus."), 400)
    return pseudonym


def taken_message() -> str:
    return _("Ce pseudonyme (ou un pseudonyme qui lui ressemble) est déjà pris dans cette "
             "séance : choisissez-en un autre.")


def distinct_pseudonym(name: str, taken_keys: set[str]) -> str:
    """``name``, or ``name 2``, ``name 3``… the first that looks like none of ``taken_keys``
    (for pseudonyms the app gives: registrations, imported files); its key is added to them."""
    base, pseudonym, number = name[:MAX_LENGTH - 4], name[:MAX_LENGTH], 2
    while pseudonym_key(pseudonym) in taken_keys:
        pseudonym, number = f"{base} {number}", number + 1
    taken_keys.add(pseudonym_key(pseudonym))
    return pseudonym
