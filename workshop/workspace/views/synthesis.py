"""The rapporteur's synthesis workspace: read the automatic synthesis and correct it.

Each correction is an operation appended to the stored edits, replayed on every rebuild.
"""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...core.accounts import User
from ...core.clock import utcnow
from ...core.errors import ActionError
from ...core.extensions import db
from ...core.i18n import current_language
from ...sessions.access import VIEW, staff_session
from ...synthesis.document import DocumentError
from ...synthesis.edits import theme_ref
from ...synthesis.exports.labels import DIMENSIONS, group_name, lang
from ..build import POSITIONS, build
from ..history import history
from ..models import append_operation, stored_edits, undo_operation
from ..retention import require_open_report
from .blueprint import DOWNLOAD, EDIT, bp


def _theme(synthesis: dict, theme_id: str | None) -> dict:
    for theme in synthesis["themes"]:
        if theme["id"] == theme_id:
            return theme
    raise ActionError(_("Ce thème n'existe plus : la synthèse a changé. Rechargez la page."), 409)


def _label(field: str = "label", required: bool = True) -> str | None:
    label = " ".join((request.form.get(field) or "").split())
    if required and not label:
        raise ActionError(_("Donnez un intitulé au thème."), 400)
    if len(label) > 120:
        raise ActionError(_("L'intitulé est trop long (120 caractères au maximum)."), 400)
    return label or None


def _contribution_id(synthesis: dict, value: str | None) -> str:
    if not value or value not in synthesis["items"]:
        raise ActionError(_("Cette contribution n'existe pas."), 404)
    return value


def _workspace_context(session) -> dict:
    synthesis, doc = build(session)
    items = synthesis["items"]
    phases = {step.index: step.phase for step in session.method.steps}
    notes_by_phase: dict[int, list] = {1: [], 2: [], 3: []}
    for entry in synthesis.get("notes", []):
        notes_by_phase.setdefault(phases.get(entry["step"], 1), []).append(entry)
    questions = {q.key: q.label for q in session.method.questions}
    edits = stored_edits(session.id)
    return {"session": session, "synthesis": synthesis, "items": items,
            "notes_by_phase": notes_by_phase, "questions": questions,
            "step_titles": {step.index: step.title for step in session.method.steps},
            "history": history(edits, synthesis, lambda ids: {
                user.id: user.display_name
                for user in db.session.scalars(db.select(User).filter(User.id.in_(ids)))}),
            "can_edit": "rapporteur" in session.roles_of(current_user),
            "can_download": bool(session.roles_of(current_user) & set(DOWNLOAD)),
            "theme_of": {cid: t for t in synthesis["themes"] for cid in t["contributions"]},
            "participants": len(doc.participants),
            "group_name": lambda dimension, value: group_name(dimension, value, current_language()),
            "dimension_name": lambda dimension: DIMENSIONS[lang(current_language())].get(
                dimension, dimension)}


def _answer(session):
    """The re-rendered workspace for HTMX, the page again for a plain form post."""
    db.session.commit()
    if request.headers.get("HX-Request"):
        return render_template("workspace/_workspace.html", **_workspace_context(session))
    return redirect(url_for("synthesis.page", session_id=session.id), 303)


def _store(session, operation: dict):
    """Append ``operation``, stamped with who made it (role and account) and when (UTC)."""
    require_open_report(session)
    operation.update(by="rapporteur", user=current_user.id, at=utcnow().isoformat())
    try:
        append_operation(session.id, operation)
    except DocumentError as error:
        raise ActionError(_("Modification refusée (%(field)s).", field=error.path), 400) from None
    return _answer(session)


# --- workspace ----------------------------------------------------------------------------------

@bp.get("/sessions/<int:session_id>/synthesis")
@login_required
def page(session_id: int):
    session = staff_session(session_id, VIEW)
    return render_template("workspace/page.html", **_workspace_context(session))


@bp.post("/sessions/<int:session_id>/synthesis/rename")
@login_required
def rename(session_id: int):
    session = staff_session(session_id, EDIT)
    synthesis, _doc = build(session)
    theme = _theme(synthesis, request.form.get("theme"))
    return _store(session, {"op": "rename_theme", "theme": theme_ref(theme), "label": _label()})


