"""What the room has written and decided so far, read for screens: visible items, vote tallies,
the live positioning board and the priority ranking. Counts only: never who voted what."""

from ..core.extensions import db
from ..synthesis.positions import PositionRules, classify
from .models import Contribution, Vote
from .sequences import chosen_before, of_current_story


def visible_items(session, kind: str, step_index: int | None = None) -> list[Contribution]:
    query = db.select(Contribution).filter_by(session_id=session.id, kind=kind, hidden=False,
                                              merged_into_id=None)
    if step_index is not None:
        query = query.filter_by(step_index=step_index)
    return list(db.session.scalars(query.order_by(Contribution.id)))


def vote_targets(session, kind: str) -> list[Contribution]:
    """What a vote step on ``kind`` offers: interpretations are those of the story analysed now
    (a day with several MAG sequences positions each story's own), stories those no earlier
    sequence chose."""
    items = visible_items(session, kind)
    if kind == "interpretation":
        return of_current_story(session, items)
    if kind == "story":
        taken = chosen_before(session)
        return [item for item in items if item.id not in taken]
    return items


def vote_target(session, item: Contribution) -> bool:
    if item.kind == "story":
        return item.id not in chosen_before(session)
    return item.kind != "interpretation" or bool(of_current_story(session, [item]))


def step_items(session, step_index: int) -> list[Contribution]:
    """Everything written in a step except private notes, for the console (hidden ones included)."""
    return list(db.session.scalars(
        db.select(Contribution).filter_by(session_id=session.id, step_index=step_index)
        .filter(Contribution.kind != "private_note").order_by(Contribution.id)))


def own_items(participant, step_index: int) -> list[Contribution]:
    return list(db.session.scalars(
        db.select(Contribution).filter_by(participant_id=participant.id, step_index=step_index)
        .order_by(Contribution.id)))


def vote_step(session, kind: str) -> int | None:
    """The step a vote of ``kind`` cast now belongs to: a story choice to the choose step the room
    is in (each sequence keeps its own votes); the other kinds to none."""
    return session.current_step if kind == "story_choice" else None


def _of_step(query, session, kind: str):
    """Story-choice votes count in their own choose step: the current one."""
    step = vote_step(session, kind)
    return query if step is None else query.where(Vote.step_index == step)


def vote_tally(session, kind: str) -> dict[int, dict[str, int]]:
    """{contribution id: {value: count}}; for priority votes the dots are summed under 'dots';
    story-choice votes are those of the current choose step."""
    rows = db.session.execute(_of_step(
        db.select(Vote.contribution_id, Vote.value, db.func.count(), db.func.sum(Vote.points))
        .where(Vote.session_id == session.id, Vote.kind == kind), session, kind)
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
    votes = db.session.scalars(_of_step(db.select(Vote).filter_by(
        participant_id=participant.id, kind=kind), participant.session, kind))
    return {vote.contribution_id: vote for vote in votes}


def voters_in_step(session, kind: str) -> dict[int, int]:
    """{participant id: their votes of ``kind``} (story choices: in the current choose step)."""
    return dict(db.session.execute(_of_step(
        db.select(Vote.participant_id, db.func.count())
        .where(Vote.session_id == session.id, Vote.kind == kind), session, kind)
        .group_by(Vote.participant_id)).all())


def position_board(session, kind: str = "interpretation", *, voted_now: bool = False) -> list[dict]:
    """Items of ``kind`` (interpretations by default) with their positioning counts and what the
    rules make of them; ``voted_now``: only those the open vote offers (``vote_targets``)."""
    rules = PositionRules.from_mapping(session.method.settings.get("positions"))
    tally = vote_tally(session, "agreement")
    board = []
    for item in vote_targets(session, kind) if voted_now else visible_items(session, kind):
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
