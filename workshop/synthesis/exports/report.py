"""The day report as a list of neutral blocks, rendered by markdown.py and docx.py.

Blocks: ``("heading", level, text)``, ``("para", text)``,
``("meta", [(label, value)], colon)``, ``("quote", text)``,
``("bullets", [text | (text, [subtext, ...])])`` and ``("table", headers, rows)``.
The order follows the three phases of the session's method. Authors are never named:
participants appear only as role descriptors of their k-anonymous profile, for groups of
three or more (``synthesis.disclosure``), aggregated ("3 × un·e AS du SSG"); the others
are only counted.
"""

from __future__ import annotations

from ..disclosure import described_groups
from .labels import DIMENSIONS, LEVELS, METHODS, PHASES, counts, group_name, lang
from .labels import t as _t


def build_blocks(synthesis: dict, doc=None) -> list[tuple]:
    """Blocks of the report for ``synthesis`` (``doc``, the SessionDocument, adds context)."""
    info = synthesis["session"]
    language = lang(info.get("language"))
    method = info.get("method", "mag-classique")

    def t(key, **kw):
        return _t(language, key, **kw)

    items = synthesis.get("items", {})
    blocks: list[tuple] = [("heading", 0, info.get("title") or t("report"))]
    meta = [(t("method"), METHODS[language].get(method, method))]
    if info.get("date"):
        meta.insert(0, (t("date"), info["date"]))
    blocks.append(("meta", meta, t("colon")))

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

    if synthesis.get("formula"):
        blocks.append(("heading", 1, t("formula")))
        blocks.append(("quote", synthesis["formula"]))

    phases = PHASES.get(method, PHASES["mag-classique"])[language]
    positions_phase = 3 if method == "mag-classique" else 2

    def themed(kind_set) -> list[tuple]:
        out = []
        for theme in synthesis.get("themes", []):
            members = [c for c in theme["contributions"]
                       if items.get(c, {}).get("kind") in kind_set]
            if members:
                out.append(("heading", 3, theme["label"]))
                out.append(("bullets", [items[c]["text"] for c in members]))
        return out

    for phase in (1, 2, 3):
        section: list[tuple] = []
        if phase == 1:
            section += _stories(synthesis, t)
            section += _titled(t("findings"), themed({"finding"}))
        if phase == 2:
            section += _simple(t("questions"), synthesis.get("questions", []))
            section += _titled(t("interpretations"), themed({"interpretation"}))
            section += _simple(t("narrator_reactions"), synthesis.get("narrator_reactions", []))
            section += _titled(t("visions"), themed({"vision"}))
        if phase == positions_phase:
            section += _positions(synthesis, language, t)
        if phase == 3:
            section += _simple(t("theory"), synthesis.get("theory", []))
            section += _simple(t("problems"), synthesis.get("problems", []))
            section += _proposals(synthesis, language, t)
            section += _evaluation(synthesis, t)
        if section:
            blocks.append(("heading", 1, f"{t('phase', n=phase)} — {phases[phase - 1]}"))
            blocks += section

    notes = synthesis.get("notes", [])
    if notes:
        blocks.append(("heading", 1, t("notes")))
        for group in notes:
            title = group.get("title") or (t("step", n=group["step"]) if group["step"] is not None
                                           else t("general_notes"))
            blocks.append(("heading", 2, title))
            blocks.append(("bullets", [n["text"] for n in group["notes"]]))
    return blocks


def _titled(title: str, body: list[tuple]) -> list[tuple]:
    return [("heading", 2, title), *body] if body else []


def _simple(title: str, entries: list[dict]) -> list[tuple]:
    if not entries:
        return []
    return [("heading", 2, title),
            ("bullets", [f"{e['title']} — {e['text']}" if e.get("title") else e["text"]
                         for e in entries])]


def _stories(synthesis: dict, t) -> list[tuple]:
    out: list[tuple] = []
    stories = synthesis.get("stories", [])
    if stories:
        out.append(("heading", 2, t("stories")))
        out.append(("table", [t("item"), t("story_votes")],
                    [[f"{s['title']} — {s['text']}" if s.get("title") else s["text"],
                      str(s["votes"])] for s in stories]))
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


def _positions(synthesis: dict, language: str, t) -> list[tuple]:
    keys = ("convergences", "divergences", "minorities", "insufficient")
    if not any(synthesis.get(k) for k in keys):
        return []
    out: list[tuple] = [("heading", 2, t("positioning"))]
    for key in keys:
        entries = synthesis.get(key, [])
        if not entries:
            continue
        out.append(("heading", 3, t(key)))
        out.append(("table", [t("item"), t("positioning")],
                    [[e["text"], counts(language, e["agree"], e["disagree"], e["abstain"])]
                     for e in entries]))
        bullets = []
        for e in entries:
            subs = []
            if e.get("override"):
                subs.append(t("overridden", computed=t(_CLASS_KEY[e["computed"]]).lower()))
            for bd in e.get("breakdown") or []:
                dimension = DIMENSIONS[language].get(bd["dimension"], bd["dimension"])
                parts = [f"{group_name(bd['dimension'], g['value'], language)}{t('colon')}"
                         f"{counts(language, g['agree'], g['disagree'], g['abstain'])}"
                         for g in bd["groups"]]
                subs.append(f"{t('by_position', dimension=dimension)} — " + " ; ".join(parts))
            if subs:
                total = counts(language, e["agree"], e["disagree"], e["abstain"])
                bullets.append((f"{e['text']} — {total}", subs))
        if bullets:
            out.append(("bullets", bullets))
    return out


_CLASS_KEY = {"convergence": "convergences", "divergence": "divergences",
              "minority": "minorities", "insufficient": "insufficient"}


def _proposals(synthesis: dict, language: str, t) -> list[tuple]:
    proposals = synthesis.get("proposals", {})
    if not proposals.get("ranked"):
        return []
    labels = {th["id"]: th["label"] for th in synthesis.get("themes", [])}
    out: list[tuple] = [("heading", 2, t("proposals"))]
    for level, entries in proposals.get("by_level", {}).items():
        if not entries:
            continue
        out.append(("heading", 3, LEVELS[language][level]))
        out.append(("table", [t("rank"), t("proposal"), t("actor"), t("dots"), t("voters"),
                              t("theme")],
                    [[str(p["rank"]), f"{p['title']} — {p['text']}" if p.get("title")
                      else p["text"], p.get("actor") or "", str(p["dots"]), str(p["voters"]),
                      labels.get(p.get("theme"), "")] for p in entries]))
    return out


def _evaluation(synthesis: dict, t) -> list[tuple]:
    evaluation = synthesis.get("evaluation", [])
    if not evaluation:
        return []
    out: list[tuple] = [("heading", 2, t("evaluation")),
                        ("table", [t("question"), t("answers"), t("mean")],
                         [[q["question"] or t("no_title"), str(q["count"]),
                           "" if q["mean"] is None else _decimal(q["mean"], t)]
                          for q in evaluation])]
    for q in evaluation:
        if q["answers"]:
            out.append(("heading", 3, q["question"] or t("no_title")))
            out.append(("bullets", [a["text"] for a in q["answers"]]))
    return out


def _decimal(value: float, t) -> str:
    text = f"{value:.1f}"
    return text if t("agree") == "Agree" else text.replace(".", ",")
