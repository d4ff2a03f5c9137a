"""Build the automatic synthesis of a session from its interchange document.

Pure Python (no Flask): ``build_synthesis(doc)`` returns a JSON-serialisable dict.
Everything in it comes from the data and names the contribution ids it comes from;
nothing is invented. Hidden (moderated) contributions and the votes on them are left
out. Top-level keys:

- ``format``: "tourdetable.synthesis/1"; ``session``: title, method, language, date,
  counts (participants, contributions, votes), the position rules used;
- ``items``: every contribution used, by id: kind, phase, step, title, text, theme;
- phase 1: ``stories`` (proposed, with story-choice votes: all of them, and ``rounds``, the
  votes in each choose step, when the day chose several times), ``chosen_stories`` (each
  analysed story, in the order the day took them, with the ``votes`` it got in its own choose
  step, its ``narration``, ``enjeux``, ``questions``, ``interpretations`` (ids) and
  ``narrator_reactions``), ``chosen_story`` (the first of them),
  ``findings`` (ids), ``illustrations`` ({finding id: [ids of the stories linked to it]}),
  ``good_practices``;
- phase 2: ``questions``, ``interpretations`` (ids), ``narrator_reactions``, ``visions``;
- ``themes``: interpretations, findings, visions and proposals grouped into themes;
- ``convergences``, ``divergences``, ``minorities``, ``insufficient``: positioned items
  with counts, direction, the group's ``wording`` when it gave one and, where the anonymity
  rule allows, a ``breakdown``;
- phase 3: ``theory``, ``problems``, ``proposals`` (``ranked`` and ``by_level``),
  ``evaluation``;
- ``notes`` by step; ``formula``; ``edits`` (report of the rapporteur's edits).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .breakdown import breakdowns
from .document import LEVELS, SessionDocument
from .edits import apply_edits
from .positions import (
    CONVERGENCE,
    DIVERGENCE,
    INSUFFICIENT,
    MINORITY,
    PositionRules,
    classify,
)
from .themes import Item, group, tagged_theme

SYNTHESIS_FORMAT = "tourdetable.synthesis/1"
THEMED_KINDS = ("interpretation", "finding", "vision", "proposal")
POSITIONED_KINDS = ("interpretation", "finding", "vision")
_LIST_FOR = {CONVERGENCE: "convergences", DIVERGENCE: "divergences", MINORITY: "minorities",
             INSUFFICIENT: "insufficient"}


def build_synthesis(
    doc: SessionDocument,
    themes: int | None = None,
    rules: PositionRules | None = None,
    *,
    edits: bool = True,
) -> dict:
    """The synthesis of ``doc``; ``themes`` fixes the number of automatic themes.

    ``rules`` default to the session's ``settings.positions``. With ``edits`` (default),
    the document's ``synthesis_edits`` are replayed on the automatic draft.
    """
    if rules is None:
        rules = PositionRules.from_mapping(doc.session.position_settings)
    contributions = [c for c in doc.contributions if not c.hidden]
    visible = {c.id for c in contributions}
    votes = [v for v in doc.votes if v.contribution in visible]
    by_kind: dict[str, list] = defaultdict(list)
    for c in contributions:
        by_kind[c.kind].append(c)

    agreement: dict[str, dict[str, str]] = defaultdict(dict)
    priority: dict[str, dict[str, int]] = defaultdict(dict)
    story_votes: Counter = Counter()  # (story, choose step or None when the file does not say)
    for v in votes:
        if v.kind == "agreement":
            agreement[v.contribution][v.participant] = v.value
        elif v.kind == "priority":
            priority[v.contribution][v.participant] = v.value
        elif v.kind == "story_choice":
            story_votes[v.contribution, _step(v.extra.get("step"))] += 1

    theme_list = _themes(doc, [c for c in contributions if c.kind in THEMED_KINDS], themes)
    owner = {cid: t["id"] for t in theme_list for cid in t["contributions"]}

    synthesis = {
        "format": SYNTHESIS_FORMAT,
        "session": {
            "title": doc.session.title,
            "method": doc.session.method,
            "language": doc.session.language,
            "date": doc.session.date,
            "participants": len(doc.participants),
            "voters": len({v.participant for v in votes}),
            "contributions": len(contributions),
            "hidden": len(doc.contributions) - len(contributions),
            "votes": len(votes),
            "rules": {"convergence_share": rules.convergence_share,
                      "minority_max": rules.minority_max, "min_voters": rules.min_voters},
            "themes_requested": themes,
        },
        "items": {
            c.id: {"kind": c.kind, "phase": doc.phase_of(c), "step": c.step, "title": c.title,
                   "text": c.text, "theme": owner.get(c.id)}
            for c in contributions
        },
    }
    synthesis.update(_stories(doc, by_kind, story_votes, visible))
    synthesis["findings"] = [c.id for c in by_kind["finding"]]
    synthesis["illustrations"] = _illustrations(by_kind["story"], visible)
    synthesis["good_practices"] = [_plain(c) for c in by_kind["good_practice"]]
    synthesis["questions"] = [_plain(c) for c in by_kind["question"]]
    synthesis["interpretations"] = [c.id for c in by_kind["interpretation"]]
    synthesis["narrator_reactions"] = [_plain(c) for c in by_kind["narrator_reaction"]]
    synthesis["themes"] = theme_list
    synthesis.update(_positions(doc, contributions, agreement, rules, owner,
                                {c.parent: c.text for c in by_kind["wording"]}))
    synthesis["visions"] = [
        {**_plain(c), "theme": owner.get(c.id)} for c in by_kind["vision"]
    ]
    synthesis["theory"] = [_plain(c) for c in by_kind["theory"]]
    synthesis["problems"] = [_plain(c) for c in by_kind["problem"]]
    synthesis["proposals"] = _proposals(by_kind["proposal"], priority, owner)
    synthesis["evaluation"] = _evaluation(by_kind["evaluation"])
    synthesis["notes"] = _notes(doc)
    synthesis["formula"] = doc.session.formula or None
    if edits:
        return apply_edits(synthesis, doc.synthesis_edits)
    synthesis["edits"] = {"applied": [], "not_applied": []}
    return synthesis


def _plain(c) -> dict:
    out = {"contribution": c.id, "text": c.text}
    if c.title:
        out["title"] = c.title
    if c.parent:
        out["parent"] = c.parent
    return out


def _themes(doc: SessionDocument, themed: list, k: int | None) -> list[dict]:
    """Rapporteur's tags are kept as themes; untagged items are grouped automatically."""
    tagged: dict[str, list] = defaultdict(list)
    untagged = []
    for c in themed:
        if c.theme and c.theme.strip():
            tagged[c.theme.strip()].append(c)
        else:
            untagged.append(c)
    out = []
    for tag, members in tagged.items():
        items = [Item(c.id, _theme_text(c), doc.language_of(c)) for c in members]
        out.append(tagged_theme(tag, [c.id for c in members], items).as_dict())
    if untagged:
        items = [Item(c.id, _theme_text(c), doc.language_of(c)) for c in untagged]
        if k is not None:
            k = max(1, k - len(tagged)) if tagged else max(1, k)
        out.extend(t.as_dict() for t in group(items, k=k))
    return out


