"""What participants and staff write, with the rules of each step: who may write what, when,
and how often."""

from flask import current_app
from flask_babel import gettext as _

from ..core.errors import ActionError
from ..core.extensions import db
from ..core.security import CONTROL_CHARACTERS
from .guards import lock_participant, refused_as
from .models import LEVELS, Contribution, Vote
from .sequences import chosen_ids, parent_for
from .tallies import own_items


def clean_text(text: str | None, *, required: bool = True, limit: int | None = None,
               field: str = "text") -> str:
    """Trimmed text without control characters (a NUL byte breaks exports), within the limit."""
    text = (text or "").translate(CONTROL_CHARACTERS).strip()
    limit = limit or current_app.config["MAX_TEXT_LENGTH"]
    if required and not text:
        raise ActionError(_("Le texte est vide : écrivez quelque chose avant d'envoyer."), 400)
    if len(text) > limit:
        raise ActionError(_("Le texte est trop long (%(count)d caractères au maximum).",
                            count=limit), 400)
    return text


def clean_key(key: str | None) -> str | None:
    """Keys come from our own forms; anything else is ignored rather than trusted."""
    key = (key or "").strip()
    return key if 8 <= len(key) <= 40 and key.isalnum() else None


def _require_open_step(session, step_index) -> None:
    if session.status != "live":
        raise ActionError(_("La séance n'est pas en cours."), 409)
    if step_index != session.current_step:
        raise ActionError(_("Cette étape est close : la séance est passée à une autre étape."), 409)


def writable_kind(session, participant) -> str:
    """The contribution kind this participant may write in the current step."""
    kind = session.step.kind
    is_narrator = participant.id == session.narrator_id
    if kind.writers == "all" or (kind.writers == "others" and not is_narrator) or (
            kind.writers == "narrator" and is_narrator):
        return kind.contribution_kind
    if kind.private_kind and not is_narrator:
        return kind.private_kind
    if kind.writers == "narrator":
        raise ActionError(_("Seul le narrateur ou la narratrice écrit dans cette étape."), 403)
    if kind.writers == "others":
        raise ActionError(_("Dans cette étape, le narrateur écoute : ce sont les autres qui écrivent."),
                          403)
    raise ActionError(_("Cette étape ne reçoit pas de contributions."), 409)



def _already_sent() -> str:
    return _("Vous avez déjà envoyé votre contribution : modifiez-la plutôt.")


def submit(session, participant, step_index: int, *, text: str, title: str | None = None,
           level: str | None = None, actor: str | None = None, language: str | None = None,
           client_key: str | None = None) -> Contribution:
    """A participant's contribution to the open step, checked against the step's rules."""
    lock_participant(participant)
    client_key = clean_key(client_key)
    if client_key:
        already = db.session.scalar(db.select(Contribution).filter_by(
            participant_id=participant.id, client_key=client_key))
        if already is not None:
            return already
    _require_open_step(session, step_index)
    kind = writable_kind(session, participant)
    step_kind = session.step.kind
    title = clean_text(title, required=step_kind.needs_title and kind == step_kind.contribution_kind,
                       limit=current_app.config["MAX_TITLE_LENGTH"]) or None
    text = clean_text(text)
    if step_kind.needs_level and kind == step_kind.contribution_kind:
        if level not in LEVELS:
            raise ActionError(_("Choisissez un niveau : pratique, organisationnel ou politique."), 400)
    else:
        level = None
    actor = clean_text(actor, required=False, limit=200) or None
    item = Contribution(session_id=session.id, step_index=step_index, kind=kind,
                        participant_id=participant.id, title=title, text=text, level=level,
                        actor=actor, language=language or participant.language or session.language,
                        client_key=client_key,
                        parent_id=parent_for(session, kind))
    with refused_as(_already_sent):  # a second story or narration: the unique index refuses it
        db.session.add(item)
    return item


