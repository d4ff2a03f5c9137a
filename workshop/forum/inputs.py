"""What a forum form sends: a choice among the allowed answers, a text within its limit, the
version a form showed, and one row per key stored even when two devices write it at once."""

from flask import request
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ..core.errors import ActionError
from ..core.extensions import db


def form_text(name: str, limit: int = 2000) -> str:
    value = (request.form.get(name) or "").strip()
    if len(value) > limit:
        raise ActionError(_("Ce texte est trop long (%(max)d caractères au plus).", max=limit), 400)
    return value


def form_choice(name: str, allowed) -> str:
    value = request.form.get(name, "")
    if value not in allowed:
        raise ActionError(_("Choisissez une des réponses proposées."), 400)
    return value


def form_version(name: str = "version") -> int:
    """The version a form showed (0 or absent: none yet)."""
    value = request.form.get(name) or "0"
    if not value.isdigit() or len(value) > 9:
        raise ActionError(_("La demande est incorrecte."), 400)
    return int(value)


def upsert(model, key: dict, values: dict):
    """Store one row per key; if the same key is written at the same moment elsewhere (two
    devices, a double click), the unique constraint refuses the second insert: update instead."""
    for attempt in (1, 2):
        row = db.session.scalar(db.select(model).filter_by(**key))
        if row is None:
            row = model(**key)
            db.session.add(row)
        for name, value in values.items():
            setattr(row, name, value)
        try:
            db.session.commit()
            return row
        except IntegrityError:
            db.session.rollback()
            if attempt == 2:
                raise
