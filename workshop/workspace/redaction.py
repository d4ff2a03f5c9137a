"""Personal data in what leaves the room: every spot found in an exported text, the
rapporteur's decision on it, and the document with the redacted spots replaced.

What is searched: every text an export carries — the session's title; each contribution's
title, text, actor and theme tag; the rapporteur's notes; the formula; the labels the
rapporteur gave to themes (renames, merges, splits) — with every pseudonym of the session,
of the sessions before it and of its project (``known_names``) searched as a name.

One decision per distinct value ("Dupont" as a name, "0475 12 34 56" as a phone) applies to
all its occurrences; a single occurrence may be decided otherwise (an override). A spot is
decided when its occurrence or its value is. Exports stay blocked while a spot is undecided.

The functions on *sources* and *decisions* are generic: the forum's report uses them on its
own texts (amendments, gaps) with its own stored decisions.
"""

from collections import Counter
from collections.abc import Callable, Iterable

from flask_babel import gettext as _
from flask_babel import ngettext

from ..core.errors import ActionError
from ..core.extensions import db
from ..sessions.models import Participant, WorkshopSession
from ..synthesis.personal_data import find_personal_data, redact
from .interchange import current_formula, session_document
from .models import DECISIONS, PersonalDataEvent, stored_redactions

VALUE_PREFIX = "value:"
CONTRIBUTION_FIELDS = ("title", "text", "actor", "theme")
EDIT_FIELDS = {"rename_theme": "label", "merge_themes": "label", "split_theme": "label"}


# --- known names -------------------------------------------------------------------------------

_KNOWN_NAME_PROVIDERS: list[Callable] = []


def add_known_names(provider: Callable[[WorkshopSession], Iterable[str]]) -> None:
    """A higher context adds the names it knows for a session (research: its project's)."""
    if provider not in _KNOWN_NAME_PROVIDERS:
        _KNOWN_NAME_PROVIDERS.append(provider)


def session_pseudonyms(session_ids: Iterable[int]) -> set[str]:
    """The pseudonyms of these sessions' participants (purged sessions have none left)."""
    ids = list(session_ids)
    if not ids:
        return set()
    return set(db.session.scalars(
        db.select(Participant.pseudonym).join(WorkshopSession)
        .filter(Participant.session_id.in_(ids), WorkshopSession.purged_at.is_(None))))


def known_names(session) -> list[str]:
    """Every pseudonym of the session and of the sessions before it, and what the contexts
    above add (a research project's pseudonyms and registrants' names)."""
    ids, current = [], session
    while current is not None and current.id not in ids:
        ids.append(current.id)
        current = db.session.get(WorkshopSession, current.previous_session_id) \
            if current.previous_session_id else None
    names = session_pseudonyms(ids)
    for provider in _KNOWN_NAME_PROVIDERS:
        names.update(provider(session))
    return sorted(name for name in names if name and name.strip())


# --- generic: sources, spots, decisions --------------------------------------------------------

def value_key(spot) -> str:
    """The distinct value a spot holds: its kind and its text, case and spacing aside."""
    return f"{VALUE_PREFIX}{spot.kind}:{' '.join(spot.excerpt.split()).casefold()}"


def occurrence_key(source: dict, spot) -> str:
    return f"{source['source']}:{source['field']}:{spot.start}:{spot.end}:{spot.kind}"


def _stored_decision(decisions: dict, key: str, excerpt: str | None = None) -> str | None:
    stored = decisions.get(key)
    if not stored or (excerpt is not None and stored.get("excerpt") != excerpt):
        return None
    return stored.get("decision")


def find_spots(sources: list[dict], decisions: dict, names: Iterable[str]) -> list[dict]:
    """Every spot of every source, with its value, its override and the decision that holds.

    A source is ``{"source", "field", "text", "language", "kind"}``."""
    names = list(names)
    entries = []
    for source in sources:
        for spot in find_personal_data(source["text"], source["language"], known_names=names):
            key, value = occurrence_key(source, spot), value_key(spot)
            override = _stored_decision(decisions, key, spot.excerpt)
            for_value = _stored_decision(decisions, value)
            entries.append({"key": key, "value": value, "spot": spot, "source": source,
                            "override": override, "value_decision": for_value,
                            "decision": override or for_value,
                            "before": source["text"][max(0, spot.start - 60):spot.start],
                            "after": source["text"][spot.end:spot.end + 60]})
    return entries


