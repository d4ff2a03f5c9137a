"""The atelier rapporteur's screen: the answers counted live, and the atelier's verdicts."""

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...core.errors import ActionError
from ...sessions.access import staff_session
from ...sessions.live import changed
from ..access import atelier_of_session, programme_target
from ..gaps import MAX_GAP, gap_of, participants_gaps, save_gap
from ..inputs import form_choice, form_text, form_version
from ..live import verdict_recorded
from ..material import axes_of, dom_id, targets_of
from ..models import VERDICTS
from ..tally import answers_summary, atelier_verdicts, labels
from ..verdicts import StaleVerdict, save_verdict
from .blueprint import TARGET, bp, htmx


def _rapporteur_context(session) -> dict:
    atelier = atelier_of_session(session)
    return {"session": session, "atelier": atelier, "axes": axes_of(atelier.forum, atelier),
            "targets": targets_of(atelier.forum, atelier), "verdicts": atelier_verdicts(session.id),
            "answers": answers_summary(session.id), "labels": labels(),
            "can_record": "rapporteur" in session.roles_of(current_user),
            "atelier_gap": gap_of(session.id, None), "participants_gaps": participants_gaps(session.id)}


@bp.get("/sessions/<int:session_id>/forum")
@login_required
def rapporteur(session_id: int):
    return render_template("forum/rapporteur.html", **_rapporteur_context(staff_session(session_id)))


@bp.get("/sessions/<int:session_id>/forum/summaries")
@login_required
def summaries(session_id: int):
    """Every target's answer counts (and verdict), swapped out of band: the verdict forms around
    them, perhaps half filled in, stay as they are."""
    return render_template("forum/_summaries.html", **_rapporteur_context(staff_session(session_id)))


@bp.post(f"/sessions/<int:session_id>/forum/verdicts/{TARGET}")
@login_required
def record_verdict(session_id: int, kind: str, target_id: str):
    session = staff_session(session_id, roles=("rapporteur",))
    atelier = atelier_of_session(session)
    target = programme_target(atelier, kind, target_id)
    verdict_kind = form_choice("verdict", VERDICTS)
    amended, gaps = form_text("amended"), form_text("gaps")
    shown = form_version()
    if verdict_kind == "amended" and not amended:
        message = {"axis": _("Écrivez la formulation amendée de l'axe."),
                   "finding": _("Écrivez la formulation amendée du constat.")}.get(
            kind, _("Écrivez la formulation amendée."))
        raise ActionError(message, 400)
    values = {"verdict": verdict_kind, "amended": amended, "gaps": gaps, "recorded_by_id": current_user.id}
    try:
        verdict = save_verdict(session.id, kind, target_id, values, shown)
    except StaleVerdict as stale:
        # Saved meanwhile from another device: show what is stored now, and what was not saved.
        conflict = {"verdict": verdict_kind, "amended": amended, "gaps": gaps}
        if not htmx():
            return render_template("forum/rapporteur.html", **_rapporteur_context(session),
                                   conflicts={(kind, target_id): conflict}), 409
        return render_template("forum/_verdict_form.html", session=session, kind=kind, target=target,
                               verdict=stale.current, labels=labels(), conflict=conflict), 409
    verdict_recorded(atelier)
    changed(session.id, "forum_verdicts")  # the atelier's projector shows the verdict
    if not htmx():
        return redirect(url_for("forum.rapporteur", session_id=session.id) + f"#{dom_id(kind, target_id)}")
    return render_template("forum/_verdict_form.html", session=session, kind=kind, target=target,
                           verdict=verdict, labels=labels(), saved=_("Verdict enregistré."))


@bp.post("/sessions/<int:session_id>/forum/gap")
@login_required
def atelier_gap(session_id: int):
    """The atelier's answer to "what is missing in the whole synthesis?", by its rapporteur."""
    session = staff_session(session_id, roles=("rapporteur",))
    save_gap(session.id, None, form_text("gap", MAX_GAP), current_user.id)
    if not htmx():
        return redirect(url_for("forum.rapporteur", session_id=session.id) + "#atelier-gap")
    return render_template("forum/_atelier_gap.html", saved=_("Enregistré."), **_rapporteur_context(session))
