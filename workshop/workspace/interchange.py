"""A session as a ``tourdetable.session/1`` document, and a document back into a new session.

Export: participants by pseudonym and declared profile (never a name; staff are not
participants), contributions (private notes left out), votes, the rapporteur's notes, the
method's steps, the settings, the chosen story (and, in a day with several MAG sequences, every
chosen story and the choose step that chose it: ``chosen_stories``, ``choice_steps``; each
story-choice vote names its choose step, ``step``), and the rapporteur's stored synthesis edits
(whose last formula is also the session's ``formula``). Ids are ``p<id>`` and ``c<id>``.
This complete document is the facilitator's archive (``retention``); what leaves the room
is ``synthesis.disclosure.disclose_document`` of the reviewed one.

Import: a new, closed session, from an archive or from an export that left the room
(participants without pseudonym take their opaque id; votes given only as counts are not
votes by person and are not imported; story-choice votes without a step, from files made
before sequences, belong to the method's first choose step). The document is validated by
``load_document`` first, then against what the database can hold; any fault raises
``ActionError(400)`` naming the field and nothing is stored. Ids in the stored edits are
renumbered to the new contributions, so
``session_document(import_document(session_document(s)))`` equals the original document
except for the ids (see ``comparable``).
"""

import copy
from datetime import UTC, date, datetime

from flask import current_app
from flask_babel import gettext as _

from ..core.errors import ActionError
from ..core.extensions import db
from ..core.security import has_control_characters
from ..sessions.lifecycle import new_join_code
from ..sessions.methods import MethodError, get_method, localized
from ..sessions.models import (
    LEVELS,
    Contribution,
    Note,
    Participant,
    StaffRole,
    StoryLink,
    Vote,
    WorkshopSession,
)
from ..sessions.profiles import PROFILE_FIELDS
from ..sessions.pseudonyms import distinct_pseudonym
from ..sessions.sequences import chosen_in_order
from ..sessions.story_links import illustrated
from ..synthesis.document import FORMAT, DocumentError, load_document
from ..synthesis.edits import empty_edits
from .models import SynthesisEdits, stored_edits

EXPORTED_KINDS = ("story", "narration", "enjeu", "question", "interpretation", "narrator_reaction",
                  "finding", "good_practice", "theory", "problem", "vision", "proposal", "evaluation",
                  "wording")
PROFILE_LIMITS = {"organisation": 120}  # other profile columns hold 20 characters


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def current_formula(edits: dict) -> str | None:
    """The formula the edits leave: the text of the last ``formula`` operation."""
    formula = None
    for op in edits.get("operations", []):
        if op.get("op") == "formula":
            text = op.get("text")
            formula = text.strip() if isinstance(text, str) and text.strip() else None
    return formula


# --- export -----------------------------------------------------------------------------------

def session_document(session: WorkshopSession) -> dict:
    """The interchange document of ``session``, straight from the database."""
    method = session.method
    edits = stored_edits(session.id)
    settings = {"priority_dots": session.priority_dots}
    if method.settings.get("positions"):
        settings["positions"] = dict(method.settings["positions"])
    info = {"title": session.title, "method": session.method_key, "language": session.language,
            "status": session.status, "settings": settings,
            "chosen_story": f"c{session.chosen_story_id}" if session.chosen_story_id else None}
    analysed = chosen_in_order(session)
    if len(analysed) > 1:
        info["chosen_stories"] = [f"c{story}" for story in analysed]
    recorded = {f"c{state.chosen_story_id}": state.step_index
                for state in sorted(session.step_states, key=lambda state: state.step_index)
                if state.chosen_story_id is not None}
    if recorded:
        info["choice_steps"] = recorded
    if session.scheduled_for:
        info["date"] = session.scheduled_for.isoformat()
    formula = current_formula(edits)
    if formula:
        info["formula"] = formula

    participants = db.session.scalars(db.select(Participant).filter_by(session_id=session.id)
                                      .order_by(Participant.id)).all()
    contributions = db.session.scalars(
        db.select(Contribution).filter(Contribution.session_id == session.id,
                                       Contribution.kind.in_(EXPORTED_KINDS))
        .order_by(Contribution.id)).all()
    exported = {c.id for c in contributions}
    illustrates = illustrated(session)
    votes = db.session.scalars(db.select(Vote).filter_by(session_id=session.id)
                               .order_by(Vote.id)).all()
    notes = db.session.scalars(db.select(Note).filter_by(session_id=session.id)
                               .order_by(Note.created_at, Note.id)).all()

    document = {
        "format": FORMAT,
        "session": info,
        "steps": [{"index": step.index, "key": step.key, "kind": step.kind.name,
                   "phase": step.phase, "title": localized(step.titles, session.language)}
                  for step in method.steps],
        "participants": [_participant(p) for p in participants],
        "contributions": [_contribution(c, exported, illustrates.get(c.id, []))
                          for c in contributions],
        "votes": [_vote(v) for v in votes if v.contribution_id in exported],
        "notes": [{"step": n.step_index, "text": n.text, "created_at": _iso(n.created_at)}
                  for n in notes],
    }
    if edits.get("operations"):
        document["synthesis_edits"] = edits
    return document