def by_value(entries: list[dict]) -> list[dict]:
    """The spots grouped by distinct value, in order of first appearance."""
    groups: dict[str, dict] = {}
    for entry in entries:
        group = groups.setdefault(entry["value"], {
            "value": entry["value"], "kind": entry["spot"].kind, "excerpt": entry["spot"].excerpt,
            "decision": entry["value_decision"], "occurrences": []})
        group["occurrences"].append(entry)
    for group in groups.values():
        group["undecided"] = sum(entry["decision"] is None for entry in group["occurrences"])
        group["overridden"] = sum(entry["override"] is not None for entry in group["occurrences"])
    return list(groups.values())


def redact_sources(entries: list[dict], language: str) -> tuple[dict, list[dict]]:
    """{(source, field): redacted text} for every source with a spot, and what was redacted.
    Raises ``Undecided`` while a spot is undecided."""
    undecided = sum(entry["decision"] is None for entry in entries)
    if undecided:
        raise Undecided(undecided)
    texts: dict = {}
    for entry in entries:
        source = entry["source"]
        texts.setdefault((source["source"], source["field"]), (source, []))[1].append(entry)
    replaced, records = {}, []
    for (source_id, field), (source, group) in texts.items():
        keep = {(e["spot"].start, e["spot"].end) for e in group if e["decision"] == "keep"}
        text, done = redact(source["text"], [e["spot"] for e in group], keep, language)
        replaced[(source_id, field)] = text
        records.extend({"source": source_id, "field": field, "kind": r["kind"],
                        "placeholder": r["placeholder"]} for r in done)
    return replaced, records


def decisions_from_form(form, entries: list[dict]) -> tuple[dict, set]:
    """The decisions a review form sends: ``value:<value>`` (for every occurrence) and
    ``spot:<occurrence>`` ("" for "as the value"). Returns (decisions to store, occurrence
    keys to forget); refuses a spot that changed since the page was shown."""
    occurrences = {entry["key"]: entry for entry in entries}
    values = {entry["value"]: entry for entry in entries}
    decisions, cleared = {}, set()
    for name, value in form.items():
        if name.startswith(VALUE_PREFIX):
            key, known = name, values
        elif name.startswith("spot:"):
            key, known = name[len("spot:"):], occurrences
            if value == "":
                cleared.add(key)
                continue
        else:
            continue
        if key not in known:
            raise ActionError(_("Ce passage a changé depuis l'affichage. Rechargez la page."), 409)
        if value not in DECISIONS:
            raise ActionError(_("Choisissez « masquer » ou « garder »."), 400)
        spot = known[key]["spot"]
        decisions[key] = {"decision": value, "kind": spot.kind,
                          "excerpt": None if key.startswith(VALUE_PREFIX) else spot.excerpt}
    if not decisions and not cleared:
        raise ActionError(_("Aucune décision reçue."), 400)
    return decisions, cleared


class Undecided(Exception):
    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


# --- a session -------------------------------------------------------------------------------

def _sources(data: dict) -> list[dict]:
    """Every exported text of a session document that may hold personal data."""
    language = data["session"]["language"]
    out = [{"source": "session", "field": "title", "text": data["session"]["title"],
            "language": language, "kind": "session"}]
    for c in data["contributions"]:
        for field in CONTRIBUTION_FIELDS:
            if c.get(field):
                out.append({"source": c["id"], "field": field, "text": c[field],
                            "language": c.get("language") or language, "kind": c["kind"]})
    for i, note in enumerate(data.get("notes") or []):
        out.append({"source": f"n{i}", "field": "text", "text": note["text"],
                    "language": language, "kind": "note"})
    formula = data["session"].get("formula")
    if formula:
        out.append({"source": "formula", "field": "text", "text": formula,
                    "language": language, "kind": "formula"})
    for i, op in enumerate((data.get("synthesis_edits") or {}).get("operations", [])):
        field = "text" if op.get("op") == "formula" else EDIT_FIELDS.get(op.get("op"))
        text = op.get(field) if field else None
        if not isinstance(text, str) or not text.strip():
            continue
        if op["op"] == "formula" and text.strip() == formula:
            continue  # the current formula, reviewed once above
        out.append({"source": f"e{i}", "field": field, "text": text, "language": language,
                    "kind": "formula" if op["op"] == "formula" else "theme_label"})
    return out


