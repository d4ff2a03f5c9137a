"""What the ateliers said, counted: answers per target, verdicts per atelier, where ateliers
diverge, and the plenary's rows. Counts only: never who answered what."""

from flask_babel import gettext as _

from ..core.extensions import db
from .access import atelier_of_session
from .material import axes_of, axis_items, dom_id, targets_of
from .models import COVERAGE, PRIORITY, SCOPE, Forum, ForumAnswer, ForumVerdict


def verdicts_by_target(forum: Forum) -> dict[tuple[str, str], dict[int, ForumVerdict]]:
    """(kind, id) -> atelier id -> verdict."""
    by_session = {atelier.session_id: atelier.id for atelier in forum.ateliers}
    out: dict[tuple[str, str], dict[int, ForumVerdict]] = {}
    for verdict in db.session.scalars(db.select(ForumVerdict).filter(
            ForumVerdict.session_id.in_(by_session))):
        key = (verdict.target_kind, verdict.target_id)
        out.setdefault(key, {})[by_session[verdict.session_id]] = verdict
    return out


def answers_summary(session_id: int) -> dict[tuple[str, str], dict]:
    """(kind, id) -> counts of each answer, and the gaps and organisations written."""
    out: dict[tuple[str, str], dict] = {}
    for answer in db.session.scalars(db.select(ForumAnswer).filter_by(session_id=session_id)
                                     .order_by(ForumAnswer.id)):
        entry = out.setdefault((answer.target_kind, answer.target_id), {
            "n": 0, "gap_texts": [], "which": [], **{v: 0 for v in (*COVERAGE, *SCOPE, *PRIORITY)}})
        entry["n"] += 1
        for value in (answer.coverage, answer.scope, answer.priority):
            if value is not None:  # priority: asked of proposals only
                entry[value] += 1
        if answer.gaps:
            entry["gap_texts"].append(answer.gaps)
        if answer.scope_which:
            entry["which"].append(answer.scope_which)
    return out


def atelier_verdicts(session_id: int) -> dict[tuple[str, str], ForumVerdict]:
    """(kind, id) -> the atelier's verdict."""
    return {(v.target_kind, v.target_id): v for v in db.session.scalars(
        db.select(ForumVerdict).filter_by(session_id=session_id))}


def answers_by_atelier(forum: Forum, key: tuple[str, str]) -> dict[int, dict]:
    """atelier id -> how its participants answered the three questions on one target (counts)."""
    by_session = {atelier.session_id: atelier.id for atelier in forum.ateliers}
    out: dict[int, dict] = {}
    for session_id, *values in db.session.execute(
            db.select(ForumAnswer.session_id, ForumAnswer.coverage, ForumAnswer.scope, ForumAnswer.priority)
            .filter(ForumAnswer.session_id.in_(by_session), ForumAnswer.target_kind == key[0],
                    ForumAnswer.target_id == key[1])):
        entry = out.setdefault(by_session[session_id],
                               {"n": 0, **dict.fromkeys((*COVERAGE, *SCOPE, *PRIORITY), 0)})
        entry["n"] += 1
        for value in values:
            if value is not None:
                entry[value] += 1
    return out


def answer_counts(session_id: int) -> dict[tuple[str, str], int]:
    """(kind, id) -> how many participants answered: counts only, never who answered what."""
    rows = db.session.execute(
        db.select(ForumAnswer.target_kind, ForumAnswer.target_id, db.func.count())
        .filter_by(session_id=session_id).group_by(ForumAnswer.target_kind, ForumAnswer.target_id))
    return {(kind, target_id): count for kind, target_id, count in rows}


def atelier_board(session) -> dict:
    """The atelier's programme, how many answered each target, and its verdicts: what its
    projector and console show during the step kind ``forum_validation`` (its ``content``)."""
    atelier = atelier_of_session(session)
    targets = targets_of(atelier.forum, atelier)
    verdicts = atelier_verdicts(session.id)
    answered = db.session.scalar(db.select(db.func.count(db.distinct(ForumAnswer.participant_id)))
                                 .filter_by(session_id=session.id))
    return {"axes": axes_of(atelier.forum, atelier), "counts": answer_counts(session.id),
            "verdicts": verdicts, "answered": answered, "targets": len(targets),
            "recorded": sum(key in targets for key in verdicts)}


def _wording(text: str) -> str:
    """An amended wording as compared between ateliers: case and spacing aside."""
    return " ".join(text.split()).casefold()


def divergence(cells: dict) -> list[str]:
    """Why the ateliers diverge on one target: ``verdicts`` (one validates, another
    invalidates or amends), ``amendments`` (they amend it differently); empty when they agree."""
    reasons = []
    if len({verdict.verdict for verdict in cells.values()}) > 1:
        reasons.append("verdicts")
    if len({_wording(v.amended) for v in cells.values() if v.verdict == "amended"}) > 1:
        reasons.append("amendments")
    return reasons


def divergence_notes(kind: str, reasons: list[str]) -> list[str]:
    """What the plenary and the report say of a divergence, in the current language."""
    notes = []
    if "verdicts" in reasons:
        notes.append({"axis": _("Les ateliers divergent sur cet axe."),
                      "finding": _("Les ateliers divergent sur ce constat."),
                      "vision": _("Les ateliers divergent sur cette vision.")}.get(
            kind, _("Les ateliers divergent sur cette proposition.")))
    if "amendments" in reasons:
        notes.append(_("Les ateliers proposent des amendements différents."))
    return notes


def plenary_rows(forum: Forum) -> list[dict]:
    """Per axis, a row for the axis as a whole and one per item: every atelier's verdict."""
    verdicts = verdicts_by_target(forum)
    programmes = {atelier.id: targets_of(forum, atelier) for atelier in forum.ateliers}
    rows = []
    for axis in forum.material["axes"]:
        targets = [("axis", axis), *axis_items(axis)]
        for kind, item in targets:
            key = (kind, str(item["id"]))
            cells = verdicts.get(key, {})
            reasons = divergence(cells)
            rows.append({"kind": kind, "key": key, "axis": axis, "item": item, "dom_id": dom_id(*key),
                         "cells": cells,
                         "divergent": bool(reasons), "divergence": reasons,
                         "ateliers": {aid for aid, programme in programmes.items() if key in programme}})
    return rows


def labels() -> dict:
    """The answers' and verdicts' names, in the current language (a template global as
    ``forum_labels``: a fragment rendered once per language calls it while rendering)."""
    return {"validated": _("Validé"), "invalidated": _("Invalidé"), "amended": _("Amendé"),
            "covered": _("Aspects principaux couverts"), "gaps": _("Lacunes importantes"),
            "all": _("Valable pour toutes les organisations"), "some": _("Seulement pour certaines"),
            "yes": _("Oui"), "partly": _("En partie"), "no": _("Non"),
            "finding": _("Constat"), "vision": _("Vision"), "proposal": _("Proposition")}

