"""The day report as a list of neutral blocks, rendered by markdown.py, docx.py and the print page.

Blocks: ``("heading", level, text)``, ``("para", text)``, ``("note", text)`` (a line in small
print), ``("meta", [(label, value)], colon)``, ``("quote", text)``,
``("bullets", [text | (text, [subtext, ...])])`` and ``("table", headers, rows, widths)``
(``widths``: the share of the page each column takes, summing to 1).

The order is a research report's: the formula first, the participants, then each phase of the
method and, within it, each theme; convergences, divergences and minority positions with the
breakdown by declared position where the disclosure policy allows it; proposals by priority;
the evaluation question by question. Authors are never named: participants appear only as role
descriptors of their k-anonymous profile, for groups of three or more (``synthesis.disclosure``).

Fixed labels are in the *reader's* language (:class:`Reader`); what people wrote stays as written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..disclosure import described_groups
from .labels import DIMENSIONS, LEVELS, METHODS, PHASES, counts, group_name, lang
from .labels import t as _t


def clock_utc(iso: str) -> str:
    """Without a configured zone (the command line), the stored UTC time, said as such."""
    return f"{iso[11:16]} UTC"


@dataclass(frozen=True)
class Reader:
    """Who the report is for, as data: the reader's language and the wording that depends on
    the app (a time in the configured zone, the method's step titles and evaluation questions
    in that language, closing sections such as the personal-data summary)."""

    language: str = "fr"
    show_time: Callable[[str], str] = clock_utc
    show_date: Callable[[str], str] = str
    step_titles: Mapping[int, str] = field(default_factory=dict)
    questions: Mapping[str, str] = field(default_factory=dict)
    closing: tuple[tuple[str, str], ...] = ()


def build_blocks(synthesis: dict, doc=None, reader: Reader | None = None) -> list[tuple]:
    """Blocks of the report for ``synthesis`` (``doc``, the SessionDocument, adds context)."""
    reader = reader or Reader(language=synthesis["session"].get("language", "fr"))
    info = synthesis["session"]
    language = lang(reader.language)
    method = info.get("method", "mag-classique")

    def t(key, **kw):
        return _t(language, key, **kw)

    items = synthesis.get("items", {})
    labels = {th["id"]: th["label"] for th in synthesis.get("themes", [])}
    blocks: list[tuple] = [("heading", 0, info.get("title") or t("report"))]
    meta = [(t("method"), METHODS[language].get(method, method))]
    if info.get("date"):
        meta.insert(0, (t("date"), reader.show_date(info["date"])))
    if doc is not None and doc.participants:
        meta.append((t("participants"), str(len(doc.participants))))
    blocks.append(("meta", meta, t("colon")))

    if synthesis.get("formula"):
        blocks.append(("heading", 1, t("formula")))
        blocks.append(("quote", synthesis["formula"]))

    # Participants, by role only where the disclosure policy allows it (groups of K or more).
    if doc is not None and doc.participants:
        groups, undescribed = described_groups({p.id: p.profile for p in doc.participants},
                                               language)
        blocks.append(("heading", 1, t("participants")))
        blocks.append(("para", t("participants_intro", n=len(doc.participants))))
        lines = [f"{n} × {role}" for role, n in groups]
        if undescribed:
            lines.append(t("undescribed", n=undescribed))
        blocks.append(("bullets", lines))

    phases = PHASES.get(method, PHASES["mag-classique"])[language]
    positions_phase = 3 if method == "mag-classique" else 2

    illustrations = synthesis.get("illustrations", {})

    def _illustrated(cid):
        """An item, with the stories linked to it (a finding) as sub-bullets."""
        stories = [items[s] for s in illustrations.get(cid, []) if s in items]
        if not stories:
            return _titled_text(items[cid])
        return (_titled_text(items[cid]),
                [t("illustrated_by", title=s.get("title") or s["text"]) for s in stories])

    def themed(title: str, kind_set) -> list[tuple]:
        """``title``, then each theme holding items of ``kind_set``, with those items."""
        out = []
        for theme in synthesis.get("themes", []):
            members = [c for c in theme["contributions"]
                       if items.get(c, {}).get("kind") in kind_set]
            if members:
                out.append(("heading", 3, theme["label"]))
                out.append(("bullets", [_illustrated(c) for c in members]))
        return [("heading", 2, t("by_theme", title=title)), *out] if out else []

    # A day that analysed its stories in MAG sequences (an action-research day, or several
    # stories): each story with its own narration, questions, interpretations and reactions.
    analysed = synthesis.get("chosen_stories") or []
    per_story = len(analysed) > 1 or (analysed and method != "mag-classique")
    for phase in (1, 2, 3):
        section: list[tuple] = []
        if phase == 1:
            section += _analysed_stories(synthesis, items, t) if per_story else _stories(synthesis, t)
            section += themed(t("findings"), {"finding"})
            section += _simple(t("good_practices"), synthesis.get("good_practices", []))
        if phase == 2:
            if not per_story:
                section += _simple(t("questions"), synthesis.get("questions", []))
                section += themed(t("interpretations"), {"interpretation"})
                section += _simple(t("narrator_reactions"), synthesis.get("narrator_reactions", []))
            section += themed(t("visions"), {"vision"})
        if phase == positions_phase:
            section += _positions(synthesis, language, labels, t)
        if phase == 3:
            section += _simple(t("theory"), synthesis.get("theory", []))
            section += _simple(t("problems"), synthesis.get("problems", []))
            section += _proposals(synthesis, language, labels, t)
            section += _evaluation(synthesis, reader, t)
        if section:
            blocks.append(("heading", 1, f"{t('phase', n=phase)} — {phases[phase - 1]}"))
            blocks += section

    blocks += _notes(synthesis, reader, t)
    for heading, text in reader.closing:
        blocks += [("heading", 1, heading), ("para", text)]
    return blocks


def _titled_text(entry: dict) -> str:
    return f"{entry['title']} — {entry['text']}" if entry.get("title") else entry["text"]


def _simple(title: str, entries: list[dict]) -> list[tuple]:
    if not entries:
        return []
    return [("heading", 2, title), ("bullets", [_titled_text(e) for e in entries])]


def _stories(synthesis: dict, t) -> list[tuple]:
    out: list[tuple] = []
    stories = synthesis.get("stories", [])
    rounds = max((len(s.get("rounds", [])) for s in stories), default=0)
    if stories and rounds > 1:  # several choices in the day: each one's votes, side by side
        out.append(("heading", 2, t("stories")))
        width = round(0.15 * 2 / rounds, 3)
        out.append(("table", [t("item"), *(t("choice_round", n=n) for n in range(1, rounds + 1))],
                    [[_titled_text(s), *(str(n) for n in s["rounds"])] for s in stories],
                    (0.7, *([width] * rounds))))
    elif stories:
        out.append(("heading", 2, t("stories")))
        out.append(("table", [t("item"), t("story_votes")],
                    [[_titled_text(s), str(s["votes"])] for s in stories], (0.85, 0.15)))
    chosen = synthesis.get("chosen_story")
    if chosen:
        title = chosen.get("title")
        out.append(("heading", 2, f"{t('chosen_story')}{t('colon')}{title}" if title
                    else t("chosen_story")))
        out.append(("quote", chosen["text"]))
        if chosen["narration"]:
            out.append(("heading", 3, t("narration")))
            out += [("para", n["text"]) for n in chosen["narration"]]
        if chosen["enjeux"]:
            out.append(("heading", 3, t("enjeux")))
            out.append(("bullets", [e["text"] for e in chosen["enjeux"]]))
    return out


def _analysed_stories(synthesis: dict, items: dict, t) -> list[tuple]:
    """The proposed stories, then a section per story the day analysed."""
    out = _stories({"stories": synthesis.get("stories", [])}, t)
    for number, story in enumerate(synthesis.get("chosen_stories", []), start=1):
        heading = t("analysed_story", n=number)
        out.append(("heading", 2, f"{heading}{t('colon')}{story['title']}" if story.get("title")
                    else heading))
        out.append(("quote", story["text"]))
        if story.get("votes"):
            out.append(("para", t("chosen_with", n=story["votes"])))
        if story.get("narration"):
            out.append(("heading", 3, t("narration")))
            out += [("para", n["text"]) for n in story["narration"]]
        out += _listed(t("enjeux"), [e["text"] for e in story.get("enjeux", [])])
        out += _listed(t("questions"), [q["text"] for q in story.get("questions", [])])
        out += _listed(t("interpretations"), [_titled_text(items[c]) for c in
                                              story.get("interpretations", []) if c in items])
        out += _listed(t("narrator_reactions"),
                       [r["text"] for r in story.get("narrator_reactions", [])])
    return out


def _listed(title: str, texts: list[str]) -> list[tuple]:
    return [("heading", 3, title), ("bullets", texts)] if texts else []


_CLASS_KEY = {"convergence": "convergences", "divergence": "divergences",
              "minority": "minorities", "insufficient": "insufficient"}


def _positions(synthesis: dict, language: str, labels: dict, t) -> list[tuple]:
    """Each class of position, its items with their counts, their theme, who classified them
    by hand, and the breakdown by declared position the disclosure policy allowed."""
    keys = ("convergences", "divergences", "minorities", "insufficient")
    voted = {key: [e for e in synthesis.get(key, []) if e["agree"] + e["disagree"] + e["abstain"]]
             for key in keys}  # an item nobody was asked about is no position
    if not any(voted.values()):
        return []
    out: list[tuple] = [("heading", 2, t("positions_title")), ("para", t("positions_intro"))]
    for key in keys:
        entries = voted[key]
        if not entries:
            continue
        out.append(("heading", 3, t(key)))
        if key == "minorities":
            out.append(("note", t("minorities_intro")))
        bullets = []
        for e in entries:
            head = f"{_worded(e, t)} — {counts(language, e['agree'], e['disagree'], e['abstain'])}"
            if labels.get(e.get("theme")):
                head += f" ({t('theme_of', label=labels[e['theme']])})"
            subs = []
            if e.get("override"):
                who = t("facilitator" if e.get("override_by") == "facilitator" else "rapporteur")
                subs.append(t("overridden_by", who=who,
                              computed=t(_CLASS_KEY[e["computed"]]).lower()))
            for bd in e.get("breakdown") or []:
                dimension = DIMENSIONS[language].get(bd["dimension"], bd["dimension"])
                parts = [f"{group_name(bd['dimension'], g['value'], language)}{t('colon')}"
                         f"{counts(language, g['agree'], g['disagree'], g['abstain'])}"
                         for g in bd["groups"]]
                subs.append(f"{t('by_position', dimension=dimension)} — " + " ; ".join(parts))
            bullets.append((head, subs))
        out.append(("bullets", bullets))
    return out


def _worded(entry: dict, t) -> str:
    """The group's wording first, then what it words."""
    if not entry.get("wording"):
        return entry["text"]
    return f"{entry['wording']} ({t('worded_from')}{t('colon')}{entry['text']})"