@bp.post("/sessions/<int:session_id>/synthesis/merge")
@login_required
def merge(session_id: int):
    session = staff_session(session_id, EDIT)
    synthesis, _doc = build(session)
    first = _theme(synthesis, request.form.get("theme"))
    second = _theme(synthesis, request.form.get("other"))
    if first is second:
        raise ActionError(_("Choisissez deux thèmes différents."), 400)
    operation = {"op": "merge_themes", "themes": [theme_ref(first), theme_ref(second)]}
    label = _label(required=False)
    if label:
        operation["label"] = label
    return _store(session, operation)


def _chosen(synthesis: dict) -> list[str]:
    """The ticked contributions, each in a theme, in the order given, once each."""
    chosen = list(dict.fromkeys(request.form.getlist("contributions")))
    if not chosen:
        raise ActionError(_("Cochez d'abord un ou plusieurs éléments."), 400)
    themed = {cid for theme in synthesis["themes"] for cid in theme["contributions"]}
    for cid in chosen:
        _contribution_id(synthesis, cid)
        if cid not in themed:
            raise ActionError(_("Cet élément n'est rangé dans aucun thème."), 400)
    return chosen


@bp.post("/sessions/<int:session_id>/synthesis/split")
@login_required
def split(session_id: int):
    """A new theme with the ticked items, taken from whichever themes hold them."""
    session = staff_session(session_id, EDIT)
    synthesis, _doc = build(session)
    if request.form.get("theme"):
        theme = _theme(synthesis, request.form.get("theme"))
        if any(cid not in theme["contributions"] for cid in request.form.getlist("contributions")):
            raise ActionError(_("Ces éléments n'appartiennent pas à ce thème."), 400)
    chosen = _chosen(synthesis)
    if any(set(chosen) == set(theme["contributions"]) for theme in synthesis["themes"]):
        raise ActionError(_("Laissez au moins un élément dans le thème d'origine."), 400)
    return _store(session, {"op": "split_theme", "contributions": chosen, "label": _label()})


@bp.post("/sessions/<int:session_id>/synthesis/move")
@login_required
def move(session_id: int):
    """One item (``contribution``) or the ticked ones (``contributions``) to another theme."""
    session = staff_session(session_id, EDIT)
    synthesis, _doc = build(session)
    if request.form.get("contribution"):
        cid = _contribution_id(synthesis, request.form.get("contribution"))
        if not any(cid in theme["contributions"] for theme in synthesis["themes"]):
            raise ActionError(_("Cet élément n'est rangé dans aucun thème."), 400)
        chosen = [cid]
    else:
        chosen = _chosen(synthesis)
    target = _theme(synthesis, request.form.get("to"))
    chosen = [cid for cid in chosen if cid not in target["contributions"]]
    if not chosen:
        raise ActionError(_("Cet élément est déjà dans ce thème."), 400)
    operation = {"op": "move", "to": theme_ref(target)}
    if len(chosen) == 1:
        operation["contribution"] = chosen[0]
    else:
        operation["contributions"] = chosen
    return _store(session, operation)


@bp.post("/sessions/<int:session_id>/synthesis/undo")
@login_required
def undo(session_id: int):
    """Undo one edit of the history (any of them, not only the last)."""
    session = staff_session(session_id, EDIT)
    require_open_report(session)
    try:
        index = int(request.form.get("index", ""))
    except ValueError:
        raise ActionError(_("Cette correction n'existe pas."), 404) from None
    if undo_operation(session.id, index, request.form.get("at") or None, current_user.id) is None:
        raise ActionError(_("Cette correction a déjà changé : rechargez la page."), 409)
    return _answer(session)


@bp.post("/sessions/<int:session_id>/synthesis/position")
@login_required
def position(session_id: int):
    session = staff_session(session_id, EDIT)
    synthesis, _doc = build(session)
    cid = _contribution_id(synthesis, request.form.get("contribution"))
    positioned = {entry["contribution"] for key in ("convergences", "divergences", "minorities",
                                                     "insufficient") for entry in synthesis[key]}
    if cid not in positioned:
        raise ActionError(_("Cet élément n'a pas reçu de positionnement."), 400)
    wanted = request.form.get("position") or None
    if wanted is not None and wanted not in POSITIONS:
        raise ActionError(_("Catégorie inconnue."), 400)
    return _store(session, {"op": "set_position", "contribution": cid, "position": wanted})


@bp.post("/sessions/<int:session_id>/synthesis/formula")
@login_required
def formula(session_id: int):
    session = staff_session(session_id, EDIT)
    text = " ".join((request.form.get("text") or "").split())
    if len(text) > 300:
        raise ActionError(_("La formule tient en une ligne (300 caractères au maximum)."), 400)
    return _store(session, {"op": "formula", "text": text or None})
