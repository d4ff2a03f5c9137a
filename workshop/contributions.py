"""Contributions and votes: what participants write and decide, with the rules of each step."""

from flask import current_app
from flask_babel import gettext as _

from .accounts import utcnow
from .errors import ActionError
from .extensions import db
from .security import CONTROL_CHARACTERS
from .synthesis.positions import CLASSES, PositionRules, classify

LEVELS = ("practice", "organisation", "policy")
AGREEMENT_VALUES = ("agree", "disagree", "abstain")


class Contribution(db.Model):
    # A form sent twice (a retry after a timeout) carries the same key: stored once.
    __table_args__ = (db.UniqueConstraint("participant_id", "client_key"),)

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    step_index = db.Column(db.Integer, nullable=False)
    kind = db.Column(db.String(30), nullable=False)
    participant_id = db.Column(db.Integer, db.ForeignKey("participant.id", ondelete="CASCADE"))
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))  # staff author
    title = db.Column(db.String(200))
    text = db.Column(db.Text, nullable=False)
    parent_id = db.Column(db.Integer, db.ForeignKey("contribution.id", ondelete="SET NULL"))
    level = db.Column(db.String(20))
    actor = db.Column(db.String(200))
    theme = db.Column(db.String(80))
    score = db.Column(db.Integer)
    language = db.Column(db.String(5))
    hidden = db.Column(db.Boolean, nullable=False, default=False)
    merged_into_id = db.Column(db.Integer, db.ForeignKey("contribution.id", ondelete="SET NULL"))
    position_override = db.Column(db.String(20))
    client_key = db.Column(db.String(40))
    # Starting material: "initial" (the theme's initial findings), "previous" or "divergence"
    # (carried from the group's previous session, where source_id is the original item).
    origin = db.Column(db.String(20))
    source_id = db.Column(db.Integer, db.ForeignKey("contribution.id", ondelete="SET NULL"))
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow, onupdate=utcnow)

    participant = db.relationship("Participant")
    revisions = db.relationship("ContributionRevision", cascade="all, delete-orphan",
                                order_by="ContributionRevision.id")

    @property
    def visible(self) -> bool:
        return not self.hidden and self.merged_into_id is None


class ContributionRevision(db.Model):
    """The text before a moderator corrected it: corrections never erase what was written."""

    id = db.Column(db.Integer, primary_key=True)
    contribution_id = db.Column(db.Integer, db.ForeignKey("contribution.id", ondelete="CASCADE"),
                                nullable=False, index=True)
    title = db.Column(db.String(200))
    text = db.Column(db.Text, nullable=False)
    edited_by_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    edited_at = db.Column(db.DateTime, nullable=False, default=utcnow)


class Vote(db.Model):
    """One participant's vote of one kind on one item; priority votes carry their dots in points."""

    __table_args__ = (db.UniqueConstraint("contribution_id", "participant_id", "kind"),)

    id = db.Column(db.Integer, primary_key=True)
    session_id = db.Column(db.Integer, db.ForeignKey("workshop_session.id", ondelete="CASCADE"),
                           nullable=False, index=True)
    contribution_id = db.Column(db.Integer, db.ForeignKey("contribution.id", ondelete="CASCADE"),
                                nullable=False)
    participant_id = db.Column(db.Integer, db.ForeignKey("participant.id", ondelete="CASCADE"),
                               nullable=False)
    kind = db.Column(db.String(20), nullable=False)
    value = db.Column(db.String(20), nullable=False)
    points = db.Column(db.Integer, nullable=False, default=1)
    client_key = db.Column(db.String(40))  # key of the last form that changed it (see Contribution)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)


# --- reading --------------------------------------------------------------------------------

def visible_items(session, kind: str, step_index: int | None = None) -> list[Contribution]:
    query = db.select(Contribution).filter_by(session_id=session.id, kind=kind, hidden=False,
                                              merged_into_id=None)
    if step_index is not None:
        query = query.filter_by(step_index=step_index)
    return list(db.session.scalars(query.order_by(Contribution.id)))


def step_items(session, step_index: int) -> list[Contribution]:
    """Everything written in a step except private notes, for the console (hidden ones included)."""
    return list(db.session.scalars(
        db.select(Contribution).filter_by(session_id=session.id, step_index=step_index)
        .filter(Contribution.kind != "private_note").order_by(Contribution.id)))


