"""The facilitator shapes a session's method before it starts: skip, repeat or reorder steps
within the rules of their kinds, change time boxes and prompts, and keep the result as a named
variant for the team. Built-in method files are never written to.

Items already stored under a step (a thematic group's starting findings) move with their step;
a step that holds some cannot be skipped.
"""

from flask_babel import gettext as _

from ..core.errors import ActionError
from ..core.extensions import db
from .contributions import clean_text
from .methods import LANGUAGES, MAX_MINUTES, MethodError, build_steps, get_method, step_data
from .models import Contribution, MethodVariant, Note, StepState, Vote
from .sequences import moved_choices, restored_choices

NAME_LIMIT = 120


def current_steps(session) -> list[dict]:
    return [step_data(step) for step in session.method.steps]


def _require_draft(session) -> None:
    if session.status != "draft":
        raise ActionError(_("Le déroulé se règle avant le début de la séance."), 409)


def _index(steps: list, index: int) -> int:
    if not 0 <= index < len(steps):
        raise ActionError(_("Cette étape n'existe pas."), 400)
    return index


def _new_key(steps: list, key: str) -> str:
    base = _base(key)
    number = 2
    while any(step["key"] == f"{base}--{number}" for step in steps):
        number += 1
    return f"{base}--{number}"


def skip(steps: list, index: int) -> list:
    return steps[:_index(steps, index)] + steps[index + 1:]


def repeat(steps: list, index: int) -> list:
    copy = dict(steps[_index(steps, index)], key=_new_key(steps, steps[index]["key"]))
    return steps[:index + 1] + [copy] + steps[index + 1:]


def move(steps: list, index: int, by: int) -> list:
    other = _index(steps, index) + by
    if not 0 <= other < len(steps):
        return steps
    moved = list(steps)
    moved[index], moved[other] = moved[other], moved[index]
    return moved


def _base(key: str) -> str:
    return key.rsplit("--", 1)[0]


def add(method, steps: list, key: str) -> list:
    """The steps of the method's addition ``key`` put in the sequence: at the start, or after the
    step it follows and after the copies of itself added before (a second one comes last)."""
    addition = next((one for one in method.additions if one.key == key), None)
    if addition is None:
        raise ActionError(_("Cette méthode ne propose pas cet ajout."), 400)
    taken, new = list(steps), []
    for step in addition.steps:
        data = step_data(step)
        if any(one["key"] == data["key"] for one in taken):
            data["key"] = _new_key(taken, data["key"])
        taken.append(data)
        new.append(data)
    place = 0
    if addition.after:
        bases = {addition.after} | {step.key for step in addition.steps}
        behind = [index for index, one in enumerate(steps) if _base(one["key"]) in bases]
        place = behind[-1] + 1 if behind else len(steps)
    return steps[:place] + new + steps[place:]


def retime(steps: list, index: int, minutes: str | None, prompts: dict) -> list:
    """A step's time box and its prompt in each language."""
    try:
        minutes = int(minutes or "")
    except ValueError:
        minutes = 0
    if not 1 <= minutes <= MAX_MINUTES:
        raise ActionError(_("La durée est un nombre de minutes de 1 à %(max)d.", max=MAX_MINUTES), 400)
    prompt = {language: clean_text(prompts.get(language), limit=2000) for language in LANGUAGES}
    changed = list(steps)
    changed[_index(steps, index)] = dict(steps[index], minutes=minutes, prompt=prompt)
    return changed


def apply(session, steps: list) -> None:
    """Give ``session`` this sequence, if the rules of the kinds allow it; what is stored under a
    step follows it."""
    _require_draft(session)
    try:
        build_steps(session.method, steps)
    except MethodError as error:
        raise ActionError(str(error), 400) from None
    old = [step.key for step in session.method.steps]
    new = {step["key"]: index for index, step in reversed(list(enumerate(steps)))}
    for model in (Contribution, Note, Vote):
        for item in db.session.scalars(db.select(model).filter_by(session_id=session.id)
                                       .filter(model.step_index.is_not(None))):
            if old[item.step_index] not in new:
                raise ActionError(_("L'étape « %(title)s » contient déjà des éléments (constats de "
                                    "départ, notes) : elle ne peut pas être retirée.",
                                    title=session.method.steps[item.step_index].title), 409)
            item.step_index = new[old[item.step_index]]
    choices = moved_choices(session, lambda index: new.get(old[index]))
    db.session.execute(db.delete(StepState).where(StepState.session_id == session.id))
    db.session.expire(session, ["step_states"])
    session.current_step = 0
    session.method_steps = None if steps == _file_steps(session) else steps
    session.state(0)
    restored_choices(session, choices)


def _file_steps(session) -> list[dict]:
    return [step_data(step) for step in get_method(session.method_key).steps]


def reset(session) -> None:
    apply(session, _file_steps(session))


def save_variant(session, user, name: str | None) -> MethodVariant:
    name = clean_text(name, limit=NAME_LIMIT)
    if db.session.scalar(db.select(MethodVariant.id).filter_by(name=name)):
        raise ActionError(_("Une variante porte déjà ce nom : choisissez-en un autre."), 409)
    variant = MethodVariant(name=name, method_key=session.method_key,
                            steps=current_steps(session), created_by_id=user.id)
    db.session.add(variant)
    return variant


def variants() -> list[MethodVariant]:
    return list(db.session.scalars(db.select(MethodVariant).order_by(MethodVariant.name)))
