"""The live content of the current step, the same for the projector and every participant.

Computed once per change and rendered once per language: it never depends on who looks.
It never says who wrote what. What a kind of step adds comes from its ``content`` function
(the providers below for the built-in kinds, ``workshop.sessions.steps``).
"""

from ..core.extensions import db
from .models import Participant, Vote
from .results import listed_on_phones, public
from .tallies import position_board, priority_ranking, visible_items, vote_tally, vote_targets
from .wording import wordings


def _pseudonym(participant_id):
    participant = participant_id and db.session.get(Participant, participant_id)
    return participant.pseudonym if participant else None


def positioned_kinds(session) -> list[str]:
    """What this session's method positions the group on (interpretations in the MAG; findings
    and visions in action research), in the order of its steps."""
    kinds = [step.kind.vote_on for step in session.method.steps if step.kind.vote_kind == "agreement"]
    return list(dict.fromkeys(kinds))


def timer_context(session) -> dict:
    """A timer never started shows the step's time box (not an elapsed 0:00)."""
    ends_at = session.timer_ends_at
    left = session.timer_seconds_left()
    return {"running": ends_at is not None,
            "ends_at_ms": int(ends_at.timestamp() * 1000) if ends_at else None,
            "remaining": session.step.minutes * 60 if left is None else left}


def board_context(session) -> dict:
    step = session.step
    kind = step.kind
    state = session.state()
    context = {"session": session, "step": step, "state": state, "kind": kind.name,
               "timer": timer_context(session), "chosen_story": session.chosen_story,
               "results_public": public(session, state), "listed_on_phones": listed_on_phones(kind, state)}
    if kind.contribution_kind:
        context["items"] = visible_items(session, kind.contribution_kind, step.index)
    if kind.speaking_order:
        order = state.speaking_order
        turn = state.turn
        context["speaker"] = _pseudonym(order[turn]) if 0 <= turn < len(order) else None
        context["next_speaker"] = _pseudonym(order[turn + 1]) if turn + 1 < len(order) else None
        context["turns_total"] = len(order)
    if kind.vote_kind == "agreement" or kind.positions_board:
        positioned = [kind.vote_on] if kind.vote_kind == "agreement" else positioned_kinds(session)
        context["board"] = [row for each in positioned for row in position_board(
            session, each, voted_now=kind.vote_kind == "agreement")]
        context["positions_cast"] = db.session.scalar(
            db.select(db.func.count(db.distinct(Vote.participant_id)))
            .where(Vote.session_id == session.id, Vote.kind == "agreement"))
    if kind.wording:
        context["wordings"] = wordings(session)
    if kind.questionnaire:
        context["respondents"] = len({item.participant_id for item in context["items"]})
    if kind.content:
        context.update(kind.content(session))
    return context


# --- what built-in kinds add --------------------------------------------------------------------

def story_choice(session) -> dict:
    tally = vote_tally(session, "story_choice")
    stories = [(story, tally.get(story.id, {}).get("1", 0)) for story in vote_targets(session, "story")]
    return {"stories": stories, "votes_cast": sum(count for _story, count in stories)}


def narration(session) -> dict:
    return {"narration": visible_items(session, "narration")}


def opening(session) -> dict:
    """The session's sequence by phase, as the opening presents it (the opening left out)."""
    outline: dict[int, list] = {}
    for step in session.method.steps:
        if step.kind.name != "opening":
            outline.setdefault(step.phase, []).append(step)
    return {"outline": [(session.method.phase_title(phase), steps) for phase, steps in outline.items()]}


def ranking(session) -> dict:
    return {"ranking": priority_ranking(session)}


def theory(session) -> dict:
    return {"theory": visible_items(session, "theory")}