def own_items(participant, step_index: int) -> list[Contribution]:
    return list(db.session.scalars(
        db.select(Contribution).filter_by(participant_id=participant.id, step_index=step_index)
        .order_by(Contribution.id)))


def vote_tally(session, kind: str) -> dict[int, dict[str, int]]:
    """{contribution id: {value: count}}; for priority votes the dots are summed under 'dots'."""
    rows = db.session.execute(
        db.select(Vote.contribution_id, Vote.value, db.func.count(), db.func.sum(Vote.points))
        .where(Vote.session_id == session.id, Vote.kind == kind)
        .group_by(Vote.contribution_id, Vote.value))
    tally: dict[int, dict[str, int]] = {}
    for contribution_id, value, count, points in rows:
        counts = tally.setdefault(contribution_id, {})
        if kind == "priority":
            counts["dots"] = counts.get("dots", 0) + int(points)
            counts["voters"] = counts.get("voters", 0) + count
        else:
            counts[value] = count
    return tally


def own_votes(participant, kind: str) -> dict[int, Vote]:
    votes = db.session.scalars(db.select(Vote).filter_by(participant_id=participant.id, kind=kind))
    return {vote.contribution_id: vote for vote in votes}


def position_board(session, kind: str = "interpretation") -> list[dict]:
    """Items of ``kind`` (interpretations by default) with their positioning counts and what the
    rules make of them."""
    rules = PositionRules.from_mapping(session.method.settings.get("positions"))
    tally = vote_tally(session, "agreement")
    board = []
    for item in visible_items(session, kind):
        counts = tally.get(item.id, {})
        positioning = classify(counts.get("agree", 0), counts.get("disagree", 0),
                               counts.get("abstain", 0), rules)
        board.append({"item": item, "positioning": positioning,
                      "kind": item.position_override or positioning.kind})
    return board


def priority_ranking(session) -> list[dict]:
    tally = vote_tally(session, "priority")
    ranked = [{"item": item, "dots": tally.get(item.id, {}).get("dots", 0),
               "voters": tally.get(item.id, {}).get("voters", 0)}
              for item in visible_items(session, "proposal")]
    return sorted(ranked, key=lambda row: (-row["dots"], -row["voters"], row["item"].id))


# --- writing --------------------------------------------------------------------------------

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


ONE_PER_PARTICIPANT = {"story", "narration"}


def submit(session, participant, step_index: int, *, text: str, title: str | None = None,
           level: str | None = None, actor: str | None = None, language: str | None = None,
           client_key: str | None = None) -> Contribution:
    """A participant's contribution to the open step, checked against the step's rules."""
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
    if kind in ONE_PER_PARTICIPANT and db.session.scalar(
            db.select(Contribution.id).filter_by(session_id=session.id, kind=kind,
                                                 participant_id=participant.id)):
        raise ActionError(_("Vous avez déjà envoyé votre contribution : modifiez-la plutôt."), 409)
    item = Contribution(session_id=session.id, step_index=step_index, kind=kind,
                        participant_id=participant.id, title=title, text=text, level=level,
                        actor=actor, language=language or participant.language or session.language,
                        client_key=client_key,
                        parent_id=session.chosen_story_id if kind in ("enjeu", "narration") else None)
    db.session.add(item)
    return item


def answer_evaluation(session, participant, step_index: int, answers: dict[str, str],
                      language: str | None = None) -> list[Contribution]:
    """Store a whole questionnaire; sending it again replaces the previous answers."""
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
    if session.chosen_story_id == item.id:
        raise ActionError(_("Ce récit a été choisi par le groupe : il ne peut plus être retiré."),
                          409)
    db.session.delete(item)


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
                        parent_id=session.chosen_story_id if kind == "narration" else None)
    db.session.add(item)
    return item


# --- votes ----------------------------------------------------------------------------------

def _open_vote(session, kind: str, contribution_id: int) -> Contribution:
    step_kind = session.step.kind
    if session.status != "live" or step_kind.vote_kind != kind:
        raise ActionError(_("Ce vote n'est pas ouvert dans l'étape en cours."), 409)
    if not session.state().votes_open:
        raise ActionError(_("Le vote est fermé."), 409)
    item = db.session.get(Contribution, contribution_id)
    if item is None or item.session_id != session.id or item.kind != step_kind.vote_on \
            or not item.visible:
        raise ActionError(_("Cet élément n'existe pas ou ne peut pas recevoir de vote."), 404)
    return item


