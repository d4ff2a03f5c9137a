"""Where each finding comes from, as the forum's material says it: never looked up here.

A forum keeps a copy of its material, which may come from another installation: a group or
session id in it names a row of *that* database. The forum therefore shows the references as
the file gives them (group, session, story, date; the stable ids ``group_uid`` and
``session_uid``), and a reference without a name is shown as a reference that could not be
resolved, never replaced by whatever local row has the same id.
"""

from flask_babel import gettext as _

from ..core.security import has_control_characters

NAMES = ("group", "session", "story", "date", "theme")
REFERENCES = ("group_uid", "session_uid", "contribution", "group_id", "session_id")  # as given
KEYS = NAMES + REFERENCES
MAX_LENGTH = 300


def source_of(item: dict) -> dict:
    """The source references an item of the material carries, as given (empty ones left out)."""
    return {key: item[key] for key in KEYS if item.get(key) not in (None, "")}


def _reference(source: dict, name: str, *refs: str) -> str | None:
    return next((str(source[ref]) for ref in refs if ref in source), None) if name not in source else None


def source_line(source: dict) -> str | None:
    """"Source : Groupe A — Jour 1 — récit : …", in the current language; a group or session
    named only by an id is shown as an unresolved reference."""
    parts = []
    group_ref = _reference(source, "group", "group_uid", "group_id")
    if "group" in source:
        parts.append(str(source["group"]))
    elif group_ref:
        parts.append(_("groupe %(reference)s (référence non résolue)", reference=group_ref))
    session_ref = _reference(source, "session", "session_uid", "session_id")
    if "session" in source:
        parts.append(str(source["session"]) + (f", {source['date']}" if "date" in source else ""))
    elif session_ref:
        parts.append(_("séance %(reference)s (référence non résolue)", reference=session_ref))
    if not parts:
        return None
    line = _("Source : %(source)s", source=" — ".join(parts))
    if "story" in source:
        line += " — " + _("récit : %(story)s", story=source["story"])
    return line


def valid_source(item: dict) -> bool:
    """Source fields, when present, are short plain texts or numbers (they reach the DOCX)."""
    for key in KEYS:
        value = item.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            return False
        if isinstance(value, str) and (len(value) > MAX_LENGTH or has_control_characters(value)):
            return False
    return True
