"""The forum's screens share one blueprint: coordinator, atelier rapporteur, participants."""

from flask import Blueprint, request

from ..material import axis_items, dom_id
from ..models import TARGET_KINDS, asks_priority
from ..tally import divergence_notes, labels

bp = Blueprint("forum", __name__)
bp.add_app_template_global(dom_id)
bp.add_app_template_global(axis_items)
bp.add_app_template_global(asks_priority)
bp.add_app_template_global(divergence_notes)
# The answers' and verdicts' names: a fragment rendered once per language calls it while rendering.
bp.add_app_template_global(labels, "forum_labels")

TARGET = f"<any({', '.join(TARGET_KINDS)}):kind>/<path:target_id>"  # the URL part naming a target


def htmx() -> bool:
    return bool(request.headers.get("HX-Request"))
