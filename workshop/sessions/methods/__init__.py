"""Methods are data: one TOML file per method lists its phases and steps.

A step names a *kind* (``workshop.sessions.step_kinds``), which says what the app does
during it. Adding a method means writing a file, not touching views. The built-in methods
lie in this folder; a context adds its own folder with ``add_method_folder``.
"""

import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from flask_babel import get_locale
from flask_babel import gettext as _

from ..step_kinds import StepKind, kind_names, step_kind

LANGUAGES = ("fr", "nl", "en")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,58}")
MAX_MINUTES = 240

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
class Addition:
    """Steps a facilitator may add to a session on the shaping page (the day's opening): placed
    at the start, or after the step named by ``after``."""
    key: str
    titles: dict
    steps: tuple[Step, ...]
    after: str | None = None

    @property
    def title(self) -> str:
        return localized(self.titles)


@dataclass(frozen=True)
class Method:
    key: str
    titles: dict
    phases: dict  # number -> titles
    steps: tuple[Step, ...]
    settings: dict = field(default_factory=dict)
    questions: tuple[Question, ...] = ()
    additions: tuple[Addition, ...] = ()
    standalone: bool = True  # offered on "new session"; False: created by its context (ateliers)

    @property
    def title(self) -> str:
        return localized(self.titles)

    def phase_title(self, number: int) -> str:
        return localized(self.phases.get(number, {}))


class MethodError(ValueError):
    """A method that cannot be used; the message names the faulty step."""


def _texts(raw, what: Callable[[], str]) -> dict:
    """A text given in every language: { fr = "…", nl = "…", en = "…" }. ``what`` names it in
    a message (only called on an error: a valid file is read without any request)."""
    if not isinstance(raw, dict):
        raise MethodError(_("%(what)s : donnez-le en français, néerlandais et anglais "
                            "({ fr = \"…\", nl = \"…\", en = \"…\" }).", what=what()))
    missing = [language for language in LANGUAGES
               if not isinstance(raw.get(language), str) or not raw[language].strip()]
    if missing:
        raise MethodError(_("%(what)s : il manque la langue %(languages)s.", what=what(),
                            languages=", ".join(missing)))
    return {language: raw[language] for language in LANGUAGES}


def step_label(number: int, key) -> str:
    """How a message names a step: its key and its number in the sequence."""
    if isinstance(key, str) and key:
        return _("étape « %(key)s » (n° %(number)d)", key=key, number=number)
    return _("étape n° %(number)d", number=number)


def _step(index: int, raw, phases: dict) -> Step:
    def where() -> str:
        return step_label(index + 1, raw.get("key") if isinstance(raw, dict) else None)

    if not isinstance(raw, dict):
        raise MethodError(_("%(step)s : ce n'est pas une table [[steps]].", step=where()))
    key = raw.get("key")
    if not isinstance(key, str) or not SLUG.fullmatch(key):
        raise MethodError(_("%(step)s : la clé s'écrit en minuscules, chiffres et tirets.", step=where()))
    kind = step_kind(raw.get("kind")) if isinstance(raw.get("kind"), str) else None
    if kind is None:
        raise MethodError(_("%(step)s : type d'étape inconnu « %(kind)s » (connus : %(known)s).",
                            step=where(), kind=raw.get("kind"), known=", ".join(kind_names())))
    if raw.get("phase") not in phases:
        raise MethodError(_("%(step)s : la phase %(phase)s n'est pas déclarée dans [[phases]].",
                            step=where(), phase=raw.get("phase")))
    minutes = raw.get("minutes")
    if type(minutes) is not int or not 1 <= minutes <= MAX_MINUTES:
        raise MethodError(_("%(step)s : la durée (minutes) est un nombre entier de 1 à %(max)d.",
                            step=where(), max=MAX_MINUTES))
    return Step(index, key, raw["phase"], kind, minutes,
                _texts(raw.get("title"), lambda: _("%(step)s, titre", step=where())),
                _texts(raw.get("prompt"), lambda: _("%(step)s, consigne", step=where())))


def check_steps(steps, questions=()) -> None:
    """The rules of the kinds of steps over a whole sequence: unique keys, what each step needs
    from an earlier one, kinds held once, an evaluation with its questions."""
    given: set[str] = set()
    keys: set[str] = set()
    held: set[str] = set()
    for number, step in enumerate(steps, start=1):
        if step.key in keys:
            raise MethodError(_("%(step)s : une autre étape porte la même clé.",
                                step=step_label(number, step.key)))
        keys.add(step.key)
        missing = [need for need in step.kind.needs if need not in given]
        if missing:
            raise MethodError(_("%(step)s : une étape « %(kind)s » demande avant elle une étape "
                                "qui %(needs)s.", step=step_label(number, step.key), kind=step.kind.name,
                                needs=_(" et une étape qui ").join(need_label(n) for n in missing)))
        if step.kind.once and step.kind.name in held:
            raise MethodError(_("%(step)s : une étape « %(kind)s » n'a lieu qu'une fois par séance.",
                                step=step_label(number, step.key), kind=step.kind.name))
        held.add(step.kind.name)
        if step.kind.questionnaire and not questions:
            raise MethodError(_("%(step)s : une évaluation demande des questions [[evaluation]].",
                                step=step_label(number, step.key)))
        given |= step.kind.provides


