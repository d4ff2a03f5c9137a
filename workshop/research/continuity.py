"""A group's sessions follow one another: day 2 continues from day 1.

The first session of a group starts from the theme's initial findings, with the group's
confirmed registrants as participants (``research.registration``). Each next session
carries the participants of the previous one (new personal links, same pseudonyms and
profiles, attendance recorded again) and starts from the previous session's synthesis, with
the rapporteur's edits applied:

- its findings (kind ``finding``) come back as findings the group positions itself on again;
- its open divergences come back with their kind, marked as divergences still open: a finding
  (or another positioned item) as a finding, a vision as a vision (never as a finding);
- all its visions come back as visions, to be positioned again;
- its stories come back as stories; the stories it analysed (one per MAG sequence) come first,
  in the order the day took them, marked ``origin="chosen"``: the next day's report lists them
  as analysed stories, and the first stays the session's chosen story;
- its proposals come back as proposals, with their level and actor, to be prioritised again.

Every carried item keeps a link (``source_id``) to the item it comes from. The previous
session's synthesis, edited by its rapporteur, is the group's *intermediate report*: while the
next session has not started, ``refresh_material`` takes it again after later edits.
"""

from flask_babel import gettext as _

from ..core.errors import ActionError
from ..core.extensions import db
from ..sessions.lifecycle import create_session
from ..sessions.models import Contribution, Participant, StaffRole, WorkshopSession
from ..sessions.profiles import PROFILE_FIELDS
from ..workspace.build import build
from .registration import confirmed_participants

GROUP_METHOD = "recherche-action"


def step_for(method, kind: str) -> int | None:
    """The first step where items of ``kind`` are written, if the method has one."""
    for step in method.steps:
        if kind in (step.kind.contribution_kind, step.kind.staff_kind):
            return step.index
    return None


def previous_session(group) -> WorkshopSession | None:
    return db.session.scalar(db.select(WorkshopSession).filter_by(group_id=group.id)
                             .order_by(WorkshopSession.id.desc()).limit(1))


def start_group_session(group, user, title: str, language: str = "fr",
                        scheduled_for=None) -> WorkshopSession:
    """The group's next session, prepared with its starting material."""
    previous = previous_session(group)
    if previous is not None and previous.status != "closed":
        raise ActionError(_("Clôturez d'abord la séance précédente du groupe : la suivante part de sa "
                            "synthèse."), 409)
    session = create_session(title, GROUP_METHOD, user, language=language,
                             scheduled_for=scheduled_for)
    session.group_id = group.id
    session.horizon_year = group.project.horizon_year
    db.session.flush()
    if previous is None:
        confirmed_participants(group, session)
        _seed_initial_findings(session, group.theme, user)
    else:
        session.previous_session_id = previous.id
        _copy_staff(previous, session)
        carry_participants(previous, session)
        import_material(previous, session, user)
    return session


def _seed_initial_findings(session, theme, user) -> None:
    step = step_for(session.method, "finding")
    if step is None:
        return
    for text in theme.findings:
        db.session.add(Contribution(session_id=session.id, step_index=step, kind="finding",
                                    user_id=user.id, text=text, language=session.language,
                                    origin="initial"))


def _copy_staff(previous, session) -> None:
    have = {(role.user_id, role.role) for role in session.staff}
    for role in previous.staff:
        if (role.user_id, role.role) not in have:
            session.staff.append(StaffRole(user_id=role.user_id, role=role.role))


def carry_participants(previous, session) -> list[Participant]:
    carried = []
    for person in db.session.scalars(db.select(Participant).filter_by(session_id=previous.id)
                                     .order_by(Participant.id)):
        copy = Participant(session_id=session.id, pseudonym=person.pseudonym,
                           language=person.language, carried_from_id=person.id,
                           charter_acknowledged_at=person.charter_acknowledged_at,
                           **{name: getattr(person, name) for name in PROFILE_FIELDS
                              if name != "language"})
        db.session.add(copy)
        carried.append(copy)
    return carried


def _source(cid: str) -> int | None:
    return int(cid[1:]) if cid.startswith("c") and cid[1:].isdigit() else None


def starting_material(previous) -> dict:
    """What the next session starts from, read from the previous session's synthesis: entries
    ``{"contribution", "kind", "origin", "text", ...}`` in the order they are added."""
    synthesis, _doc = build(previous)
    items = synthesis["items"]
    divergent = {entry["contribution"]: entry for entry in synthesis.get("divergences", [])}

    def entry(cid, kind, **extra):
        return {"contribution": cid, "kind": kind, "text": items[cid]["text"],
                "origin": "divergence" if cid in divergent else "previous", **extra}

    findings = [entry(cid, "finding") for cid in synthesis.get("findings", []) if cid in items]
    carried = {e["contribution"] for e in findings}
    visions = [entry(v["contribution"], "vision") for v in synthesis.get("visions", [])
               if v["contribution"] in items]
    carried |= {e["contribution"] for e in visions}
    others = [entry(cid, "finding") for cid in divergent if cid in items and cid not in carried]
    analysed = [story["contribution"] for story in synthesis.get("chosen_stories", [])]
    proposed = {s["contribution"]: s for s in synthesis.get("stories", []) if s["contribution"] in items}
    order = [cid for cid in analysed if cid in proposed] + [cid for cid in proposed if cid not in analysed]
    stories = [{**entry(cid, "story", title=proposed[cid].get("title")), "origin": "chosen"}
               if cid in analysed else entry(cid, "story", title=proposed[cid].get("title"))
               for cid in order]
    proposals = [{"contribution": p["contribution"], "kind": "proposal", "origin": "previous",
                  "text": p["text"], "title": p.get("title"), "level": p.get("level"),
                  "actor": p.get("actor")}
                 for p in synthesis.get("proposals", {}).get("ranked", [])]
    return {"findings": [*sorted(findings, key=lambda e: e["origin"] == "divergence"), *others],
            "visions": visions, "stories": stories, "proposals": proposals}


def import_material(previous, session, user) -> None:
    for entries in starting_material(previous).values():
        for entry in entries:
            step = step_for(session.method, entry["kind"])
            if step is None:
                continue
            item = Contribution(session_id=session.id, step_index=step, kind=entry["kind"],
                                user_id=user.id, text=entry["text"], origin=entry["origin"],
                                source_id=_source(entry["contribution"]), language=session.language,
                                title=entry.get("title"), level=entry.get("level"),
                                actor=entry.get("actor"))
            db.session.add(item)
            if entry["origin"] == "chosen" and session.chosen_story_id is None:
                db.session.flush()
                session.chosen_story_id = item.id


def refresh_material(session, user) -> None:
    """Take the intermediate report again (the previous session's synthesis as edited since),
    while the session has not started: the carried material is replaced, nothing else."""
    if session.previous_session_id is None:
        raise ActionError(_("Cette séance ne part pas d'une séance précédente."), 409)
    if session.status != "draft":
        raise ActionError(_("La séance a commencé : son matériel de départ ne peut plus changer."), 409)
    session.chosen_story_id = None
    db.session.execute(db.delete(Contribution).where(
        Contribution.session_id == session.id, Contribution.participant_id.is_(None),
        Contribution.origin.in_(("previous", "divergence", "chosen"))))
    import_material(db.session.get(WorkshopSession, session.previous_session_id), session, user)
