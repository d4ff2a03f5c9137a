"""The plenary for debate: a compact tally of every target, or the one target being debated.

The coordinator chooses what the main projector shows (``Forum.plenary_mode``): the *tally*,
one row per target with a verdict badge per atelier, the rows where ateliers diverge first;
or the *focus*, one target full width with every atelier's verdict and amendment whole. The
tally pages when its rows would not fit one 1920×1080 screen (the page is the coordinator's
choice too); the estimate counts lines of text, never pixels, so a page is the same for
every screen in the room.
"""

from flask_babel import gettext as _

from ..core.errors import ActionError
from .material import targets_of
from .models import Forum
from .tally import answers_by_atelier, plenary_rows

MODES = ("tally", "focus")
# Lines of text a tally page holds at 1920×1080 below its title, caption and header (a line with
# its share of the rows' padding measures about 29 px there), and the characters a line of the
# target's column holds, by the number of ateliers (their badge columns take the rest).
PAGE_LINES = 30
LINE_CHARS = {2: 130, 4: 110, 6: 90, 8: 75, 12: 50}


def _line_chars(ateliers: int) -> int:
    return next(chars for count, chars in sorted(LINE_CHARS.items()) if ateliers <= count)


def _lines(row: dict, chars: int) -> int:
    """The lines a row takes: its text, the axis's label above it, one per divergence note."""
    text = row["axis"]["label"] if row["kind"] == "axis" else row["item"]["text"]
    return -(-len(text) // chars) + (row["kind"] == "axis") + len(row["divergence"])


def tally_pages(forum: Forum, rows: list[dict]) -> list[list[dict]]:
    """The rows, divergent first (in the material's order otherwise), cut into pages that fit."""
    ordered = [row for row in rows if row["divergent"]] + [row for row in rows if not row["divergent"]]
    chars = _line_chars(len(forum.ateliers))
    pages, page, used = [], [], 0
    for row in ordered:
        lines = _lines(row, chars)
        if page and used + lines > PAGE_LINES:
            pages.append(page)
            page, used = [], 0
        page.append(row)
        used += lines
    if page or not pages:
        pages.append(page)
    return pages


def focus_key(forum: Forum) -> tuple[str, str] | None:
    """The target being debated, if it still is one of the forum's (else the first)."""
    targets = targets_of(forum)
    key = (forum.focus_kind, forum.focus_id)
    if key in targets:
        return key
    return next(iter(targets), None)


def plenary_view(forum: Forum) -> dict:
    """What the plenary shows now: the same for the whole room (rendered once per language)."""
    rows = plenary_rows(forum)
    view = {"mode": forum.plenary_mode if forum.plenary_mode in MODES else "tally", "rows": rows}
    if view["mode"] == "focus":
        key = focus_key(forum)
        keys = [row["key"] for row in rows]
        view.update(focus=rows[keys.index(key)] if key in keys else None,
                    position=keys.index(key) + 1 if key in keys else 0, total=len(keys),
                    answers=answers_by_atelier(forum, key) if key else {})
    else:
        pages = tally_pages(forum, rows)
        page = min(max(forum.plenary_page or 0, 0), len(pages) - 1)
        view.update(page=page, pages=len(pages), tally=pages[page],
                    divergent=sum(row["divergent"] for row in rows))
    return view


def set_mode(forum: Forum, mode: str) -> None:
    if mode not in MODES:
        raise ActionError(_("Choisissez un des modes de la vue plénière."), 400)
    forum.plenary_mode = mode


def set_focus(forum: Forum, kind: str, target_id: str) -> None:
    """Debate this target: the plenary shows it alone."""
    if (kind, target_id) not in targets_of(forum):
        raise ActionError(_("Ce constat n'est pas dans le forum."), 404)
    forum.plenary_mode, forum.focus_kind, forum.focus_id = "focus", kind, target_id


def step_focus(forum: Forum, step: int) -> None:
    """The previous or next target, in the material's order."""
    keys = list(targets_of(forum))
    current = focus_key(forum)
    index = keys.index(current) if current in keys else 0
    forum.focus_kind, forum.focus_id = keys[(index + step) % len(keys)]
    forum.plenary_mode = "focus"


def step_page(forum: Forum, step: int) -> None:
    pages = len(tally_pages(forum, plenary_rows(forum)))
    forum.plenary_page = ((forum.plenary_page or 0) + step) % pages
    forum.plenary_mode = "tally"
