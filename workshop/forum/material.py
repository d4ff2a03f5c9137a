"""A forum's material: the synthesis it validates (axes with findings, visions and proposals),
checked when imported, and the *targets* of the questions in the whole forum or one atelier."""

from flask_babel import gettext as _

from ..core.errors import ActionError
from ..core.extensions import db
from ..core.security import has_control_characters
from ..research.synthesis import FORMAT
from ..sessions.lifecycle import create_session
from .models import ITEM_KINDS, MAX_ATELIERS, Forum, ForumAtelier
from .sources import valid_source

MAX_ID = 80  # the length of ForumAnswer.target_id and ForumVerdict.target_id
MAX_QUOTE = 2000  # a quote illustrating an item: a passage, shown to the atelier


def _good_id(value) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool) and 0 < len(str(value)) <= MAX_ID


def _plain(text) -> bool:
    """A text with no control character (a NUL byte breaks DOCX files and PostgreSQL)."""
    return isinstance(text, str) and not has_control_characters(text)


def _good_quotes(item: dict) -> bool:
    """An item's quotes, when it has some (the team's synthesis): plain passages with their
    source (group, session, date), as short as the forum shows them."""
    quotes = item.get("quotes", [])
    return isinstance(quotes, list) and all(
        isinstance(quote, dict) and _plain(quote.get("text")) and 0 < len(quote["text"]) <= MAX_QUOTE
        and valid_source(quote) for quote in quotes)


def check_material(data) -> dict:
    """An imported synthesis, checked: axes, findings, visions and proposals with distinct ids
    (the questions' targets) and a text; the quotes that illustrate them, if any."""
    bad = ActionError(_("Ce fichier n'est pas une synthèse transversale au format attendu."), 400)
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("axes"), list):
        raise bad
    seen, axes, items = set(), set(), 0
    for axis in data["axes"]:
        if not isinstance(axis, dict) or not isinstance(axis.get("findings"), list) \
                or not all(isinstance(axis.get(name, []), list) for name in ITEM_KINDS) \
                or not _good_id(axis.get("id")) or not _plain(axis.get("label")) \
                or str(axis["id"]) in axes:
            raise bad
        axes.add(str(axis["id"]))
        for item in (item for name in ITEM_KINDS for item in axis.get(name, [])):
            if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not _good_id(item["id"]) \
                    or not _plain(item.get("text")) or item["id"] in seen or not valid_source(item) \
                    or not _good_quotes(item):
                raise bad
            seen.add(item["id"])
            items += 1
    if not items:
        raise ActionError(_("Cette synthèse ne contient ni constat, ni vision, ni proposition."), 400)
    return data


def create_forum(title: str, material: dict, user, ateliers: int, project_id=None) -> Forum:
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise ActionError(_("Donnez un titre au forum (200 caractères au plus)."), 400)
    if not 1 <= ateliers <= MAX_ATELIERS:
        raise ActionError(_("Un forum a de 1 à %(max)d ateliers.", max=MAX_ATELIERS), 400)
    forum = Forum(title=title, material=material, created_by_id=user.id, project_id=project_id)
    for number in range(1, ateliers + 1):
        name = _("Atelier %(number)d", number=number)
        session = create_session(f"{title} — {name}", "forum", user)
        forum.ateliers.append(ForumAtelier(session=session, name=name))
    db.session.add(forum)
    return forum


def axes_of(forum: Forum, atelier: ForumAtelier | None = None) -> list[dict]:
    axes = forum.material["axes"]
    if atelier is not None and atelier.axes:
        axes = [axis for axis in axes if str(axis["id"]) in atelier.axes]
    return axes


def axis_items(axis: dict) -> list[tuple[str, dict]]:
    """(kind, item) of an axis's findings, visions and proposals, in that order (a material
    made before visions were judged has no ``visions``)."""
    return [(kind, item) for name, kind in ITEM_KINDS.items() for item in axis.get(name, [])]


def targets_of(forum: Forum, atelier: ForumAtelier | None = None) -> dict[tuple[str, str], dict]:
    """(kind, id) -> the axis or item: what the questions can be asked about, in the whole
    forum or in one atelier."""
    out = {}
    for axis in axes_of(forum, atelier):
        out[("axis", str(axis["id"]))] = axis
        for kind, item in axis_items(axis):
            out[(kind, item["id"])] = item
    return out


def dom_id(kind: str, target_id) -> str:
    """An HTML id for a target that CSS selectors and HTMX accept whatever the id's characters."""
    safe = "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in str(target_id))
    return f"{kind}-{safe}"

