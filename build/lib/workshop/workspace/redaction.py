"""Personal data in what leaves the room: every spot found in an exported text, the
rapporteur's decision on it, and the document with the redacted spots replaced."""

from collections import Counter

from flask_babel import gettext as _
from flask_babel import ngettext

from ..synthesis.personal_data import find_personal_data, redact
from .interchange import session_document
from .models import stored_redactions


def _sources(data: dict) -> list[dict]:
    """Every exported text that may hold personal data: (key, label, field, text, language)."""
    language = data["session"]["language"]
    out = []
    for c in data["contributions"]:
        for field in ("title", "text", "actor"):
            if c.get(field):
                out.append({"source": c["id"], "field": field, "text": c[field],
                            "language": c.get("language") or language, "kind": c["kind"]})
    for i, note in enumerate(data.get("notes") or []):
        out.append({"source": f"n{i}", "field": "text", "text": note["text"],
                    "language": language, "kind": "note"})
    if data["session"].get("formula"):
        out.append({"source": "formula", "field": "text", "text": data["session"]["formula"],
                    "language": language, "kind": "formula"})
    return out


def _spot_key(source: dict, spot) -> str:
    return f"{source['source']}:{source['field']}:{spot.start}:{spot.end}:{spot.kind}"


def personal_data(session, data: dict) -> list[dict]:
    """Each spot with its stored decision (None while undecided)."""
    decisions = stored_redactions(session.id)
    spots = []
    for source in _sources(data):
        for spot in find_personal_data(source["text"], source["language"]):
            key = _spot_key(source, spot)
            stored = decisions.get(key)
            decision = stored["decision"] if stored and stored.get("excerpt") == spot.excerpt else None
            context = source["text"][max(0, spot.start - 60):spot.end + 60]
            spots.append({"key": key, "spot": spot, "source": source, "decision": decision,
                          "before": source["text"][max(0, spot.start - 60):spot.start],
                          "after": source["text"][spot.end:spot.end + 60], "context": context})
    return spots


def redacted_document(session) -> tuple[dict, list[dict]]:
    """The document with every spot marked "redact" replaced, and the redaction records."""
    data = session_document(session)
    spots = personal_data(session, data)
    if any(entry["decision"] is None for entry in spots):
        raise Undecided(sum(entry["decision"] is None for entry in spots))
    texts = {}
    for entry in spots:
        source = entry["source"]
        texts.setdefault((source["source"], source["field"]), (source, []))[1].append(entry)
    records = []
    replaced = {}
    for (source_id, field), (source, entries) in texts.items():
        keep = {(e["spot"].start, e["spot"].end) for e in entries if e["decision"] == "keep"}
        text, done = redact(source["text"], [e["spot"] for e in entries], keep,
                            data["session"]["language"])
        replaced[(source_id, field)] = text
        records.extend({"source": source_id, "field": field, "kind": r["kind"],
                        "placeholder": r["placeholder"]} for r in done)
    for c in data["contributions"]:
        for field in ("title", "text", "actor"):
            if (c["id"], field) in replaced:
                c[field] = replaced[(c["id"], field)]
    for i, note in enumerate(data.get("notes") or []):
        if (f"n{i}", "text") in replaced:
            note["text"] = replaced[(f"n{i}", "text")]
    if ("formula", "text") in replaced:
        original = data["session"]["formula"]
        data["session"]["formula"] = replaced[("formula", "text")]
        for op in (data.get("synthesis_edits") or {}).get("operations", []):
            if op.get("op") == "formula" and isinstance(op.get("text"), str):
                op["text"] = data["session"]["formula"] if op["text"].strip() == original \
                    else redact(op["text"], find_personal_data(op["text"]), set(),
                                data["session"]["language"])[0]
    return data, records


class Undecided(Exception):
    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


KIND_LABELS = {
    "phone": lambda n: ngettext("%(num)d téléphone", "%(num)d téléphones", n),
    "email": lambda n: ngettext("%(num)d adresse e-mail", "%(num)d adresses e-mail", n),
    "national_number": lambda n: ngettext("%(num)d numéro de registre national",
                                          "%(num)d numéros de registre national", n),
    "iban": lambda n: ngettext("%(num)d compte bancaire", "%(num)d comptes bancaires", n),
    "address": lambda n: ngettext("%(num)d adresse", "%(num)d adresses", n),
    "name": lambda n: ngettext("%(num)d nom", "%(num)d noms", n),
}


def redaction_summary(records: list[dict]) -> str:
    counts = Counter(record["kind"] for record in records)
    if not counts:
        return _("Aucune donnée personnelle masquée.")
    order = list(KIND_LABELS)
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], order.index(pair[0])
                                                      if pair[0] in order else len(order)))
    parts = [KIND_LABELS[kind](n) if kind in KIND_LABELS else f"{n} {kind}" for kind, n in ranked]
    return _("Données personnelles masquées : %(list)s", list=", ".join(parts))


def kind_label(kind: str) -> str:
    return {"email": _("adresse e-mail"), "phone": _("téléphone"),
            "national_number": _("numéro de registre national"), "iban": _("compte bancaire"),
            "address": _("adresse"), "name": _("nom")}.get(kind, kind)
