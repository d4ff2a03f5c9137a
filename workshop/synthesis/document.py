"""The session interchange document (``"format": "tourdetable.session/1"``).

One JSON document per session: participants (pseudonyms and optional profiles),
contributions, votes, rapporteur notes and the rapporteur's synthesis edits. It is
what the synthesis engine reads, what the CLI takes, and what the app exports and
imports. See ``docs/interchange-format.md`` for the field-by-field description.

``load_document`` validates a decoded JSON object and returns dataclasses;
``dump_document`` turns them back into the same dict. Round trip is lossless: an
optional key that was given (even as ``null`` or its default) is written back; an
optional key that was absent stays absent. Unknown keys are kept in ``extra`` and
written back too, so a newer exporter does not lose data through an older importer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .edits import validate_edits
from .errors import DocumentError

FORMAT = "tourdetable.session/1"

METHODS = ("mag-classique", "recherche-action", "forum")
LANGUAGES = ("fr", "nl", "en")
STATUSES = ("draft", "live", "closed")
LEVELS = ("practice", "organisation", "policy")
CONTRIBUTION_KINDS = (
    "story",
    "narration",
    "enjeu",
    "question",
    "interpretation",
    "narrator_reaction",
    "finding",
    "good_practice",
    "theory",
    "problem",
    "vision",
    "proposal",
    "evaluation",
    "wording",
)
VOTE_KINDS = ("story_choice", "agreement", "priority")
AGREEMENT_VALUES = ("agree", "disagree", "abstain")
PROFILE_KEYS = (
    "organisation",
    "organisation_size",
    "service",
    "function",
    "hierarchy",
    "seniority",
    "language",
)

# Phase of each contribution kind when the document does not say (no step given).
DEFAULT_PHASE = {
    "story": 1,
    "narration": 1,
    "enjeu": 1,
    "finding": 1,
    "good_practice": 1,
    "question": 2,
    "interpretation": 2,
    "narrator_reaction": 2,
    "vision": 2,
    "theory": 3,
    "problem": 3,
    "proposal": 3,
    "evaluation": 3,
    "wording": 3,
}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Session:
    title: str
    method: str
    language: str
    date: str | None = None
    status: str | None = None
    settings: dict | None = None
    chosen_story: str | None = None
    chosen_stories: list | None = None  # a day that analysed several stories, in its order
    formula: str | None = None
    extra: dict = field(default_factory=dict)
    given: frozenset = field(default=frozenset(), compare=False, repr=False)

    @property
    def position_settings(self) -> dict:
        return dict((self.settings or {}).get("positions") or {})


@dataclass
class Step:
    index: int
    key: str
    kind: str
    phase: int
    title: str
    extra: dict = field(default_factory=dict)


@dataclass
class Participant:
    id: str
    pseudonym: str | None = None  # absent in an export that left the room (opaque ids only)
    profile: dict | None = None
    extra: dict = field(default_factory=dict)
    given: frozenset = field(default=frozenset(), compare=False, repr=False)


@dataclass
class Contribution:
    id: str
    kind: str
    author: str | None
    text: str
    title: str | None = None
    step: int | None = None
    parent: str | None = None
    level: str | None = None
    actor: str | None = None
    theme: str | None = None
    language: str | None = None
    hidden: bool = False
    score: int | None = None
    created_at: str | None = None
    extra: dict = field(default_factory=dict)
    given: frozenset = field(default=frozenset(), compare=False, repr=False)


@dataclass
class Vote:
    contribution: str
    participant: str
    kind: str
    value: Any
    extra: dict = field(default_factory=dict)


@dataclass
class Note:
    step: int | None
    text: str
    created_at: str | None = None
    extra: dict = field(default_factory=dict)
    given: frozenset = field(default=frozenset(), compare=False, repr=False)


@dataclass
class SessionDocument:
    session: Session
    participants: list[Participant]
    contributions: list[Contribution]
    votes: list[Vote]
    steps: list[Step] | None = None
    notes: list[Note] | None = None
    synthesis_edits: dict | None = None
    extra: dict = field(default_factory=dict)

    def contribution_map(self) -> dict[str, Contribution]:
        return {c.id: c for c in self.contributions}

    def participant_map(self) -> dict[str, Participant]:
        return {p.id: p for p in self.participants}

    def step_map(self) -> dict[int, Step]:
        return {s.index: s for s in self.steps or []}

    def language_of(self, contribution: Contribution) -> str:
        """The contribution's language if it is one we handle, else the session's."""
        lang = (contribution.language or "").lower()[:2]
        return lang if lang in LANGUAGES else self.session.language

    def phase_of(self, contribution: Contribution) -> int:
        """Phase from the contribution's step when steps are declared, else from its kind."""
        if contribution.step is not None:
            step = self.step_map().get(contribution.step)
            if step is not None:
                return step.phase
        return DEFAULT_PHASE[contribution.kind]


