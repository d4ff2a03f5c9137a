"""The synthesis of a session as stored now, with every edit replayed.

The synthesis is rebuilt from the database on every request; the rapporteur's corrections are
operations appended to the stored edits (``workspace.models``) and replayed on each rebuild,
so late votes or contributions never lose an edit.
"""

from ..synthesis.document import load_document
from ..synthesis.edits import EDITS_FORMAT
from ..synthesis.engine import build_synthesis
from .interchange import session_document

POSITIONS = ("convergence", "divergence", "minority")


def build(session, data: dict | None = None) -> tuple[dict, object]:
    """(synthesis, SessionDocument) of the session as stored now, with every edit replayed.

    The facilitator's console reclassifications come first, then the rapporteur's edits; the
    edits report keeps the rapporteur's own operation numbers.
    """
    data = session_document(session) if data is None else data
    doc = load_document(data)
    overrides = [{"op": "set_position", "contribution": c["id"], "position": c["position_override"],
                  "by": "facilitator"}
                 for c in data["contributions"] if c.get("position_override") in POSITIONS]
    edits = data.get("synthesis_edits") or {"format": EDITS_FORMAT, "operations": []}
    doc.synthesis_edits = {"format": EDITS_FORMAT,
                           "operations": overrides + list(edits.get("operations", []))}
    synthesis = build_synthesis(doc)
    report = synthesis["edits"]
    for key in ("applied", "not_applied"):
        report[key] = [dict(entry, index=entry["index"] - len(overrides))
                       for entry in report[key] if entry["index"] >= len(overrides)]
    return synthesis, doc