def answer_evaluation(session, participant, step_index: int, answers: dict[str, str],
                      language: str | None = None) -> list[Contribution]:
    """Store a whole questionnaire; sending it again replaces the previous answers."""
    lock_participant(participant)
    _require_open_step(session, step_index)
    if not session.step.kind.questionnaire:
        raise ActionError(_("Cette étape n'est pas l'évaluation."), 409)
    stored = []
    for question in session.method.questions:
        raw = (answers.get(question.key) or "").strip()
        score = None
        if question.scale and raw:
            if raw not in {"1", "2", "3", "4", "5"}:
                raise ActionError(_("Les notes vont de 1 à 5."), 400)
            score = int(raw)
        text = clean_text(raw, required=False)
        if text:
            stored.append(Contribution(
                session_id=session.id, step_index=step_index, kind="evaluation",
                participant_id=participant.id, title=question.key, text=text, score=score,
                language=language or participant.language or session.language))
    if not stored:
        raise ActionError(_("Répondez à au moins une question."), 400)
    for old in own_items(participant, step_index):
        db.session.delete(old)
    db.session.add_all(stored)
    return stored


def _own(session, participant, contribution_id: int) -> Contribution:
    lock_participant(participant)
    item = db.session.get(Contribution, contribution_id)
    if item is None or item.session_id != session.id:
        raise ActionError(_("Cette contribution n'existe pas."), 404)
    if item.participant_id != participant.id:
        raise ActionError(_("Vous ne pouvez modifier que vos propres contributions."), 403)
    _require_open_step(session, item.step_index)
    return item


def edit_own(session, participant, contribution_id: int, *, text: str, title: str | None = None,
             level: str | None = None, actor: str | None = None) -> Contribution:
    item = _own(session, participant, contribution_id)
    item.text = clean_text(text)
    if item.title is not None or title:
        item.title = clean_text(title, required=session.step.kind.needs_title,
                                limit=current_app.config["MAX_TITLE_LENGTH"]) or None
    if item.level is not None:
        if level not in LEVELS:
            raise ActionError(_("Choisissez un niveau : pratique, organisationnel ou politique."), 400)
        item.level = level
        item.actor = clean_text(actor, required=False, limit=200) or None
    return item


def withdraw_own(session, participant, contribution_id: int) -> None:
    item = _own(session, participant, contribution_id)
    if item.id in chosen_ids(session):
        raise ActionError(_("Ce récit a été choisi par le groupe : il ne peut plus être retiré."),
                          409)
    db.session.delete(item)


def withdraw_everything(session, participant) -> dict:
    """A participant takes back all they wrote and every vote they cast, until the session
    closes. The story the group chose stays (the group's work rests on it): it is reported so
    the page can say so. Returns the counts withdrawn and whether the chosen story stayed."""
    if session.status == "closed":
        raise ActionError(_("La séance est terminée : vos contributions font partie de sa synthèse. "
                            "Adressez-vous à l'animateur·rice."), 409)
    lock_participant(participant)  # a vote or a contribution sent meanwhile waits, then finds none
    items = db.session.scalars(db.select(Contribution).filter_by(
        session_id=session.id, participant_id=participant.id)).all()
    kept = chosen_ids(session)
    withdrawn = [item for item in items if item.id not in kept]
    ids = [item.id for item in withdrawn]
    votes = db.session.execute(db.delete(Vote).where(Vote.participant_id == participant.id)).rowcount
    if ids:
        db.session.execute(db.delete(Vote).where(Vote.contribution_id.in_(ids)))
        db.session.execute(db.update(Contribution).where(Contribution.parent_id.in_(ids))
                           .values(parent_id=None))
        db.session.execute(db.update(Contribution).where(Contribution.merged_into_id.in_(ids))
                           .values(merged_into_id=None))
    for item in withdrawn:
        db.session.delete(item)
    return {"contributions": len(withdrawn), "votes": votes,
            "kept_story": len(withdrawn) < len(items)}


def staff_contribution(session, user, kind: str, text: str, title: str | None = None) -> Contribution:
    """Staff write narration (typed for the narrator), reactions, findings or theoretical input."""
    if session.step.kind.staff_kind != kind:
        raise ActionError(_("Cette contribution n'est pas prévue dans l'étape en cours."), 409)
    if session.status == "closed":
        raise ActionError(_("Cette séance est terminée."), 409)
    item = Contribution(session_id=session.id, step_index=session.current_step, kind=kind,
                        user_id=user.id, text=clean_text(text), language=session.language,
                        title=clean_text(title, required=False,
                                         limit=current_app.config["MAX_TITLE_LENGTH"]) or None,
                        parent_id=parent_for(session, kind))
    db.session.add(item)
    return item