def cast_vote(session, participant, contribution_id: int, kind: str, value: str = "1",
              client_key: str | None = None) -> Vote:
    """Story choice and positioning: one vote per item, withdrawn before it can be changed.

    The same form sent again (same key) is answered with the vote it already stored."""
    item = _open_vote(session, kind, contribution_id)
    client_key = clean_key(client_key)
    if client_key:
        already = db.session.scalar(db.select(Vote).filter_by(
            participant_id=participant.id, contribution_id=item.id, kind=kind, client_key=client_key))
        if already is not None:
            return already
    if kind == "agreement" and value not in AGREEMENT_VALUES:
        raise ActionError(_("Position inconnue : d'accord, pas d'accord ou sans avis."), 400)
    if kind == "priority":
        return add_dot(session, participant, item, client_key)
    existing = db.select(Vote.id).filter_by(participant_id=participant.id, kind=kind)
    if kind == "agreement":
        existing = existing.filter_by(contribution_id=item.id)
    if db.session.scalar(existing):
        raise ActionError(_("Vous avez déjà voté. Retirez votre vote pour le changer."), 409)
    vote = Vote(session_id=session.id, contribution_id=item.id, participant_id=participant.id,
                kind=kind, value="1" if kind == "story_choice" else value, client_key=client_key)
    db.session.add(vote)
    return vote


def add_dot(session, participant, item: Contribution, client_key: str | None = None) -> Vote:
    used = db.session.scalar(db.select(db.func.coalesce(db.func.sum(Vote.points), 0))
                             .where(Vote.participant_id == participant.id, Vote.kind == "priority"))
    if used >= session.priority_dots:
        raise ActionError(_("Vous avez utilisé tous vos points."), 409)
    vote = db.session.scalar(db.select(Vote).filter_by(participant_id=participant.id,
                                                       contribution_id=item.id, kind="priority"))
    if vote is None:
        vote = Vote(session_id=session.id, contribution_id=item.id, participant_id=participant.id,
                    kind="priority", value="dots", points=0)
        db.session.add(vote)
    vote.points += 1
    vote.client_key = client_key
    return vote


def withdraw_vote(session, participant, contribution_id: int, kind: str) -> None:
    """Take back a vote (or one priority dot) while the vote is open."""
    _open_vote(session, kind, contribution_id)
    vote = db.session.scalar(db.select(Vote).filter_by(
        participant_id=participant.id, contribution_id=contribution_id, kind=kind))
    if vote is None:
        raise ActionError(_("Vous n'avez pas voté pour cet élément."), 409)
    if kind == "priority" and vote.points > 1:
        vote.points -= 1
    else:
        db.session.delete(vote)


# --- moderation -----------------------------------------------------------------------------

def session_item(session, contribution_id: int) -> Contribution:
    item = db.session.get(Contribution, contribution_id)
    if item is None or item.session_id != session.id or item.kind == "private_note":
        raise ActionError(_("Cette contribution n'existe pas."), 404)
    return item


def correct(item: Contribution, user, text: str, title: str | None = None) -> None:
    """Fix a typo; the previous wording is kept in the history."""
    item.revisions.append(ContributionRevision(title=item.title, text=item.text,
                                               edited_by_id=user.id, edited_at=utcnow()))
    item.text = clean_text(text)
    if title is not None and item.title is not None:
        item.title = clean_text(title, limit=current_app.config["MAX_TITLE_LENGTH"])


def merge(duplicate: Contribution, into: Contribution) -> None:
    """Fold a duplicate into another item; votes follow unless the voter already voted there."""
    if duplicate.id == into.id or duplicate.kind != into.kind or not into.visible:
        raise ActionError(_("On ne peut fusionner que deux contributions différentes du même type."),
                          400)
    duplicate.merged_into_id = into.id
    voters = set(db.session.scalars(db.select(Vote.participant_id).filter_by(
        contribution_id=into.id)))
    for vote in db.session.scalars(db.select(Vote).filter_by(contribution_id=duplicate.id)):
        if vote.participant_id in voters:
            db.session.delete(vote)
        else:
            vote.contribution_id = into.id


def override_position(item: Contribution, kind: str | None) -> None:
    if kind and kind not in CLASSES:
        raise ActionError(_("Catégorie inconnue."), 400)
    item.position_override = kind or None