def need_label(need: str) -> str:
    return {"chosen_story": _("choisit un récit"), "positions": _("positionne le groupe")}.get(
        need, _("recueille « %(kind)s »", kind=need))


def parse_method(data: dict) -> Method:
    """A method from the decoded TOML of its file, checked against the rules of its kinds."""
    if not isinstance(data.get("key"), str) or not SLUG.fullmatch(data["key"]):
        raise MethodError(_("La clé de la méthode (key) s'écrit en minuscules, chiffres et tirets."))
    titles = _texts(data.get("title"), lambda: _("Le titre de la méthode"))
    raw_phases = data.get("phases")
    if not isinstance(raw_phases, list) or not raw_phases:
        raise MethodError(_("La méthode n'a pas de phases ([[phases]])."))
    phases = {}
    for raw in raw_phases:
        number = raw.get("number") if isinstance(raw, dict) else None
        if type(number) is not int:
            raise MethodError(_("Chaque phase a un numéro (number)."))
        phases[number] = _texts(raw.get("title"),
                                lambda n=number: _("Le titre de la phase %(n)d", n=n))
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise MethodError(_("La méthode n'a pas d'étapes ([[steps]])."))
    steps = tuple(_step(index, raw, phases) for index, raw in enumerate(raw_steps))
    questions = []
    for raw in data.get("evaluation", []):
        key = raw.get("key") if isinstance(raw, dict) else None
        if not isinstance(key, str) or not SLUG.fullmatch(key.replace("_", "-")):
            raise MethodError(_("Chaque question d'évaluation a une clé (key)."))
        questions.append(Question(key, bool(raw.get("scale")),
                                  _texts(raw.get("label"),
                                         lambda k=key: _("La question « %(key)s »", key=k))))
    check_steps(steps, questions)
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise MethodError(_("[settings] est une table."))
    additions = tuple(_addition(raw, phases, steps) for raw in data.get("additions", []))
    return Method(data["key"], titles, phases, steps, settings, tuple(questions), additions,
                  bool(data.get("standalone", True)))


def _addition(raw, phases: dict, steps: tuple[Step, ...]) -> Addition:
    """An [[additions]] table: its own key and title, where it goes, and its [[additions.steps]],
    checked like a method's steps."""
    key = raw.get("key") if isinstance(raw, dict) else None
    if not isinstance(key, str) or not SLUG.fullmatch(key):
        raise MethodError(_("Chaque ajout ([[additions]]) a une clé en minuscules, chiffres et tirets."))
    titles = _texts(raw.get("title"), lambda: _("L'ajout « %(key)s », titre", key=key))
    after = raw.get("after")
    if after is not None and after not in {step.key for step in steps}:
        raise MethodError(_("L'ajout « %(key)s » se place après une étape inconnue « %(after)s ».",
                            key=key, after=after))
    raw_steps = raw.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        raise MethodError(_("L'ajout « %(key)s » n'a pas d'étapes ([[additions.steps]]).", key=key))
    added = tuple(_step(index, one, phases) for index, one in enumerate(raw_steps))
    return Addition(key, titles, added, after)


def step_data(step: Step) -> dict:
    """A step as a method file writes it (what a shaped sequence stores)."""
    return {"key": step.key, "phase": step.phase, "kind": step.kind.name, "minutes": step.minutes,
            "title": dict(step.titles), "prompt": dict(step.prompts)}


def build_steps(base: Method, steps_data: list) -> tuple[Step, ...]:
    """Steps given as data (a shaped sequence), checked like a file's, in ``base``'s phases."""
    steps = tuple(_step(index, raw, base.phases) for index, raw in enumerate(steps_data))
    check_steps(steps, base.questions)
    return steps


def shaped(base: Method, steps_data: list) -> Method:
    """``base`` with the facilitator's own sequence of steps (built once per distinct sequence)."""
    return _shaped(base.key, json.dumps(steps_data, sort_keys=True))


@lru_cache(maxsize=256)
def _shaped(key: str, steps_json: str) -> Method:
    base = get_method(key)
    return replace(base, steps=build_steps(base, json.loads(steps_json)))


def read_method_file(path: Path) -> Method:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise MethodError(_("Ce fichier n'est pas un TOML valable : %(error)s", error=error)) from None
    return parse_method(data)


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
                method = read_method_file(path)
                _methods[method.key] = method
    return _methods


def get_method(key: str) -> Method:
    try:
        return all_methods()[key]
    except KeyError:
        raise MethodError(f"unknown method {key!r}") from None
