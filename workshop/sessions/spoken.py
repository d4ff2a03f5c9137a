"""What was said aloud, entered by the rapporteur or the facilitator for the speaker.

The MAG is an oral method: people speak in turn and the rapporteur writes. A spoken item is an
ordinary contribution of the room (positioned, voted on and synthesised like the others), filed
under the current step, with its speaker (a participant, or nobody: "from the floor") and the
staff member who typed it. The speaker may correct or withdraw it from their own page. Who said
it is never shown to the room nor written in an export (``synthesis.disclosure``).
"""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.errors import ActionError
from ..core.extensions import db
from .contributions import clean_key, clean_text
from .guards import refused_as
from .models import LEVELS, ONE_PER_PARTICIPANT, Contribution, Participant
from .pseudonyms import clean_pseudonym, taken_message
from .sequences import parent_for

KIND_LABELS = {
    "story": _l("Récit"), "enjeu": _l("Enjeu"), "question": _l("Question d'information"),
    "interpretation": _l("Interprétation"), "narrator_reaction": _l("Réaction du narrateur"),
    "finding": _l("Constat"), "good_practice": _l("Bonne pratique"), "problem": _l("Problématique"),
    "vision": _l("Vision"), "proposal": _l("Proposition"),
}  # what can be said aloud (not narration, typed on its own form; not questionnaires)


def collecting_step_kind(session, kind: str):
    """The kind of step of this method where participants write ``kind`` (the current step
    first), else where they vote on it."""
    steps = [session.step, *session.method.steps]
    return next((step.kind for step in steps if step.kind.contribution_kind == kind),
                next((step.kind for step in steps if step.kind.vote_on == kind), None))


def spoken_kinds(session) -> list[str]:
    """What may be entered now: what the current step collects (or votes on) first, then every
    other kind this method collects."""
    steps = [session.step, *session.method.steps]
    kinds = []
    for step in steps:
        for kind in (step.kind.contribution_kind, step.kind.vote_on):
            if kind in KIND_LABELS and kind not in kinds:
                kinds.append(kind)
    return kinds


def default_speaker(session) -> int | None:
    """In a round, the person whose turn it is."""
    if not session.step.kind.speaking_order:
        return None
    state = session.state()
    order = state.speaking_order
    return order[state.turn] if 0 <= state.turn < len(order) else None


def _speaker(session, speaker_id: int | None) -> Participant | None:
    if speaker_id is None:
        return None
    speaker = db.session.get(Participant, speaker_id)
    if speaker is None or speaker.session_id != session.id:
        raise ActionError(_("Cette personne ne participe pas à cette séance."), 400)
    return speaker


def _check_speaker_may_say(session, kind: str, speaker: Participant | None) -> None:
    """The rules of the step that collects this kind: the narrator listens during the rounds,
    and only the narrator reacts to them."""
    step_kind = collecting_step_kind(session, kind)
    if speaker is None or step_kind is None:
        return
    is_narrator = speaker.id == session.narrator_id
    if step_kind.writers == "others" and is_narrator:
        raise ActionError(_("Le narrateur ou la narratrice écoute pendant cette étape : "
                            "attribuez ce qui est dit à une autre personne ou à la salle."), 400)
    if step_kind.writers == "narrator" and not is_narrator:
        raise ActionError(_("Seul le narrateur ou la narratrice dit cela : choisissez-le ou "
                            "choisissez « la salle »."), 400)


def add_person_without_device(session, pseudonym: str | None) -> Participant:
    """Someone who takes part without a phone: a pseudonym the rapporteur can attribute what
    they say to (they have no personal page to open)."""
    if session.status == "closed":
        raise ActionError(_("Cette séance est terminée."), 409)
    person = Participant(session_id=session.id, pseudonym=clean_pseudonym(pseudonym))
    if db.session.scalar(db.select(Participant.id).filter_by(session_id=session.id,
                                                             pseudonym_key=person.pseudonym_key)):
        raise ActionError(taken_message(), 409)
    with refused_as(taken_message):
        db.session.add(person)
    return person


def _already_said() -> str:
    return _("Cette personne a déjà un récit : corrigez-le plutôt que d'en saisir un second.")


def enter_spoken(session, user, *, kind: str, text: str, speaker_id: int | None = None,
                 title: str | None = None, level: str | None = None,
                 client_key: str | None = None) -> Contribution:
    """Store what ``speaker_id`` (or the floor) said, typed by ``user``, in the current step."""
    if session.status != "live":
        raise ActionError(_("La séance n'est pas en cours."), 409)
    if kind not in spoken_kinds(session):
        raise ActionError(_("Ce type de contribution n'est pas recueilli dans cette méthode."), 400)
    client_key = clean_key(client_key)
    if client_key:
        already = db.session.scalar(db.select(Contribution).filter_by(
            session_id=session.id, user_id=user.id, client_key=client_key))
        if already is not None:
            return already
    speaker = _speaker(session, speaker_id)
    _check_speaker_may_say(session, kind, speaker)
    step_kind = collecting_step_kind(session, kind)
    title = clean_text(title, required=bool(step_kind and step_kind.needs_title),
                       limit=current_app.config["MAX_TITLE_LENGTH"]) or None
    text = clean_text(text)
    if step_kind and step_kind.needs_level:
        if level not in LEVELS:
            raise ActionError(_("Choisissez un niveau : pratique, organisationnel ou politique."), 400)
    else:
        level = None
    if speaker is not None and kind in ONE_PER_PARTICIPANT and db.session.scalar(
            db.select(Contribution.id).filter_by(session_id=session.id, kind=kind,
                                                 participant_id=speaker.id)):
        raise ActionError(_already_said(), 409)
    item = Contribution(session_id=session.id, step_index=session.current_step, kind=kind,
                        participant_id=speaker.id if speaker else None, user_id=user.id,
                        spoken=True, title=title, text=text, level=level,
                        language=(speaker.language if speaker else None) or session.language,
                        client_key=client_key,
                        parent_id=parent_for(session, kind))
    with refused_as(_already_said):
        db.session.add(item)
    return item
