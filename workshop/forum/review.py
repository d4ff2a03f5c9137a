"""The forum report's review of personal data, before it leaves the room.

The report carries what the ateliers wrote (amended wordings, gaps, the organisations a finding
holds for) next to the material (findings, axes, sources). Every text in it is searched, with
every pseudonym of the forum's ateliers and of its project, by the same review as a session's
(``workspace.redaction``): one decision per distinct value, an override per occurrence, and the
report blocked while a spot is undecided. The coordinator decides; decisions are kept on the
forum (``Forum.redactions``)."""

from ..core.extensions import db
from ..research.personal_data import project_names
from ..workspace.redaction import find_spots, redact_sources, session_pseudonyms
from ..workspace.retention import add_purge_step
from .models import Forum, ForumAnswer, ForumGap
from .report import report

# Keys of the report whose strings are reviewed, and the kind of text each is.
REVIEWED = {"forum": "forum", "label": "theme_label", "text": "finding", "story": "story",
            "amended": "amendment", "gaps": "gaps", "which": "which", "atelier": "atelier",
            "group": "source_group", "session": "source_session", "theme": "theme_label",
            "conclusions": "conclusions", "participants": "gaps"}


def _strings(value, path: tuple = ()):
    """(path, kind, text) of every reviewed string in the report data."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in REVIEWED and isinstance(item, str) and item.strip():
                yield (*path, key), REVIEWED[key], item
            elif key in REVIEWED and isinstance(item, list):  # e.g. the gaps participants wrote
                for i, text in enumerate(item):
                    if isinstance(text, str) and text.strip():
                        yield (*path, key, i), REVIEWED[key], text
            else:
                yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*path, i))


def _key(path: tuple) -> str:
    return ".".join(str(part) for part in path)


def language(forum: Forum) -> str:
    return forum.ateliers[0].session.language if forum.ateliers else "fr"


def known_names(forum: Forum) -> set[str]:
    names = session_pseudonyms(atelier.session_id for atelier in forum.ateliers)
    if forum.project_id is not None:
        names |= project_names(forum.project_id)
    return names


def spots(forum: Forum, data: dict | None = None) -> list[dict]:
    data = report(forum) if data is None else data
    lang = language(forum)
    sources = [{"source": _key(path), "field": "text", "text": text, "language": lang, "kind": kind}
               for path, kind, text in _strings(data)]
    return find_spots(sources, dict(forum.redactions or {}), known_names(forum))


def reviewed_report(forum: Forum) -> tuple[dict, list[dict]]:
    """The report with every spot marked "redact" replaced; raises ``Undecided`` before."""
    data = report(forum)
    replaced, records = redact_sources(spots(forum, data), language(forum))
    for path, _kind, _text in list(_strings(data)):
        text = replaced.get((_key(path), "text"))
        if text is None:
            continue
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = text
    return data, records


def decide(forum: Forum, decisions: dict, cleared: set) -> None:
    merged = {key: value for key, value in (forum.redactions or {}).items() if key not in cleared}
    merged.update(decisions)
    forum.redactions = merged


def erase_answers(session) -> None:
    """On a purge of an atelier's session: its participants' free answers go (counts stay), and
    what they wrote was missing in the whole synthesis."""
    db.session.execute(db.update(ForumAnswer).where(ForumAnswer.session_id == session.id)
                       .values(gaps="", scope_which=""))
    db.session.execute(db.delete(ForumGap).where(ForumGap.session_id == session.id,
                                                 ForumGap.participant_id.is_not(None)))


add_purge_step(erase_answers)
