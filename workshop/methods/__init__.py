"""Methods are data: one TOML file per method lists its phases and steps.

A step names a *kind*; the kinds below say what the app does during a step of that
kind (what participants write, who may write it, what they vote on). Adding a method
means writing a file, not touching views.
"""

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from flask_babel import get_locale

METHODS_DIR = Path(__file__).parent


@dataclass(frozen=True)
class StepKind:
    """Behaviour shared by every step of one kind."""

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
    revealed_on_entry: bool = True
    speaking_order: bool = False
    questionnaire: bool = False
    board: bool = False  # shows the computed convergence/divergence board


STEP_KINDS = {
    kind.name: kind
    for kind in (
        StepKind("collect_stories", "story", "all", needs_title=True, revealed_on_entry=False),
        StepKind("choose_story", vote_kind="story_choice", vote_on="story", votes_open_on_entry=True),
        StepKind("narration", "narration", "narrator", staff_kind="narration",
                 private_kind="private_note"),
        StepKind("collect_enjeux", "enjeu", "all"),
        StepKind("questions", "question", "others"),
        StepKind("interpretation_round", "interpretation", "others", revealed_on_entry=False,
                 speaking_order=True),
        StepKind("narrator_reaction", "narrator_reaction", "narrator",
                 staff_kind="narrator_reaction"),
        StepKind("positioning", vote_kind="agreement", vote_on="interpretation",
                 votes_open_on_entry=True),
        StepKind("convergences", "finding", "all", staff_kind="finding", board=True),
        StepKind("theory", "problem", "all", staff_kind="theory"),
        StepKind("proposals", "proposal", "all", needs_level=True, vote_kind="priority",
                 vote_on="proposal"),
        StepKind("evaluation", "evaluation", "all", questionnaire=True),
        # Action research (DESIGN §1b): findings (the theme's initial ones, or those carried
        # from the group's previous session) that the group completes and positions itself on,
        # and visions to a horizon year, positioned the same way.
        StepKind("diagnostic", "finding", "all", staff_kind="finding", vote_kind="agreement",
                 vote_on="finding"),
        StepKind("visions", "vision", "all", staff_kind="vision", vote_kind="agreement",
                 vote_on="vision"),
        # Validation forum (DESIGN §1c): three questions per finding, answered individually
        # (workshop.forum), the rapporteur's verdict per finding.
        StepKind("forum_validation"),
    )
}


def localized(texts: dict, language: str | None = None) -> str:
    """Pick the text in the given (or current) language, falling back to French."""
    language = language or str(get_locale() or "fr")
    return texts.get(language) or texts.get("fr") or next(iter(texts.values()), "")


@dataclass(frozen=True)
class Step:
    index: int
    key: str
    phase: int
    kind: StepKind
    minutes: int
    titles: dict
    prompts: dict

    @property
    def title(self) -> str:
        return localized(self.titles)

    @property
    def prompt(self) -> str:
        return localized(self.prompts)


@dataclass(frozen=True)
class Question:
    key: str
    scale: bool
    labels: dict

    @property
    def label(self) -> str:
        return localized(self.labels)


@dataclass(frozen=True)
class Method:
    key: str
    titles: dict
    phases: dict  # number -> titles
    steps: tuple[Step, ...]
    settings: dict = field(default_factory=dict)
    questions: tuple[Question, ...] = ()

    @property
    def title(self) -> str:
        return localized(self.titles)

    def phase_title(self, number: int) -> str:
        return localized(self.phases.get(number, {}))


class MethodError(ValueError):
    """A method file that does not describe a usable method."""


def _parse(data: dict) -> Method:
    try:
        phases = {phase["number"]: phase["title"] for phase in data.get("phases", [])}
        steps = []
        for index, raw in enumerate(data["steps"]):
            if raw["kind"] not in STEP_KINDS:
                raise MethodError(f"step {raw['key']}: unknown kind {raw['kind']!r}")
            if raw["phase"] not in phases:
                raise MethodError(f"step {raw['key']}: unknown phase {raw['phase']}")
            steps.append(Step(index, raw["key"], raw["phase"], STEP_KINDS[raw["kind"]],
                              int(raw["minutes"]), raw["title"], raw["prompt"]))
        questions = tuple(Question(q["key"], bool(q.get("scale")), q["label"])
                          for q in data.get("evaluation", []))
        return Method(data["key"], data["title"], phases, tuple(steps),
                      data.get("settings", {}), questions)
    except KeyError as missing:
        raise MethodError(f"missing field {missing}") from None


@cache
def all_methods() -> dict[str, Method]:
    """Every method file in this folder, by key."""
    methods = {}
    for path in sorted(METHODS_DIR.glob("*.toml")):
        method = _parse(tomllib.loads(path.read_text(encoding="utf-8")))
        methods[method.key] = method
    return methods


def get_method(key: str) -> Method:
    try:
        return all_methods()[key]
    except KeyError:
        raise MethodError(f"unknown method {key!r}") from None
