"""The forum's report for the comité: what the ateliers said, ready to send without rewriting.

Date, method, ateliers and attendees; per axis and per finding, vision and proposal each
atelier's verdict with its amendment, the answer tallies of the questions and the gaps
participants wrote; the proposals in brief with how far participants found they target what
most needs changing; a summary of the divergences; the team's conclusions. A verdict or an
answer on a target that is no longer on an atelier's programme is left out (and counted in a
note). Counts and texts only: nobody is named, and every text goes through the personal-data
review (``forum.review``) before it leaves. Markdown, DOCX, JSON and a print page.
"""

from datetime import date

from babel.dates import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from ..core.extensions import db
from ..sessions.models import Participant
from ..synthesis.exports.blocks import blocks_to_docx, blocks_to_markdown
from .evaluation import evaluation_blocks, forum_evaluation
from .gaps import forum_gaps
from .material import axis_items, targets_of
from .models import COVERAGE, ITEM_KINDS, PRIORITY, SCOPE, Forum, ForumAnswer, asks_priority
from .sources import source_line, source_of
from .tally import divergence, divergence_notes, labels, verdicts_by_target

FORMAT = "tourdetable.forum-report/3"
QUESTIONS = {"coverage": COVERAGE, "scope": SCOPE, "priority": PRIORITY}


def _attendees(forum: Forum) -> dict[int, int]:
    """atelier id -> participants who joined and were not marked absent."""
    by_session = {atelier.session_id: atelier.id for atelier in forum.ateliers}
    rows = db.session.execute(
        db.select(Participant.session_id, db.func.count())
        .filter(Participant.session_id.in_(by_session), Participant.attended.is_not(False))
        .group_by(Participant.session_id))
    return {by_session[session_id]: count for session_id, count in rows}


def _answers(forum: Forum, programmes: dict) -> tuple[dict, int]:
    """(kind, id) -> tallies and the gaps written, over the ateliers that have the target on
    their programme; and how many answers were left out (off an atelier's programme)."""
    by_session = {atelier.session_id: atelier.id for atelier in forum.ateliers}
    out, left_out = {}, 0
    for answer in db.session.scalars(db.select(ForumAnswer).filter(ForumAnswer.session_id.in_(by_session))
                                     .order_by(ForumAnswer.id)):
        key = (answer.target_kind, answer.target_id)
        if key not in programmes[by_session[answer.session_id]]:
            left_out += 1
            continue
        entry = out.setdefault(key, _empty_answers())
        entry["answers"] += 1
        for question in QUESTIONS:
            value = getattr(answer, question)
            if value is not None:  # priority: asked of proposals only
                entry[question][value] += 1
        if answer.gaps:
            entry["gaps"].append(answer.gaps)
        if answer.scope_which:
            entry["which"].append(answer.scope_which)
    return out, left_out


def _empty_answers() -> dict:
    return {"answers": 0, **{question: dict.fromkeys(values, 0) for question, values in QUESTIONS.items()},
            "gaps": [], "which": []}


def _verdicts_entry(cells: dict, names: dict, programmes: dict, key) -> tuple[dict, int]:
    """A target's verdicts from the ateliers that still have it on their programme, whether and
    why they diverge; and how many were left out."""
    kept = {aid: v for aid, v in cells.items() if key in programmes[aid]}
    reasons = divergence(kept)
    return ({"verdicts": [{"atelier": names[aid], "verdict": v.verdict, "amended": v.amended, "gaps": v.gaps}
                          for aid, v in sorted(kept.items())],
             "divergent": bool(reasons), "divergence": reasons}, len(cells) - len(kept))


def _day(forum: Forum) -> str:
    days = [atelier.session.scheduled_for or atelier.session.created_at.date() for atelier in forum.ateliers]
    return min(days).isoformat() if days else forum.created_at.date().isoformat()


