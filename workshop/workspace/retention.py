"""How long a session keeps its personal data, and the complete archive.

- The rapporteur declares the report **final** once the session is closed and every spot of
  personal data is decided; the synthesis and its review are then read-only (the rapporteur
  may reopen it until the data are purged).
- Once the report is final, the facilitator (or ``flask --app workshop purge --older-than
  DAYS``) **purges** the session's personal data, keeping the anonymised synthesis: every
  stored text becomes its reviewed version (redacted spots replaced, revisions and private
  notes deleted), the rapporteur's edits and notes likewise, pseudonyms become opaque ids
  (p1, p2…), personal links are replaced by unknown ones, profiles are generalised as the
  disclosure policy publishes them and the organisation is erased; the review's decisions
  (which quote the personal data) are forgotten. Contexts above add their own part
  (``add_purge_step``: the forum erases its participants' free answers).
- The **complete archive** (``interchange.session_document``: pseudonyms, profiles, votes by
  person, raw texts) is the facilitator's, for moving a session between installations.

Each of these is logged (``PersonalDataEvent``: who, when).
"""

import secrets
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from ..core.clock import utcnow
from ..core.errors import ActionError
from ..core.extensions import db
from ..sessions.models import Contribution, ContributionRevision, Note, Participant, WorkshopSession
from ..sessions.profiles import PROFILE_FIELDS
from ..synthesis.disclosure import anonymise_profiles, opaque_ids
from ..synthesis.document import load_document
from ..synthesis.edits import empty_edits
from .interchange import session_document
from .models import PersonalDataEvent, SynthesisEdits, replace_edits
from .redaction import Undecided, personal_data, redacted_document

_PURGE_STEPS: list[Callable] = []


def add_purge_step(step: Callable[[WorkshopSession], None]) -> None:
    """A higher context erases what it stores about a session's participants on a purge."""
    if step not in _PURGE_STEPS:
        _PURGE_STEPS.append(step)


def log(session, user, action: str, details: dict | None = None) -> PersonalDataEvent:
    event = PersonalDataEvent(session_id=session.id, user_id=user.id if user else None,
                              action=action, details=details)
    db.session.add(event)
    current_app.logger.info("session %s: %s by %s", session.id, action,
                            f"user {user.id}" if user else "the command line")
    return event


def events(session) -> list[PersonalDataEvent]:
    return list(db.session.scalars(db.select(PersonalDataEvent).filter_by(session_id=session.id)
                                   .order_by(PersonalDataEvent.id)))


def require_open_report(session) -> None:
    """The synthesis and its review change only while the report is not final."""
    if session.purged_at is not None:
        raise ActionError(_("Les données personnelles de cette séance ont été effacées : la synthèse "
                            "ne change plus."), 409)
    if session.report_final_at is not None:
        raise ActionError(_("Le rapport est final : rouvrez-le pour le modifier."), 409)


# --- report final ------------------------------------------------------------------------------

def set_final(session, user) -> None:
    require_open_report(session)
    if session.status != "closed":
        raise ActionError(_("Clôturez d'abord la séance : le rapport ne peut être final tant "
                            "qu'elle reçoit des contributions."), 409)
    undecided = sum(entry["decision"] is None
                    for entry in personal_data(session, session_document(session)))
    if undecided:
        raise ActionError(ngettext("Relisez d'abord les données personnelles : %(num)d passage reste "
                                   "à décider.", "Relisez d'abord les données personnelles : %(num)d "
                                   "passages restent à décider.", undecided), 409)
    session.report_final_at = utcnow()
    log(session, user, "final")


def reopen(session, user) -> None:
    if session.purged_at is not None:
        raise ActionError(_("Les données personnelles de cette séance ont été effacées : le "
                            "rapport ne peut plus être rouvert."), 409)
    if session.report_final_at is None:
        raise ActionError(_("Le rapport n'est pas final."), 409)
    session.report_final_at = None
    log(session, user, "reopened")


# --- purge ---------------------------------------------------------------------------------------

def purge(session, user=None) -> None:
    """Erase the session's personal data, keeping its anonymised synthesis (see above)."""
    if session.purged_at is not None:
        raise ActionError(_("Les données personnelles de cette séance sont déjà effacées."), 409)
    if session.report_final_at is None:
        raise ActionError(_("Le rapport doit d'abord être déclaré final par le rapporteur."), 409)
    try:
        data, records = redacted_document(session)
    except Undecided as undecided:
        raise ActionError(ngettext("%(num)d passage de données personnelles reste à décider.",
                                   "%(num)d passages de données personnelles restent à décider.",
                                   undecided.count), 409) from None
    doc = load_document(data)
    _participants(session, data, doc)
    _texts(session, data)
    replace_edits(session.id, data.get("synthesis_edits") or empty_edits())
    row = db.session.scalar(db.select(SynthesisEdits).filter_by(session_id=session.id))
    if row is not None:
        row.redactions = {}  # the decisions quote the personal data
    for step in _PURGE_STEPS:
        step(session)
    session.purged_at = utcnow()
    log(session, user, "purge", {"records": records})


def _participants(session, data: dict, doc) -> None:
    people = list(db.session.scalars(db.select(Participant).filter_by(session_id=session.id)
                                     .order_by(Participant.id)))
    ids = opaque_ids(p["id"] for p in data["participants"])
    published = anonymise_profiles({p.id: p.profile for p in doc.participants})["profiles"]
    for person in people:  # free every pseudonym first: "p2" may be somebody's pseudonym
        person.pseudonym = f"~{person.id}"
    db.session.flush()
    for person in people:
        key = f"p{person.id}"
        person.pseudonym = ids.get(key, key)
        person.token = secrets.token_urlsafe(18)
        profile = published.get(key, {})
        for name in PROFILE_FIELDS:
            setattr(person, name, profile.get(name))
        person.last_seen = None
        person.carried_from_id = None
    db.session.execute(db.update(Participant).where(
        Participant.carried_from_id.in_([p.id for p in people])).values(carried_from_id=None))


def _texts(session, data: dict) -> None:
    reviewed = {c["id"]: c for c in data["contributions"]}
    items = list(db.session.scalars(db.select(Contribution).filter_by(session_id=session.id)))
    db.session.execute(db.delete(ContributionRevision).where(
        ContributionRevision.contribution_id.in_([c.id for c in items])))
    for item in items:
        entry = reviewed.get(f"c{item.id}")
        if entry is None:  # private notes and whatever never leaves the room
            db.session.delete(item)
            continue
        item.title, item.text = entry.get("title"), entry["text"]
        item.actor, item.theme = entry.get("actor"), entry.get("theme")
        item.client_key = None
    notes = list(db.session.scalars(db.select(Note).filter_by(session_id=session.id)
                                    .order_by(Note.created_at, Note.id)))
    for note, entry in zip(notes, data.get("notes") or [], strict=True):
        note.text = entry["text"]


def due_for_purge(days: int) -> list[WorkshopSession]:
    """Sessions whose report has been final for at least ``days`` days, not yet purged."""
    limit = utcnow() - timedelta(days=days)
    return list(db.session.scalars(db.select(WorkshopSession).filter(
        WorkshopSession.report_final_at.is_not(None), WorkshopSession.report_final_at <= limit,
        WorkshopSession.purged_at.is_(None)).order_by(WorkshopSession.id)))
