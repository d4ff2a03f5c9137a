"""MAG sequences: a day may choose and analyse several stories (an action-research day with the
"mag-sequence" addition twice), one per choose-story step. Each choose step records its story
and holds its own story-choice votes (``Vote.step_index``: one per participant in each step, so
the first choice's tally never shrinks when the group chooses again); a story chosen in one
sequence is not offered in a later one. What the group writes about a story (narration,
questions, interpretations...) names it as parent.

The session's ``chosen_story_id`` (the story of the sequence the room is in now) stays a
column rather than a property derived from the step records: a story carried from the
group's previous day, or imported from a document, is chosen with no choose step of this
session to record it, and the projector, the phones and every item written read it on each
request through one relationship. It is kept true here: ``follow`` on every move of the room
(``lifecycle.go_to_step``), ``record_choice`` on a choice, ``moved_choices`` and
``restored_choices`` when the facilitator reorders, repeats or skips steps (``shaping.apply``,
where the choices move with their choose step)."""

from flask_babel import gettext as _

from ..core.errors import ActionError
from ..core.extensions import db
from .models import Contribution

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


def choose_step(session, index: int | None = None) -> int | None:
    """The choose step of the sequence step ``index`` (default: the current one) belongs to: the
    latest at or before it, else the first of the session (None: the method has none)."""
    index = session.current_step if index is None else index
    choosers = _choose_steps(session)
    at = [step for step in choosers if step.index <= index]
    target = at[-1] if at else (choosers[0] if choosers else None)
    return target.index if target is not None else None


def _chosen_in_other_steps(session, earlier_only: bool) -> set[int]:
    own = choose_step(session)
    return {state.chosen_story_id for state in session.step_states
            if state.chosen_story_id is not None and state.step_index != own
            and (not earlier_only or own is None or state.step_index < own)}


def chosen_before(session) -> set[int]:
    """Stories an earlier sequence chose than the current one: not offered again for choice
    (going back to an earlier choice shows what it offered then)."""
    return _chosen_in_other_steps(session, earlier_only=True)


def record_choice(session, story: Contribution) -> None:
    """The facilitator confirms ``story``: recorded on the current sequence's choose step; a
    story another sequence chose is refused (each is analysed once)."""
    if story.id in _chosen_in_other_steps(session, earlier_only=False):
        raise ActionError(_("Ce récit a déjà été analysé dans une autre séquence."), 409)
    session.chosen_story_id = story.id
    target = choose_step(session)
    if target is not None:
        session.state(target).chosen_story_id = story.id


def moved_choices(session, moved) -> dict[int, int]:
    """Before the facilitator's new sequence of steps replaces the step records: the recorded
    choices at their new step (``moved``: old index to new, None for a step taken out), and
    the session's story forgotten if one of them was it (``restored_choices`` puts it back)."""
    recorded = {state.step_index: state.chosen_story_id for state in session.step_states
                if state.chosen_story_id is not None}
    if session.chosen_story_id in recorded.values():
        session.chosen_story_id = None
    return {moved(index): story for index, story in recorded.items() if moved(index) is not None}


def restored_choices(session, choices: dict[int, int]) -> None:
    """The choices ``moved_choices`` kept, recorded on their steps again; the session's story is
    the one of the step the room is in."""
    for index, story in choices.items():
        session.state(index).chosen_story_id = story
    follow(session, session.current_step)


def chosen_ids(session) -> set[int]:
    """Every story the group chose in this session (none of them may be withdrawn)."""
    ids = {state.chosen_story_id for state in session.step_states} | {session.chosen_story_id}
    return ids - {None}


def parent_for(session, kind: str) -> int | None:
    """The parent an item of ``kind`` written now gets: the story analysed, for a story item."""
    return session.chosen_story_id if kind in STORY_ITEMS else None


def of_current_story(session, items: list) -> list:
    """Interpretations positioned in a sequence: those of the story analysed now (and those
    written with no story, as before sequences existed)."""
    return [item for item in items if item.parent_id in (None, session.chosen_story_id)]


def chosen_in_order(session) -> list[int]:
    """The stories the day analysed, in its order: those the group's previous day analysed
    (carried, ``origin="chosen"``), then each choose step's choice; else (a session imported
    from a document, with no choose step of its own) the stories its story items name as
    parent, in the order they were first written about."""
    carried = db.session.scalars(db.select(Contribution.id).filter_by(
        session_id=session.id, kind="story", origin="chosen").order_by(Contribution.id)).all()
    states = sorted(session.step_states, key=lambda state: state.step_index)
    recorded = [state.chosen_story_id for state in states if state.chosen_story_id is not None]
    if carried or recorded:
        return list(dict.fromkeys([*carried, *recorded]))
    rows = db.session.execute(
        db.select(Contribution.parent_id, db.func.min(Contribution.id))
        .where(Contribution.session_id == session.id, Contribution.kind.in_(STORY_ITEMS),
               Contribution.parent_id.is_not(None))
        .group_by(Contribution.parent_id).order_by(db.func.min(Contribution.id)))
    stories = set(db.session.scalars(db.select(Contribution.id).filter_by(
        session_id=session.id, kind="story")))
    return [parent for parent, _first in rows if parent in stories]