def _theme_text(c) -> str:
    return f"{c.title}. {c.text}" if c.title else c.text


def _step(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _stories(doc, by_kind, story_votes: Counter, visible: set) -> dict:
    """The proposed stories and those the day analysed. Each choose step holds its own votes;
    a chosen story counts those of the step that chose it (``session.choice_steps``: story id
    to step), or all of its votes when the file does not say (one choice in the day)."""
    rounds = sorted({step for _cid, step in story_votes if step is not None})
    stories = []
    for c in by_kind["story"]:
        entry = {"contribution": c.id, "title": c.title, "text": c.text,
                 "votes": sum(n for (cid, _at), n in story_votes.items() if cid == c.id)}
        if len(rounds) > 1:
            entry["rounds"] = [story_votes[c.id, step] for step in rounds]
        stories.append(entry)
    stories.sort(key=lambda s: -s["votes"])
    steps = doc.session.extra.get("choice_steps")
    steps = steps if isinstance(steps, dict) else {}
    named = doc.session.chosen_stories or ([doc.session.chosen_story] if doc.session.chosen_story
                                           else [])
    chosen_ids = [cid for cid in named if cid in visible]
    chosen_by = "session"
    if not chosen_ids and stories and stories[0]["votes"] and (
        len(stories) == 1 or stories[1]["votes"] < stories[0]["votes"]
    ):
        chosen_ids, chosen_by = [stories[0]["contribution"]], "votes"
    chosen = []
    for number, chosen_id in enumerate(chosen_ids):
        story = next(c for c in doc.contributions if c.id == chosen_id)
        own = _step(steps.get(chosen_id))
        votes = (story_votes[chosen_id, own] + story_votes[chosen_id, None] if own is not None
                 else sum(n for (cid, _at), n in story_votes.items() if cid == chosen_id))

        def attached(kind, chosen_id=chosen_id, first=number == 0):
            # Items of that kind that belong to this story: its own (parent is the story),
            # and, in the first, those written with no story (one story told in full).
            return [c for c in by_kind[kind] if c.parent == chosen_id or (first and c.parent is None)]

        chosen.append({
            "contribution": chosen_id,
            "chosen_by": chosen_by,
            "title": story.title,
            "text": story.text,
            "votes": votes,
            "narration": [_plain(c) for c in attached("narration")],
            "enjeux": [_plain(c) for c in attached("enjeu")],
            "questions": [_plain(c) for c in attached("question")],
            "interpretations": [c.id for c in attached("interpretation")],
            "narrator_reactions": [_plain(c) for c in attached("narrator_reaction")],
        })
    return {"stories": stories, "chosen_stories": chosen,
            "chosen_story": chosen[0] if chosen else None}


def _illustrations(stories, visible: set) -> dict:
    """{finding id: [ids of the stories that illustrate it]}, from each story's "illustrates"."""
    out: dict = {}
    for story in stories:
        findings = story.extra.get("illustrates")
        for finding in findings if isinstance(findings, list) else []:
            if finding in visible:
                out.setdefault(finding, []).append(story.id)
    return out


def _positions(doc, contributions, agreement, rules: PositionRules, owner, wordings) -> dict:
    profiles = {p.id: p.profile for p in doc.participants}
    out = {key: [] for key in _LIST_FOR.values()}
    for c in contributions:
        votes = agreement.get(c.id, {})
        if c.kind not in POSITIONED_KINDS and not votes or c.kind == "wording":
            continue
        counts = Counter(votes.values())
        result = classify(counts["agree"], counts["disagree"], counts["abstain"], rules)
        item = {
            "contribution": c.id,
            "kind": c.kind,
            "text": c.text,
            "agree": result.agree,
            "disagree": result.disagree,
            "abstain": result.abstain,
            "direction": result.direction,
            "class": result.kind,
            "override": False,
            "theme": owner.get(c.id),
        }
        if c.id in wordings:  # the wording the group agreed (sessions.wording)
            item["wording"] = wordings[c.id]
        item["breakdown"] = breakdowns(votes, profiles)
        out[_LIST_FOR[result.kind]].append(item)

    def share(item):
        sided = item["agree"] + item["disagree"]
        return max(item["agree"], item["disagree"]) / sided if sided else 0

    out["convergences"].sort(key=lambda i: (-share(i), -(i["agree"] + i["disagree"])))
    out["minorities"].sort(key=lambda i: (-share(i), -(i["agree"] + i["disagree"])))
    out["divergences"].sort(key=lambda i: (share(i), -(i["agree"] + i["disagree"])))
    return out


def _proposals(proposals, priority, owner) -> dict:
    ranked = []
    for c in proposals:
        dots = priority.get(c.id, {})
        ranked.append({
            "contribution": c.id,
            "title": c.title,
            "text": c.text,
            "level": c.level,
            "actor": c.actor,
            "dots": sum(dots.values()),
            "voters": len(dots),
            "theme": owner.get(c.id),
        })
    ranked.sort(key=lambda p: (-p["dots"], -p["voters"]))
    for rank, item in enumerate(ranked, start=1):
        item["rank"] = rank
    by_level = {level: [] for level in (*LEVELS, "unspecified")}
    for item in ranked:
        by_level[item["level"] or "unspecified"].append(item)
    return {"ranked": ranked, "by_level": by_level}


def _evaluation(items) -> list[dict]:
    questions: dict[str, list] = {}
    for c in items:
        questions.setdefault((c.title or "").strip(), []).append(c)
    out = []
    for question, answers in questions.items():
        scores = [c.score for c in answers if c.score is not None]
        out.append({
            "question": question or None,
            "count": len(answers),
            "scored": len(scores),
            "mean": round(sum(scores) / len(scores), 2) if scores else None,
            "distribution": {str(s): scores.count(s) for s in range(1, 6)} if scores else {},
            "answers": [{"contribution": c.id, "text": c.text} for c in answers
                        if c.text and c.text.strip()],
        })
    return out


def _notes(doc: SessionDocument) -> list[dict]:
    steps = doc.step_map()
    grouped: dict = {}
    for note in doc.notes or []:
        grouped.setdefault(note.step, []).append({"text": note.text, "created_at": note.created_at})
    out = []
    for step in sorted(grouped, key=lambda s: (s is None, s if s is not None else 0)):
        entry = {"step": step, "title": steps[step].title if step in steps else None,
                 "notes": grouped[step]}
        out.append(entry)
    return out