def report(forum: Forum) -> dict:
    verdicts = verdicts_by_target(forum)
    names = {atelier.id: atelier.name for atelier in forum.ateliers}
    programmes = {atelier.id: targets_of(forum, atelier) for atelier in forum.ateliers}
    answers, answers_left_out = _answers(forum, programmes)
    attendees = _attendees(forum)
    left_out = 0
    axes = []
    for axis in forum.material["axes"]:
        items = {name: [] for name in ITEM_KINDS}
        for kind, item in axis_items(axis):
            key = (kind, item["id"])
            entry, dropped = _verdicts_entry(verdicts.get(key, {}), names, programmes, key)
            left_out += dropped
            items[f"{kind}s"].append({"id": item["id"], "text": item["text"], "source": source_of(item),
                                      **entry, **answers.get(key, _empty_answers())})
        key = ("axis", str(axis["id"]))
        entry, dropped = _verdicts_entry(verdicts.get(key, {}), names, programmes, key)
        left_out += dropped
        axes.append({"id": axis["id"], "label": axis["label"], **entry, **answers.get(key, _empty_answers()),
                     **items})
    return {"format": FORMAT, "forum": forum.title, "date": _day(forum),
            "ateliers": [{"atelier": a.name, "attendees": attendees.get(a.id, 0),
                          "axes": None if not a.axes else list(a.axes)} for a in forum.ateliers],
            "attendees": sum(attendees.values()), "axes": axes,
            "left_out": {"verdicts": left_out, "answers": answers_left_out},
            "missing": forum_gaps(forum), "evaluation": forum_evaluation(forum),
            "conclusions": forum.conclusions or ""}


# --- the report as blocks: Markdown, DOCX and the print page -------------------------------------

def _verdict_line(verdict: dict, names: dict) -> str:
    line = f"{verdict['atelier']} : {names[verdict['verdict']]}"
    if verdict["amended"]:
        line += " — " + _("formulation amendée : %(text)s", text=verdict["amended"])
    if verdict["gaps"]:
        line += " — " + _("lacunes : %(text)s", text=verdict["gaps"])
    return line


def _tally_lines(kind: str, entry: dict, names: dict) -> list[tuple]:
    if not entry["answers"]:
        return [("para", _("Aucune réponse des participant·es."))]
    out = [("para", ngettext("%(num)d réponse des participant·es :", "%(num)d réponses des participant·es :",
                             entry["answers"]))]
    questions = {"coverage": _("Aspects principaux couverts ?"), "scope": _("Généralisable ?"),
                 "priority": _("Les propositions visent-elles ce qui doit le plus changer ?")}
    for question, label in questions.items():
        if question == "priority" and not asks_priority(kind):
            continue
        counts = " · ".join(f"{names[value]} {count}" for value, count in entry[question].items())
        out.append(("bullet", f"{label} {counts}"))
    if entry["gaps"]:
        out.append(("para", _("Lacunes écrites par les participant·es :")))
        out.extend(("bullet", text) for text in entry["gaps"])
    if entry["which"]:
        out.append(("para", _("Organisations pour lesquelles cela vaut, selon les participant·es :")))
        out.extend(("bullet", text) for text in entry["which"])
    return out


def _target_blocks(kind: str, entry: dict, names: dict) -> list[tuple]:
    out = [("para", note) for note in divergence_notes(kind, entry["divergence"])]
    if entry["verdicts"]:
        out.append(("para", _("Verdicts des ateliers :")))
        out.extend(("bullet", _verdict_line(verdict, names)) for verdict in entry["verdicts"])
    else:
        out.append(("para", _("Aucun verdict.")))
    return out + _tally_lines(kind, entry, names)


def _divergences(data: dict) -> list[str]:
    lines = []
    for number, axis in enumerate(data["axes"], start=1):
        targets = [("axis", _("Axe %(number)d dans son ensemble", number=number), axis),
                   *((kind, item["text"], item) for kind, item in _report_items(axis))]
        for kind, text, entry in targets:
            if entry["divergent"]:
                notes = " ".join(divergence_notes(kind, entry["divergence"]))
                lines.append(f"{text} — {notes}")
    return lines


def _day_text(iso: str, language: str) -> str:
    return format_date(date.fromisoformat(iso), "long", locale=language)


METHOD = _l("Méthode : forum de validation. Les participant·es, témoins privilégié·es et non "
             "évaluateur·rices, répondent en atelier à des questions sur chaque axe, constat, vision "
             "et proposition de la synthèse transversale (les aspects principaux sont-ils couverts ? "
             "est-ce généralisable ? et, pour les propositions : visent-elles ce qui doit le plus "
             "changer ?) ; chaque atelier rend ensuite son verdict : validé, invalidé ou amendé.")