def _participant(p: Participant) -> dict:
    out = {"id": f"p{p.id}", "pseudonym": p.pseudonym}
    profile = {key: value for key, value in p.profile().items() if value}
    if profile:
        out["profile"] = profile
    return out


def _contribution(c: Contribution, exported: set, illustrates: list[int]) -> dict:
    out = {"id": f"c{c.id}", "kind": c.kind,
           "author": f"p{c.participant_id}" if c.participant_id else None, "text": c.text,
           "step": c.step_index}
    optional = {"title": c.title, "level": c.level, "actor": c.actor, "theme": c.theme,
                "language": c.language, "score": c.score,
                "parent": f"c{c.parent_id}" if c.parent_id in exported else None}
    out.update({key: value for key, value in optional.items() if value is not None})
    if not c.visible:
        out["hidden"] = True
    if c.merged_into_id in exported:
        out["merged_into"] = f"c{c.merged_into_id}"  # extra key, kept by the format
    if c.position_override:
        out["position_override"] = c.position_override
    if illustrates:  # an illustrating story: the findings it supports (extra key)
        out["illustrates"] = [f"c{finding}" for finding in illustrates if finding in exported]
    out["created_at"] = _iso(c.created_at)
    return out


def _vote(v: Vote) -> dict:
    if v.kind == "priority":
        value = v.points
    elif v.kind == "story_choice":
        value = 1
    else:
        value = v.value
    out = {"contribution": f"c{v.contribution_id}", "participant": f"p{v.participant_id}",
           "kind": v.kind, "value": value}
    if v.step_index is not None:  # a story choice: the choose step it was cast in (extra key)
        out["step"] = v.step_index
    return out


# --- import -----------------------------------------------------------------------------------

def _refuse(path: str, message: str):
    raise ActionError(_("Fichier refusé — %(path)s : %(message)s", path=path, message=message), 400)


def _timestamp(value: str | None, path: str) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        _refuse(path, _("date et heure illisibles"))
    return parsed if parsed.tzinfo is None else parsed.astimezone(UTC).replace(tzinfo=None)


def _text(value: str | None, limit: int, path: str, *, required: bool = False) -> str | None:
    if value is None or not value.strip():
        if required:
            _refuse(path, _("texte vide"))
        return value
    if len(value) > limit:
        _refuse(path, _("trop long (%(count)d caractères au maximum)", count=limit))
    if has_control_characters(value):
        _refuse(path, _("caractère de contrôle dans le texte"))
    return value


def _step_for(method, kind: str, step: int | None) -> int:
    if step is not None and 0 <= step < len(method.steps):
        return step
    for candidate in method.steps:
        if kind in (candidate.kind.contribution_kind, candidate.kind.staff_kind):
            return candidate.index
    return 0


def _choice_steps(method, doc) -> dict:
    """Where the story choices of ``doc`` go: each vote's choose step (``votes``, None for the
    other kinds; the file's, else the method's first choose step), and the choices the file
    records on a step this method also has as a choose step (``recorded``). A participant's two
    story-choice votes in one step are refused, as the database would."""
    choosers = [step.index for step in method.steps if step.kind.name == "choose_story"]
    first = choosers[0] if choosers else 0
    steps, seen = [], set()
    for i, v in enumerate(doc.votes):
        step = v.extra.get("step")
        if v.kind != "story_choice":
            steps.append(None)
            continue
        if step is not None and (isinstance(step, bool) or not isinstance(step, int) or step < 0):
            _refuse(f"votes[{i}].step", _("nombre entier attendu"))
        step = first if step is None else step
        if (v.participant, step) in seen:
            _refuse(f"votes[{i}]", _("deux choix de récit d'une même personne dans une même étape"))
        seen.add((v.participant, step))
        steps.append(step)
    recorded = doc.session.extra.get("choice_steps")
    recorded = recorded if isinstance(recorded, dict) else {}
    return {"votes": steps,
            "recorded": {story: step for story, step in recorded.items()
                         if story in doc.contribution_map() and step in choosers}}