def personal_data(session, data: dict) -> list[dict]:
    """Each spot of the session's exported texts with the decision that holds (None while
    undecided); nothing once the session's personal data have been purged."""
    if session.purged_at is not None:
        return []
    return find_spots(_sources(data), stored_redactions(session.id), known_names(session))


def redacted_document(session) -> tuple[dict, list[dict]]:
    """The document with every spot marked "redact" replaced, and the redaction records.
    After a purge the stored texts are the reviewed ones already."""
    data = session_document(session)
    if session.purged_at is not None:
        return data, purge_records(session)
    replaced, records = redact_sources(personal_data(session, data), data["session"]["language"])
    if ("session", "title") in replaced:
        data["session"]["title"] = replaced[("session", "title")]
    for c in data["contributions"]:
        for field in CONTRIBUTION_FIELDS:
            if (c["id"], field) in replaced:
                c[field] = replaced[(c["id"], field)]
    for i, note in enumerate(data.get("notes") or []):
        if (f"n{i}", "text") in replaced:
            note["text"] = replaced[(f"n{i}", "text")]
    formula = data["session"].get("formula")
    if ("formula", "text") in replaced:
        data["session"]["formula"] = replaced[("formula", "text")]
    for i, op in enumerate((data.get("synthesis_edits") or {}).get("operations", [])):
        if op.get("op") == "formula" and isinstance(op.get("text"), str) \
                and op["text"].strip() == formula:
            op["text"] = data["session"]["formula"]
        field = "text" if op.get("op") == "formula" else EDIT_FIELDS.get(op.get("op"))
        if field and (f"e{i}", field) in replaced:
            op[field] = replaced[(f"e{i}", field)]
    if data.get("synthesis_edits"):
        data["session"]["formula"] = current_formula(data["synthesis_edits"]) \
            or data["session"].get("formula")
    return data, records


def purge_records(session) -> list[dict]:
    """What the review had redacted, as recorded when the personal data were purged."""
    event = db.session.scalar(db.select(PersonalDataEvent).filter_by(
        session_id=session.id, action="purge").order_by(PersonalDataEvent.id.desc()).limit(1))
    return list((event.details or {}).get("records", [])) if event else []


# --- wording ---------------------------------------------------------------------------------

KIND_LABELS = {
    "phone": lambda n: ngettext("%(num)d téléphone", "%(num)d téléphones", n),
    "email": lambda n: ngettext("%(num)d adresse e-mail", "%(num)d adresses e-mail", n),
    "national_number": lambda n: ngettext("%(num)d numéro de registre national",
                                          "%(num)d numéros de registre national", n),
    "iban": lambda n: ngettext("%(num)d compte bancaire", "%(num)d comptes bancaires", n),
    "address": lambda n: ngettext("%(num)d adresse", "%(num)d adresses", n),
    "name": lambda n: ngettext("%(num)d nom", "%(num)d noms", n),
    "pseudonym": lambda n: ngettext("%(num)d pseudonyme", "%(num)d pseudonymes", n),
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
            "address": _("adresse"), "name": _("nom"), "pseudonym": _("pseudonyme")}.get(kind, kind)


def source_label(source: dict) -> str:
    """Where a text comes from, for the review ("Interprétation", "Note du rapporteur"…)."""
    return {"session": _("Titre de la séance"), "note": _("Note du rapporteur"),
            "formula": _("Formule"), "theme_label": _("Intitulé de thème"),
            "story": _("Récit"), "narration": _("Narration"), "enjeu": _("Enjeu"),
            "question": _("Question d'information"), "interpretation": _("Interprétation"),
            "narrator_reaction": _("Réaction du narrateur"), "finding": _("Constat"),
            "good_practice": _("Bonne pratique"),
            "theory": _("Apport théorique"), "problem": _("Nouvelle problématique"),
            "vision": _("Vision"), "proposal": _("Proposition"), "evaluation": _("Évaluation"),
            "wording": _("Formulation du groupe"),
            "amendment": _("Formulation amendée"), "gaps": _("Lacunes"),
            "which": _("Organisations concernées"), "forum": _("Titre du forum"),
            "atelier": _("Atelier"), "source_group": _("Groupe source"),
            "source_session": _("Séance source"),
            "conclusions": _("Conclusions de l'équipe")}.get(source["kind"], source["kind"])
