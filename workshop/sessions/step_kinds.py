"""Step kinds: what the app does during a step of one kind, as data plus a registry.

A method's step names a kind. The kind says what participants write and who may write it,
what they vote on, what staff may add, what the room sees (a template and the content it
needs) and what the console counts as "has taken part". Contexts register their own kinds
(the forum registers ``forum_validation``); views never branch on a kind's name.
"""

from collections.abc import Callable
from dataclasses import dataclass

_kinds: dict[str, "StepKind"] = {}


@dataclass(frozen=True)
class StepKind:
    name: str
    contribution_kind: str | None = None  # what participants write during the step
    writers: str = "none"  # "all", "narrator", "others" (everyone but the narrator) or "none"
    staff_kind: str | None = None  # what staff may add from the console
    private_kind: str | None = None  # private notes for those who are not writing
    vote_kind: str | None = None  # "story_choice", "agreement" or "priority"
    vote_on: str | None = None  # contribution kind that is voted on
    votes_open_on_entry: bool = False
    needs_title: bool = False
    needs_level: bool = False
    revealed_on_entry: bool = True  # in a vote step: its results revealed (``results``)
    speaking_order: bool = False
    questionnaire: bool = False
    positions_board: bool = False  # shows the computed convergence/divergence board
    wording: bool = False  # the group words each positioned item here (``sessions.wording``)
    template: str = ""  # what the room sees: the projector and the participants' shared part
    console_template: str | None = None  # the facilitator's own panel for this kind of step
    content: Callable | None = None  # content(session) -> dict: what ``template`` needs beyond the items
    presence: Callable | None = None  # presence(session) -> {participant id: how much they gave}
    participant_page: str | None = None  # endpoint of the participant's page, when not the usual one
    shared_on_phones: bool = True  # phones show the room's content, not only the prompt
    # The rules of a method's sequence (``methods.check_steps``): what an earlier step must have
    # given (contribution kinds, "chosen_story", "positions"), and kinds held once per session.
    needs: tuple[str, ...] = ()
    once: bool = False

    @property
    def provides(self) -> set[str]:
        """What later steps may build on once this one has happened."""
        given = {self.contribution_kind, self.staff_kind}
        if self.vote_kind == "story_choice":
            given.add("chosen_story")
        if self.vote_kind == "agreement":
            given.add("positions")
        return given - {None}


def register_step_kind(kind: StepKind) -> StepKind:
    _kinds.setdefault(kind.name, kind)
    return _kinds[kind.name]


def step_kind(name: str) -> StepKind | None:
    return _kinds.get(name)


def kind_names() -> list[str]:
    return sorted(_kinds)
