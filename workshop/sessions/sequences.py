"""MAG sequences: a day may choose and analyse several stories (an action-research day with the
"mag-sequence" addition twice), one per choose-story step. Each choose step records its story;
the session's ``chosen_story_id`` is the story of the sequence the room is in now, and what the
group writes about a story (narration, questions, interpretations...) names it as parent."""

from ..core.extensions import db
from .models import Contribution, Vote

# Kinds that belong to the story analysed when they are written.
STORY_ITEMS = ("narration", "enjeu", "question", "interpretation", "narrator_reaction")
UNRECORDED = object()  # no choose step recorded a choice yet: the session's story stands


def _recorded(session, index: int) -> int | None:
    for state in session.step_states:
        if state.step_index == index:
            return state.chosen_story_id
    return None


def _choose_steps(session) -> list:
    return [step for step in session.method.steps if step.kind.name == "choose_story"]


def sequence_story(session, index: int):
    """The story analysed at step ``index``: the choice of the latest choose step at or before
    it (None when that step has not chosen yet, whatever an earlier sequence chose), or
    UNRECORDED when no choose step recorded any (a story carried from the previous session)."""
    recorded = [_recorded(session, step.index) for step in _choose_steps(session)
                if step.index <= index]
    if not any(recorded):
        return UNRECORDED
    return recorded[-1]


def has_story(session, index: int) -> bool:
    story = sequence_story(session, index)
    return session.chosen_story_id is not None if story is UNRECORDED else story is not None


def follow(session, index: int) -> None:
    """The room moved to step ``index``: the session's story becomes that sequence's."""
    story = sequence_story(session, index)
    if story is not UNRECORDED:
        session.chosen_story_id = story


def record_choice(session, story: Contribution) -> None:
    """The facilitator confirms ``story``: recorded on the current sequence's choose step (the
    latest at or before the current step, else the first of the session)."""
    session.chosen_story_id = story.id
    choosers = _choose_steps(session)
    at = [step for step in choosers if step.index <= session.current_step]
    target = at[-1] if at else (choosers[0] if choosers else None)
    if target is not None:
        session.state(target.index).chosen_story_id = story.id


def chosen_ids(session) -> set[int]:
    """Every story the group chose in this session (none of them may be withdrawn)."""
    ids = {state.chosen_story_id for state in session.step_states} | {session.chosen_story_id}
    return ids - {None}


def release_earlier_choice(session, participant) -> None:
    """A participant's story-choice vote for a story an earlier sequence chose is spent: it
    makes way for their vote in this sequence (one story-choice vote per participant)."""
    earlier = {state.chosen_story_id for state in session.step_states
               if state.step_index < session.current_step} - {None}
    if earlier:
        db.session.execute(db.delete(Vote).where(
            Vote.participant_id == participant.id, Vote.kind == "story_choice",
            Vote.contribution_id.in_(earlier)))


def parent_for(session, kind: str) -> int | None:
    """The parent an item of ``kind`` written now gets: the story analysed, for a story item."""
    return session.chosen_story_id if kind in STORY_ITEMS else None


def of_current_story(session, items: list) -> list:
    """Interpretations positioned in a sequence: those of the story analysed now (and those
    written with no story, as before sequences existed)."""
    return [item for item in items if item.parent_id in (None, session.chosen_story_id)]


def chosen_in_order(session) -> list[int]:
    """The stories the day analysed, in its order: each choose step's choice, else (a session
    imported from a document, with no choose step of its own) the stories its story items
    name as parent, in the order they were first written about."""
    states = sorted(session.step_states, key=lambda state: state.step_index)
    recorded = [state.chosen_story_id for state in states if state.chosen_story_id is not None]
    if recorded:
        return list(dict.fromkeys(recorded))
    rows = db.session.execute(
        db.select(Contribution.parent_id, db.func.min(Contribution.id))
        .where(Contribution.session_id == session.id, Contribution.kind.in_(STORY_ITEMS),
               Contribution.parent_id.is_not(None))
        .group_by(Contribution.parent_id).order_by(db.func.min(Contribution.id)))
    stories = set(db.session.scalars(db.select(Contribution.id).filter_by(
        session_id=session.id, kind="story")))
    return [parent for parent, _first in rows if parent in stories]
