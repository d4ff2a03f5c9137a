"""A group's sessions follow one another: day 2 continues from day 1.

The first session of a group starts from the theme's initial findings, with the group's
confirmed registrants as participants (``research.registration``). Each next session
carries the participants of the previous one (new personal links, same pseudonyms and
profiles, attendance recorded again) and starts from the previous session's synthesis, with
the rapporteur's edits applied:

- its findings (kind ``finding``) come back as findings the group positions itself on again;
- its open divergences (any positioned item the group was divided on) come back as findings,
  marked as divergences still open;
- its proposals come back as proposals, with their level and actor, to be prioritised again.

Every carried item keeps a link (``source_id``) to the item it comes from.
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
                           **{name: getattr(person, name) for name in PROFILE_FIELDS
                              if name != "language"})
        db.session.add(copy)
        carried.append(copy)
    return carried


def _source(cid: str) -> int | None:
    return int(cid[1:]) if cid.startswith("c") and cid[1:].isdigit() else None


def starting_material(previous) -> dict:
    """What the next session starts from, read from the previous session's synthesis."""
    synthesis, _doc = build(previous)
    items = synthesis["items"]
    divergent = [entry for entry in synthesis.get("divergences", [])]
    divergent_ids = {entry["contribution"] for entry in divergent}
    findings = [{"contribution": cid, "text": items[cid]["text"]}
                for cid in synthesis.get("findings", []) if cid in items and cid not in divergent_ids]
    divergences = [{"contribution": entry["contribution"], "text": entry["text"]}
                   for entry in divergent]
    proposals = [{"contribution": p["contribution"], "text": p["text"], "title": p.get("title"),
                  "level": p.get("level"), "actor": p.get("actor")}
                 for p in synthesis.get("proposals", {}).get("ranked", [])]
    return {"findings": findings, "divergences": divergences, "proposals": proposals}


def import_material(previous, session, user) -> None:
    material = starting_material(previous)
    finding_step = step_for(session.method, "finding")
    proposal_step = step_for(session.method, "proposal")

    def add(step, kind, origin, entry, **extra):
        if step is not None:
            db.session.add(Contribution(session_id=session.id, step_index=step, kind=kind,
                                        user_id=user.id, text=entry["text"], origin=origin,
                                        source_id=_source(entry["contribution"]),
                                        language=session.language, **extra))

    for entry in material["findings"]:
        add(finding_step, "finding", "previous", entry)
    for entry in material["divergences"]:
        add(finding_step, "finding", "divergence", entry)
    for entry in material["proposals"]:
        add(proposal_step, "proposal", "previous", entry, title=entry["title"],
            level=entry["level"], actor=entry["actor"])