def _proposals(synthesis: dict, language: str, labels: dict, t) -> list[tuple]:
    """One table, highest priority first: the proposal takes the width, the figures little."""
    ranked = synthesis.get("proposals", {}).get("ranked", [])
    if not ranked:
        return []
    rows = []
    for p in ranked:
        details = [LEVELS[language][p.get("level") or "unspecified"]]
        if p.get("actor"):
            details.append(f"{t('actor')}{t('colon')}{p['actor']}")
        if labels.get(p.get("theme")):
            details.append(t("theme_of", label=labels[p["theme"]]))
        rows.append([str(p["rank"]), f"{_titled_text(p)} ({' · '.join(details)})",
                     str(p["dots"]), str(p["voters"])])
    return [("heading", 2, t("ranked_proposals")),
            ("table", [t("rank"), t("proposal"), t("points"), t("voters")], rows,
             (0.09, 0.63, 0.13, 0.15))]


def _evaluation(synthesis: dict, reader: Reader, t) -> list[tuple]:
    """Scored questions as a table of how many gave each score; open answers as lists."""
    evaluation = synthesis.get("evaluation", [])
    if not evaluation:
        return []

    def label(q):
        key = q["question"]
        return reader.questions.get(key, key) if key else t("no_title")

    out: list[tuple] = [("heading", 2, t("evaluation"))]
    scored = [q for q in evaluation if q["scored"]]
    if scored:
        out.append(("table", [t("question"), "1", "2", "3", "4", "5", t("count"), t("mean")],
                    [[label(q), *(str(q["distribution"].get(str(s), 0)) for s in range(1, 6)),
                      str(q["scored"]), _decimal(q["mean"], t)] for q in scored],
                    (0.38, 0.05, 0.05, 0.05, 0.05, 0.05, 0.16, 0.21)))
        out.append(("note", t("scale")))
    for q in evaluation:
        if q["answers"] and not q["scored"]:  # a scored answer's text is its score
            out.append(("heading", 3, label(q)))
            out.append(("bullets", [a["text"] for a in q["answers"]]))
    return out


def _notes(synthesis: dict, reader: Reader, t) -> list[tuple]:
    notes = synthesis.get("notes", [])
    if not notes:
        return []
    out: list[tuple] = [("heading", 1, t("notes"))]
    for group in notes:
        step = group["step"]
        if step is None:
            title = t("general_notes")
        else:
            title = f"{step + 1}. {reader.step_titles.get(step) or group.get('title') or ''}"
        out.append(("heading", 2, title.strip()))
        out.append(("bullets", [f"{reader.show_time(n['created_at'])} — {n['text']}"
                                if n.get("created_at") else n["text"] for n in group["notes"]]))
    return out


def _decimal(value: float, t) -> str:
    text = f"{value:.1f}"
    return text if t("agree") == "Agree" else text.replace(".", ",")