# --- validation helpers -------------------------------------------------------------


def _obj(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise DocumentError(path, f"expected an object, got {_type(value)}")
    return value


def _list(value: Any, path: str) -> list:
    if not isinstance(value, list):
        raise DocumentError(path, f"expected a list, got {_type(value)}")
    return value


def _type(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


def _str(obj: dict, key: str, path: str, *, required: bool = True, nullable: bool = False):
    if key not in obj:
        if required:
            raise DocumentError(f"{path}.{key}", "missing")
        return None
    value = obj[key]
    if value is None:
        if nullable or not required:
            return None
        raise DocumentError(f"{path}.{key}", "must not be null")
    if not isinstance(value, str):
        raise DocumentError(f"{path}.{key}", f"expected a string, got {_type(value)}")
    return value


def _int(obj: dict, key: str, path: str, *, required: bool = True):
    if key not in obj:
        if required:
            raise DocumentError(f"{path}.{key}", "missing")
        return None
    value = obj[key]
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DocumentError(f"{path}.{key}", f"expected an integer, got {_type(value)}")
    return value


def _choice(value: Any, choices: tuple, path: str, what: str):
    if value not in choices:
        expected = ", ".join(choices)
        raise DocumentError(path, f"unknown {what} {value!r} (expected one of {expected})")
    return value


def _id(obj: dict, key: str, path: str, *, nullable: bool = False):
    value = _str(obj, key, path, nullable=nullable)
    if value is not None and not value.strip():
        raise DocumentError(f"{path}.{key}", "must not be empty")
    return value


def _extra(obj: dict, known: tuple) -> dict:
    return {k: v for k, v in obj.items() if k not in known}


def _given(obj: dict, optional: tuple) -> frozenset:
    return frozenset(k for k in optional if k in obj)


# --- load ---------------------------------------------------------------------------

_SESSION_KEYS = ("title", "method", "language", "date", "status", "settings", "chosen_story",
                 "chosen_stories", "formula")
_STEP_KEYS = ("index", "key", "kind", "phase", "title")
_PARTICIPANT_KEYS = ("id", "pseudonym", "profile")
_CONTRIBUTION_KEYS = ("id", "kind", "author", "text", "title", "step", "parent", "level",
                      "actor", "theme", "language", "hidden", "score", "created_at")
_CONTRIBUTION_OPTIONAL = _CONTRIBUTION_KEYS[4:]
_VOTE_KEYS = ("contribution", "participant", "kind", "value")
_NOTE_KEYS = ("step", "text", "created_at")
_TOP_KEYS = ("format", "session", "steps", "participants", "contributions", "votes", "notes",
             "synthesis_edits")


def load_document(data: Any) -> SessionDocument:
    """Validate a decoded JSON object and return a :class:`SessionDocument`.

    Raises :class:`DocumentError` naming the first faulty field.
    """
    data = _obj(data, "document")
    if "format" not in data:
        raise DocumentError("format", f"missing (expected {FORMAT!r})")
    if data["format"] != FORMAT:
        raise DocumentError("format",
                            f"unsupported format {data['format']!r} (expected {FORMAT!r})")
    session = _load_session(data.get("session"))
    steps = None
    if data.get("steps") is not None:
        steps = [_load_step(s, f"steps[{i}]") for i, s in enumerate(_list(data["steps"], "steps"))]
        _unique([s.index for s in steps], "steps", "index")

    participants = [
        _load_participant(p, f"participants[{i}]")
        for i, p in enumerate(_list(data.get("participants", []), "participants"))
    ]
    _unique([p.id for p in participants], "participants", "id")
    participant_ids = {p.id for p in participants}

    raw_contributions = _list(data.get("contributions", []), "contributions")
    contributions = [_load_contribution(c, f"contributions[{i}]")
                     for i, c in enumerate(raw_contributions)]
    _unique([c.id for c in contributions], "contributions", "id")
    contribution_ids = {c.id for c in contributions}
    step_indexes = {s.index for s in steps} if steps is not None else None
    for i, c in enumerate(contributions):
        path = f"contributions[{i}]"
        if c.author is not None and c.author not in participant_ids:
            raise DocumentError(f"{path}.author", f"unknown participant {c.author!r}")
        if c.parent is not None and c.parent not in contribution_ids:
            raise DocumentError(f"{path}.parent", f"unknown contribution {c.parent!r}")
        if c.parent == c.id:
            raise DocumentError(f"{path}.parent", "a contribution cannot be its own parent")
        if step_indexes is not None and c.step is not None and c.step not in step_indexes:
            raise DocumentError(f"{path}.step", f"unknown step {c.step}")

    kinds = {c.id: c.kind for c in contributions}
    votes = []
    seen = set()
    for i, v in enumerate(_list(data.get("votes", []), "votes")):
        vote = _load_vote(v, f"votes[{i}]")
        if vote.contribution not in kinds:
            raise DocumentError(f"votes[{i}].contribution",
                                f"unknown contribution {vote.contribution!r}")
        # A day with several MAG sequences: one story-choice vote per person in each choose step,
        # so the same story may hold a person's votes of two steps.
        key = (vote.contribution, vote.participant, vote.kind, vote.extra.get("step"))
        if key in seen:
            raise DocumentError(
                f"votes[{i}]",
                f"duplicate {vote.kind} vote by {vote.participant!r} on {vote.contribution!r}",
            )
        seen.add(key)
        votes.append(vote)

    if session.chosen_story is not None and session.chosen_story not in contribution_ids:
        raise DocumentError("session.chosen_story",
                            f"unknown contribution {session.chosen_story!r}")
    for i, story in enumerate(session.chosen_stories or []):
        if story not in contribution_ids:
            raise DocumentError(f"session.chosen_stories[{i}]", f"unknown contribution {story!r}")

    notes = None
    if data.get("notes") is not None:
        notes = [_load_note(n, f"notes[{i}]") for i, n in enumerate(_list(data["notes"], "notes"))]

    edits = data.get("synthesis_edits")
    if edits is not None:
        validate_edits(edits, "synthesis_edits")

    extra = _extra(data, _TOP_KEYS)
    # Remember which optional list keys were given as null so dump writes them back.
    for key in ("steps", "notes", "synthesis_edits"):
        if key in data and data[key] is None:
            extra.setdefault("__null__", []).append(key)
    return SessionDocument(
        session=session,
        participants=participants,
        contributions=contributions,
        votes=votes,
        steps=steps,
        notes=notes,
        synthesis_edits=edits,
        extra=extra,
    )


def _unique(values: list, path: str, key: str) -> None:
    seen = set()
    for i, value in enumerate(values):
        if value in seen:
            raise DocumentError(f"{path}[{i}].{key}", f"duplicate {key} {value!r}")
        seen.add(value)


def _load_session(raw: Any) -> Session:
    if raw is None:
        raise DocumentError("session", "missing")
    obj = _obj(raw, "session")
    path = "session"
    title = _str(obj, "title", path)
    method = _choice(_str(obj, "method", path), METHODS, "session.method", "method")
    language = _choice(_str(obj, "language", path), LANGUAGES, "session.language", "language")
    date = _str(obj, "date", path, required=False)
    if date is not None and not _DATE.match(date):
        raise DocumentError("session.date", f"expected YYYY-MM-DD, got {date!r}")
    status = _str(obj, "status", path, required=False)
    if status is not None:
        _choice(status, STATUSES, "session.status", "status")
    settings = obj.get("settings")
    if settings is not None:
        settings = _obj(settings, "session.settings")
        if "priority_dots" in settings and settings["priority_dots"] is not None:
            dots = _int(settings, "priority_dots", "session.settings")
            if dots < 0:
                raise DocumentError("session.settings.priority_dots", "must not be negative")
        positions = settings.get("positions")
        if positions is not None:
            _obj(positions, "session.settings.positions")
            for key in ("convergence_share", "minority_max", "min_voters"):
                value = positions.get(key)
                if value is not None and (isinstance(value, bool)
                                          or not isinstance(value, int | float)):
                    raise DocumentError(f"session.settings.positions.{key}",
                                        f"expected a number, got {_type(value)}")
            share = positions.get("convergence_share")
            if share is not None and not 0.5 <= share <= 1:
                raise DocumentError("session.settings.positions.convergence_share",
                                    "must be between 0.5 and 1")
    chosen = _str(obj, "chosen_story", path, required=False)
    several = None
    if obj.get("chosen_stories") is not None:
        several = _list(obj["chosen_stories"], f"{path}.chosen_stories")
        for i, story in enumerate(several):
            if not isinstance(story, str):
                raise DocumentError(f"{path}.chosen_stories[{i}]",
                                    f"expected a contribution id, got {_type(story)}")
    formula = _str(obj, "formula", path, required=False)
    return Session(
        title=title,
        method=method,
        language=language,
        date=date,
        status=status,
        settings=settings,
        chosen_story=chosen,
        chosen_stories=several,
        formula=formula,
        extra=_extra(obj, _SESSION_KEYS),
        given=_given(obj, _SESSION_KEYS[3:]),
    )


def _load_step(raw: Any, path: str) -> Step:
    obj = _obj(raw, path)
    phase = _int(obj, "phase", path)
    if phase not in (1, 2, 3):
        raise DocumentError(f"{path}.phase", f"expected 1, 2 or 3, got {phase}")
    return Step(
        index=_int(obj, "index", path),
        key=_str(obj, "key", path),
        kind=_str(obj, "kind", path),
        phase=phase,
        title=_str(obj, "title", path),
        extra=_extra(obj, _STEP_KEYS),
    )


def _load_participant(raw: Any, path: str) -> Participant:
    obj = _obj(raw, path)
    profile = obj.get("profile")
    if profile is not None:
        profile = _obj(profile, f"{path}.profile")
        for key, value in profile.items():
            if value is not None and not isinstance(value, str | int | float):
                raise DocumentError(f"{path}.profile.{key}",
                                    f"expected a string or null, got {_type(value)}")
    return Participant(
        id=_id(obj, "id", path),
        pseudonym=_str(obj, "pseudonym", path, required=False),
        profile=profile,
        extra=_extra(obj, _PARTICIPANT_KEYS),
        given=_given(obj, ("pseudonym", "profile")),
    )


def _load_contribution(raw: Any, path: str) -> Contribution:
    obj = _obj(raw, path)
    cid = _id(obj, "id", path)
    kind = _choice(_str(obj, "kind", path), CONTRIBUTION_KINDS, f"{path}.kind", "kind")
    if "author" not in obj:
        raise DocumentError(f"{path}.author", "missing (use null for staff)")
    author = _str(obj, "author", path, nullable=True)
    text = _str(obj, "text", path)
    level = _str(obj, "level", path, required=False)
    if level is not None:
        _choice(level, LEVELS, f"{path}.level", "level")
    hidden = obj.get("hidden", False)
    if hidden is None:
        hidden = False
    if not isinstance(hidden, bool):
        raise DocumentError(f"{path}.hidden", f"expected a boolean, got {_type(hidden)}")
    score = _int(obj, "score", path, required=False)
    if score is not None and not 1 <= score <= 5:
        raise DocumentError(f"{path}.score", f"expected 1 to 5, got {score}")
    return Contribution(
        id=cid,
        kind=kind,
        author=author,
        text=text,
        title=_str(obj, "title", path, required=False),
        step=_int(obj, "step", path, required=False),
        parent=_str(obj, "parent", path, required=False),
        level=level,
        actor=_str(obj, "actor", path, required=False),
        theme=_str(obj, "theme", path, required=False),
        language=_str(obj, "language", path, required=False),
        hidden=hidden,
        score=score,
        created_at=_str(obj, "created_at", path, required=False),
        extra=_extra(obj, _CONTRIBUTION_KEYS),
        given=_given(obj, _CONTRIBUTION_OPTIONAL),
    )


def _load_vote(raw: Any, path: str) -> Vote:
    obj = _obj(raw, path)
    contribution = _id(obj, "contribution", path)
    participant = _id(obj, "participant", path)
    kind = _choice(_str(obj, "kind", path), VOTE_KINDS, f"{path}.kind", "vote kind")
    if "value" not in obj:
        raise DocumentError(f"{path}.value", "missing")
    value = obj["value"]
    if kind == "agreement":
        if value not in AGREEMENT_VALUES:
            raise DocumentError(f"{path}.value", f"bad agreement value {value!r} "
                                f"(expected {', '.join(AGREEMENT_VALUES)})")
    elif kind == "priority":
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise DocumentError(f"{path}.value",
                                f"bad priority value {value!r} (expected a positive integer)")
    elif kind == "story_choice":
        if isinstance(value, bool) or value != 1:
            raise DocumentError(f"{path}.value", f"bad story_choice value {value!r} (expected 1)")
    return Vote(contribution=contribution, participant=participant, kind=kind, value=value,
                extra=_extra(obj, _VOTE_KEYS))


def _load_note(raw: Any, path: str) -> Note:
    obj = _obj(raw, path)
    if "step" in obj and obj["step"] is not None:
        step = _int(obj, "step", path)
    else:
        step = None
    return Note(step=step, text=_str(obj, "text", path),
                created_at=_str(obj, "created_at", path, required=False),
                extra=_extra(obj, _NOTE_KEYS), given=_given(obj, ("step", "created_at")))


# --- dump ---------------------------------------------------------------------------


def _put(out: dict, obj: Any, keys: tuple, given: frozenset, defaults: dict | None = None):
    defaults = defaults or {}
    for key in keys:
        value = getattr(obj, key)
        if key in given or value != defaults.get(key):
            out[key] = value
    return out


def dump_document(doc: SessionDocument) -> dict:
    """The JSON-ready dict of ``doc``; ``load_document(dump_document(doc)) == doc``."""
    s = doc.session
    session = {"title": s.title, "method": s.method, "language": s.language}
    _put(session, s, _SESSION_KEYS[3:], s.given)
    session.update(s.extra)
    out: dict = {"format": FORMAT, "session": session}
    null_keys = set(doc.extra.get("__null__", []))
    if doc.steps is not None:
        out["steps"] = [
            {"index": st.index, "key": st.key, "kind": st.kind, "phase": st.phase,
             "title": st.title, **st.extra}
            for st in doc.steps
        ]
    out["participants"] = []
    for p in doc.participants:
        item = {"id": p.id}
        _put(item, p, ("pseudonym", "profile"), p.given)
        item.update(p.extra)
        out["participants"].append(item)
    out["contributions"] = []
    for c in doc.contributions:
        item = {"id": c.id, "kind": c.kind, "author": c.author, "text": c.text}
        _put(item, c, _CONTRIBUTION_OPTIONAL, c.given, {"hidden": False})
        item.update(c.extra)
        out["contributions"].append(item)
    out["votes"] = [
        {"contribution": v.contribution, "participant": v.participant, "kind": v.kind,
         "value": v.value, **v.extra}
        for v in doc.votes
    ]
    if doc.notes is not None:
        out["notes"] = []
        for n in doc.notes:
            item = {"text": n.text}
            if "step" in n.given or n.step is not None:
                item = {"step": n.step, "text": n.text}
            _put(item, n, ("created_at",), n.given)
            item.update(n.extra)
            out["notes"].append(item)
    if doc.synthesis_edits is not None:
        out["synthesis_edits"] = doc.synthesis_edits
    for key in null_keys:
        out.setdefault(key, None)
    out.update({k: v for k, v in doc.extra.items() if k != "__null__"})
    return out
