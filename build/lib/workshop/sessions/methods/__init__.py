"""Methods are data: one TOML file per method lists its phases and steps.

A step names a *kind* (``workshop.sessions.step_kinds``), which says what the app does
during it. Adding a method means writing a file, not touching views. The built-in methods
lie in this folder; a context adds its own folder with ``add_method_folder``.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import get_locale

from ..step_kinds import StepKind, step_kind

_folders: list[Path] = [Path(__file__).parent]
_methods: dict[str, "Method"] = {}


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
    standalone: bool = True  # offered on "new session"; False: created by its context (ateliers)

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
            kind = step_kind(raw["kind"])
            if kind is None:
                raise MethodError(f"step {raw['key']}: unknown kind {raw['kind']!r}")
            if raw["phase"] not in phases:
                raise MethodError(f"step {raw['key']}: unknown phase {raw['phase']}")
            steps.append(Step(index, raw["key"], raw["phase"], kind,
                              int(raw["minutes"]), raw["title"], raw["prompt"]))
        questions = tuple(Question(q["key"], bool(q.get("scale")), q["label"])
                          for q in data.get("evaluation", []))
        return Method(data["key"], data["title"], phases, tuple(steps),
                      data.get("settings", {}), questions, bool(data.get("standalone", True)))
    except KeyError as missing:
        raise MethodError(f"missing field {missing}") from None


def add_method_folder(folder: Path) -> None:
    """Read the methods of another context's folder too."""
    if folder not in _folders:
        _folders.append(folder)
        _methods.clear()


def all_methods() -> dict[str, Method]:
    """Every method file of the known folders, by key (read once)."""
    if not _methods:
        for folder in _folders:
            for path in sorted(folder.glob("*.toml")):
                method = _parse(tomllib.loads(path.read_text(encoding="utf-8")))
                _methods[method.key] = method
    return _methods


def get_method(key: str) -> Method:
    try:
        return all_methods()[key]
    except KeyError:
        raise MethodError(f"unknown method {key!r}") from None