def _opening(data: dict, language: str) -> list[tuple]:
    """The title once, then date, method, ateliers and attendees, and what was left out."""
    out = [("title", data["forum"]),
           ("para", _("Rapport du forum de validation pour le comité d'accompagnement.")),
           ("h1", _("Le forum")),
           ("bullet", _("Date : %(date)s", date=_day_text(data["date"], language))),
           ("bullet", str(METHOD)),
           ("bullet", ngettext("%(num)d atelier", "%(num)d ateliers", len(data["ateliers"]))
            + " · " + ngettext("%(num)d participant·e", "%(num)d participant·es", data["attendees"]))]
    for atelier in data["ateliers"]:
        out.append(("bullet", ngettext("%(atelier)s : %(num)d participant·e",
                                       "%(atelier)s : %(num)d participant·es",
                                       atelier["attendees"], atelier=atelier["atelier"])))
    left = data["left_out"]
    if left["verdicts"] or left["answers"]:
        out.append(("para", _("Laissés de côté : %(verdicts)d verdict(s) et %(answers)d réponse(s) sur des "
                              "axes retirés ensuite du programme de leur atelier.",
                              verdicts=left["verdicts"], answers=left["answers"])))
    return out


def _proposals(data: dict, names: dict) -> list[tuple]:
    """The proposals in brief: how far participants found each aims right, the ateliers' verdicts."""
    out = [("h1", _("Les propositions"))]
    for number, axis in enumerate(data["axes"], start=1):
        if not axis["proposals"]:
            continue
        out.append(("h2", _("Axe %(number)d : %(label)s", number=number, label=axis["label"])))
        for proposal in axis["proposals"]:
            out.append(("bullet", proposal["text"]))
            counts = {value: proposal["priority"][value] for value in PRIORITY}
            out.append(("para", _("Vise-t-elle ce qui doit le plus changer ? Oui %(yes)d · en partie "
                                  "%(partly)d · non %(no)d.", **counts)))
            out.extend(("para", _verdict_line(verdict, names)) for verdict in proposal["verdicts"])
    return out


def _missing(data: dict) -> list[tuple]:
    """What the ateliers and their participants found missing in the whole synthesis."""
    out = [("h1", _("Ce qui manque dans l'ensemble de la synthèse"))]
    said = [entry for entry in data["missing"] if entry["text"] or entry["participants"]]
    for entry in said:
        out.append(("h2", entry["atelier"]))
        if entry["text"]:
            out.append(("para", _("Selon l'atelier : %(text)s", text=entry["text"])))
        if entry["participants"]:
            out.append(("para", _("Selon ses participant·es :")))
            out.extend(("bullet", text) for text in entry["participants"])
    if not said:
        out.append(("para", _("Rien n'a été signalé.")))
    return out


def _report_items(axis: dict) -> list[tuple[str, dict]]:
    """(kind, entry) of an axis's findings, visions and proposals in the report's data."""
    return [(kind, entry) for name, kind in ITEM_KINDS.items() for entry in axis.get(name, [])]


def blocks(data: dict, language: str = "fr") -> list[tuple]:
    names = labels()
    out = _opening(data, language)
    divergences = _divergences(data)
    out.append(("h1", _("Les divergences en bref")))
    out.extend(("bullet", line) for line in divergences)
    if not divergences:
        out.append(("para", _("Aucune divergence entre les ateliers.")))
    for number, axis in enumerate(data["axes"], start=1):
        out.append(("h1", _("Axe %(number)d : %(label)s", number=number, label=axis["label"])))
        out.append(("h2", _("L'axe dans son ensemble")))
        out.extend(_target_blocks("axis", axis, names))
        for kind, item in _report_items(axis):
            out.append(("h2", item["text"] if kind == "finding" else f"{names[kind]} : {item['text']}"))
            line = source_line(item["source"])
            if line:
                out.append(("para", line))
            out.extend(_target_blocks(kind, item, names))
    out.extend(_proposals(data, names))
    out.extend(_missing(data))
    out.extend(evaluation_blocks(data.get("evaluation", [])))
    out.append(("h1", _("Conclusions de l'équipe")))
    paragraphs = [" ".join(p.split()) for p in (data["conclusions"] or "").split("\n\n") if p.strip()]
    out.extend(("para", paragraph) for paragraph in paragraphs)
    if not paragraphs:
        out.append(("para", _("(À compléter par l'équipe.)")))
    return out


def render_markdown(data: dict, language: str = "fr") -> str:
    return blocks_to_markdown(blocks(data, language))


def render_docx(data: dict, language: str = "fr") -> bytes:
    return blocks_to_docx(blocks(data, language))