def import_document(data, user) -> WorkshopSession:
    """A new closed session holding ``data``; ``user`` becomes its facilitator and rapporteur."""
    try:
        doc = load_document(data)
    except DocumentError as error:
        _refuse(error.path, error.message)
    try:
        method = get_method(doc.session.method)
        if not method.standalone:  # e.g. a forum atelier: it exists only inside its forum
            raise MethodError(method.key)
    except (MethodError, KeyError):
        _refuse("session.method", _("méthode inconnue dans cette installation"))
    max_text = current_app.config["MAX_TEXT_LENGTH"]
    max_title = current_app.config["MAX_TITLE_LENGTH"]
    _text(doc.session.title, 200, "session.title", required=True)
    settings = doc.session.settings or {}
    scheduled = date.fromisoformat(doc.session.date) if doc.session.date else None

    # Check everything the database will refuse before anything is added.
    for i, p in enumerate(doc.participants):
        if p.pseudonym is None:  # an export that left the room: opaque ids, no pseudonym
            p.pseudonym = p.id
        _text(p.pseudonym, 40, f"participants[{i}].pseudonym", required=True)
        for key, value in (p.profile or {}).items():
            if key not in PROFILE_FIELDS:
                _refuse(f"participants[{i}].profile.{key}", _("champ de profil inconnu"))
            if value is not None and not isinstance(value, str):
                _refuse(f"participants[{i}].profile.{key}", _("texte attendu"))
            _text(value, PROFILE_LIMITS.get(key, 20), f"participants[{i}].profile.{key}")
    pseudonyms = [p.pseudonym.strip() for p in doc.participants]
    if len(set(pseudonyms)) != len(pseudonyms):
        index = next(i for i, name in enumerate(pseudonyms) if pseudonyms.index(name) != i)
        _refuse(f"participants[{index}].pseudonym", _("pseudonyme en double"))
    for i, c in enumerate(doc.contributions):
        path = f"contributions[{i}]"
        _text(c.text, max_text, f"{path}.text", required=True)
        _text(c.title, max_title, f"{path}.title")
        _text(c.actor, 200, f"{path}.actor")
        _text(c.theme, 80, f"{path}.theme")
        if c.level is not None and c.level not in LEVELS:
            _refuse(f"{path}.level", _("niveau inconnu"))
        if c.score is not None and (isinstance(c.score, bool) or not isinstance(c.score, int)):
            _refuse(f"{path}.score", _("nombre entier attendu"))
        _timestamp(c.created_at, f"{path}.created_at")
        if c.extra.get("merged_into") is not None and \
                c.extra["merged_into"] not in doc.contribution_map():
            _refuse(f"{path}.merged_into", _("contribution inconnue"))
    choosing = _choice_steps(method, doc)
    for i, n in enumerate(doc.notes or []):
        _text(n.text, max_text, f"notes[{i}].text", required=True)
        _timestamp(n.created_at, f"notes[{i}].created_at")

    try:
        session = WorkshopSession(
            title=doc.session.title.strip(), method_key=method.key, language=doc.session.language,
            status="closed", join_code=new_join_code(), created_by_id=user.id,
            priority_dots=settings.get("priority_dots") or int(method.settings.get("priority_dots", 5)),
            scheduled_for=scheduled)
        session.staff.append(StaffRole(user_id=user.id, role="facilitator"))
        session.staff.append(StaffRole(user_id=user.id, role="rapporteur"))
        db.session.add(session)
        db.session.flush()

        people: dict[str, Participant] = {}
        taken: set[str] = set()  # look-alike pseudonyms in the file become "Marie", "Marie 2"
        for p in doc.participants:
            profile = {k: v for k, v in (p.profile or {}).items() if k in PROFILE_FIELDS}
            people[p.id] = Participant(session_id=session.id,
                                       pseudonym=distinct_pseudonym(p.pseudonym.strip(), taken),
                                       **profile)
        for v in doc.votes:  # undeclared voters become participants named by their id
            if v.participant not in people:
                people[v.participant] = Participant(
                    session_id=session.id, pseudonym=distinct_pseudonym(v.participant.strip(), taken))
        db.session.add_all(people.values())
        db.session.flush()

        items: dict[str, Contribution] = {}
        for c in doc.contributions:
            items[c.id] = Contribution(
                session_id=session.id, step_index=_step_for(method, c.kind, c.step), kind=c.kind,
                participant_id=people[c.author].id if c.author else None,
                title=c.title, text=c.text, level=c.level, actor=c.actor, theme=c.theme,
                score=c.score, language=c.language or doc.session.language, hidden=c.hidden,
                position_override=c.extra.get("position_override"))
            if c.created_at:
                items[c.id].created_at = items[c.id].updated_at = _timestamp(c.created_at, "")
        db.session.add_all(items.values())
        db.session.flush()
        for c in doc.contributions:
            item = items[c.id]
            if c.parent:
                item.parent_id = items[c.parent].id
            if c.extra.get("merged_into"):
                item.merged_into_id = items[c.extra["merged_into"]].id
                item.hidden = False  # "hidden" in the document stood for the merge
            illustrates = c.extra.get("illustrates")
            for finding in illustrates if c.kind == "story" and isinstance(illustrates, list) else []:
                if isinstance(finding, str) and finding in items and items[finding].kind == "finding":
                    db.session.add(StoryLink(session_id=session.id, story_id=item.id,
                                             finding_id=items[finding].id, created_by_id=user.id))
        if doc.session.chosen_story:
            session.chosen_story_id = items[doc.session.chosen_story].id
        for story, step in choosing["recorded"].items():
            session.state(step).chosen_story_id = items[story].id

        for v, step in zip(doc.votes, choosing["votes"], strict=True):
            points = v.value if v.kind == "priority" else 1
            value = "dots" if v.kind == "priority" else str(v.value)
            db.session.add(Vote(session_id=session.id, contribution_id=items[v.contribution].id,
                                participant_id=people[v.participant].id, kind=v.kind,
                                value=value, points=points, step_index=step))
        for n in doc.notes or []:
            note = Note(session_id=session.id, user_id=user.id, text=n.text,
                        step_index=n.step if n.step is not None and
                        0 <= n.step < len(method.steps) else 0)
            if n.created_at:
                note.created_at = _timestamp(n.created_at, "created_at")
            db.session.add(note)

        mapping = {cid: f"c{item.id}" for cid, item in items.items()}
        edits = remap_edits(doc.synthesis_edits or empty_edits(), mapping)
        if doc.session.formula and current_formula(edits) != doc.session.formula.strip():
            edits.setdefault("operations", []).append({"op": "formula", "text": doc.session.formula})
        if edits.get("operations"):
            db.session.add(SynthesisEdits(session_id=session.id, edits=edits, redactions={}))
        session.state(0)
        db.session.flush()
    except Exception:
        db.session.rollback()
        raise
    return session


def remap_edits(edits: dict, mapping: dict) -> dict:
    """``edits`` with every contribution id renamed through ``mapping`` (unknown ids kept)."""
    edits = copy.deepcopy(edits)

    def ids(values):
        return [mapping.get(v, v) for v in values]

    for op in edits.get("operations", []):
        for key in ("theme", "to"):
            if isinstance(op.get(key), dict):
                op[key]["members"] = ids(op[key].get("members", []))
        if isinstance(op.get("themes"), list):
            for ref in op["themes"]:
                ref["members"] = ids(ref.get("members", []))
        if isinstance(op.get("contributions"), list):
            op["contributions"] = ids(op["contributions"])
        if isinstance(op.get("contribution"), str):
            op["contribution"] = mapping.get(op["contribution"], op["contribution"])
    return edits


def comparable(document: dict) -> dict:
    """``document`` with its ids replaced by their rank, for comparing two exports."""
    document = copy.deepcopy(document)
    people = {p["id"]: f"P{i}" for i, p in enumerate(document["participants"])}
    items = {c["id"]: f"C{i}" for i, c in enumerate(document["contributions"])}
    for p in document["participants"]:
        p["id"] = people[p["id"]]
    for c in document["contributions"]:
        c["id"] = items[c["id"]]
        c["author"] = people.get(c["author"], c["author"])
        for key in ("parent", "merged_into"):
            if key in c:
                c[key] = items[c[key]]
        if "illustrates" in c:
            c["illustrates"] = [items[finding] for finding in c["illustrates"]]
    for v in document["votes"]:
        v["contribution"] = items[v["contribution"]]
        v["participant"] = people.get(v["participant"], v["participant"])
    chosen = document["session"].get("chosen_story")
    document["session"]["chosen_story"] = items.get(chosen) if chosen else None
    if document["session"].get("chosen_stories"):
        document["session"]["chosen_stories"] = [items[c] for c in document["session"]["chosen_stories"]]
    if document["session"].get("choice_steps"):
        document["session"]["choice_steps"] = {items[c]: step for c, step in
                                               document["session"]["choice_steps"].items()}
    if "synthesis_edits" in document:
        document["synthesis_edits"] = remap_edits(document["synthesis_edits"], items)
    return document
