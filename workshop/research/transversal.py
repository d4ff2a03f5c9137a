"""The transversal synthesis the research team writes: the forum note in its own words.

Axes, each a *diagnosis* or a *perspective*, hold statements the team writes; every statement
links to the items it stands on, from any group and session (findings, visions, proposals,
stories, good practices: the pool of ``research.synthesis.project_items``, read from the reviewed session
documents), and may quote a passage of one, the participants' own words as an illustration (a
quote is a substring of the item's reviewed text, checked when chosen and again whenever the
synthesis is read: a passage the source no longer holds, after a later redaction, is not shown).
The automatic grouping is the first draft. Researchers create, rename, retype,
merge and split axes; a named version keeps the synthesis as it read then (texts and sources),
with who saved it and when. Two researchers may edit at once: an edit carries the revision it
was made from, and one made from an older revision is refused rather than silently lost.

``document(project)`` is the synthesis as it reads now; ``forum_material(project)`` gives the
latest version (or, before any, the current text) in the format a forum imports.
"""

import unicodedata

from flask_babel import gettext as _

from ..core.errors import ActionError
from ..core.extensions import db
from ..core.revisions import raise_revision, refuse_if_stale, written_or_refused
from .models import (
    AXIS_KINDS,
    MAX_QUOTE,
    TransversalAxis,
    TransversalLink,
    TransversalQuote,
    TransversalStatement,
    TransversalVersion,
)
from .synthesis import FORMAT, project_items, project_synthesis

NOTE_FORMAT = "tourdetable.transversal-synthesis/1"
TEAM_SOURCE = "team"  # a forum material's ``source`` when it is the team's synthesis
MAX_TITLE, MAX_TEXT = 200, 5000


def axes_of(project) -> list[TransversalAxis]:
    return list(db.session.scalars(db.select(TransversalAxis).filter_by(project_id=project.id)
                                   .order_by(TransversalAxis.position, TransversalAxis.id)))


def pool(project) -> dict[str, dict]:
    """The items a statement may link to, by id: every version of them (a day 1 item stays
    citable once day 2 carries it)."""
    return {item["id"]: item for item in project_items(project, latest_only=False)}


# --- checks ---------------------------------------------------------------------------------------

def _title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title or len(title) > MAX_TITLE:
        raise ActionError(_("Donnez un titre à l'axe (%(max)d caractères au plus).", max=MAX_TITLE), 400)
    return title


def _kind(kind: str) -> str:
    if kind not in AXIS_KINDS:
        raise ActionError(_("Un axe est un diagnostic ou une perspective."), 400)
    return kind


def _text(text: str) -> str:
    text = (text or "").strip()
    if not text or len(text) > MAX_TEXT:
        raise ActionError(_("Écrivez l'énoncé (%(max)d caractères au plus).", max=MAX_TEXT), 400)
    return text


def _stale() -> str:
    return _("Une ou un collègue a modifié cet élément entre-temps : rechargez la page pour "
             "voir sa version, puis refaites votre modification.")


def _fresh(row, revision) -> None:
    refuse_if_stale(row, revision, _stale())


def saved_edit():
    """Around the team's edit: written at its end; refused if a colleague saved the row since."""
    return written_or_refused(_stale())


def _touch(row, user) -> None:
    raise_revision(row)
    row.updated_by_id = user.id


# --- axes -----------------------------------------------------------------------------------------

def create_axis(project, title: str, kind: str, user) -> TransversalAxis:
    last = db.session.scalar(db.select(db.func.max(TransversalAxis.position))
                             .filter_by(project_id=project.id))
    axis = TransversalAxis(project_id=project.id, title=_title(title), kind=_kind(kind),
                           position=(last or 0) + 1, updated_by_id=user.id)
    db.session.add(axis)
    return axis


def update_axis(axis, title: str, kind: str, revision, user) -> None:
    title, kind = _title(title), _kind(kind)
    _fresh(axis, revision)
    axis.title, axis.kind = title, kind
    _touch(axis, user)


def merge_axes(target, other, user) -> None:
    """The other axis's statements join the target, after its own; the other axis goes."""
    if other.id == target.id or other.project_id != target.project_id:
        raise ActionError(_("Choisissez un autre axe du projet."), 400)
    start = len(target.statements)
    for offset, statement in enumerate(list(other.statements), start=1):
        statement.axis = target
        statement.position = start + offset
    db.session.delete(other)
    _touch(target, user)


def split_axis(axis, statement_ids: list[str], title: str, user) -> TransversalAxis:
    """The chosen statements leave for a new axis of the same kind, placed right after."""
    chosen = [s for s in axis.statements if str(s.id) in set(statement_ids)]
    if not chosen:
        raise ActionError(_("Cochez les énoncés qui forment le nouvel axe."), 400)
    if len(chosen) == len(axis.statements):
        raise ActionError(_("Laissez au moins un énoncé dans l'axe d'origine."), 400)
    title = _title(title)
    db.session.execute(db.update(TransversalAxis).where(
        TransversalAxis.project_id == axis.project_id, TransversalAxis.position > axis.position)
        .values(position=TransversalAxis.position + 1))
    new = TransversalAxis(project_id=axis.project_id, title=title, kind=axis.kind,
                          position=axis.position + 1, updated_by_id=user.id)
    db.session.add(new)
    for position, statement in enumerate(chosen, start=1):
        statement.axis = new
        statement.position = position
    _touch(axis, user)
    return new


def delete_axis(axis) -> None:
    if axis.statements:
        raise ActionError(_("Cet axe contient des énoncés : fusionnez-le dans un autre axe ou supprimez "
                            "d'abord ses énoncés."), 409)
    db.session.delete(axis)


# --- statements -----------------------------------------------------------------------------------

def _links(project, item_ids, known: dict | None = None) -> list[str]:
    ids = list(dict.fromkeys(i for i in item_ids if i))
    if ids:
        known = pool(project) if known is None else known
        if any(i not in known for i in ids):
            raise ActionError(_("Cet élément n'existe pas dans les séances du projet."), 400)
    return ids


def add_statement(project, axis, text: str, item_ids, user,
                  known: dict | None = None) -> TransversalStatement:
    text = _text(text)
    ids = _links(project, item_ids, known)
    statement = TransversalStatement(axis=axis, text=text, position=len(axis.statements) + 1,
                                     updated_by_id=user.id,
                                     links=[TransversalLink(item_id=i) for i in ids])
    db.session.add(statement)
    return statement


def update_statement(statement, text: str, revision, user) -> None:
    text = _text(text)
    _fresh(statement, revision)
    statement.text = text
    _touch(statement, user)


def set_sources(project, statement, item_ids, revision, user) -> None:
    ids = _links(project, item_ids)
    _fresh(statement, revision)
    statement.links = [link for link in statement.links if link.item_id in ids]
    have = {link.item_id for link in statement.links}
    statement.links.extend(TransversalLink(item_id=i) for i in ids if i not in have)
    _touch(statement, user)


def move_statement(statement, target, user) -> None:
    if target.project_id != statement.axis.project_id:
        raise ActionError(_("Choisissez un autre axe du projet."), 400)
    if target.id != statement.axis_id:
        statement.axis = target
        statement.position = len(target.statements) + 1
        _touch(statement, user)


# --- quotes ---------------------------------------------------------------------------------------

QUOTE_MARKS = " «»‹›\"“”„…"  # typed around a passage, not part of it
SAME_CHARACTER = str.maketrans("’‘ʼ`", "''''")  # an apostrophe typed for a curly one
QUOTE_SOURCE = ("kind", "group", "group_uid", "session", "session_uid", "date")  # never who said it


def _spaced(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def passage_in(typed: str, text: str) -> str | None:
    """The passage of ``text`` that ``typed`` copies (whitespace normalised, apostrophes alike),
    in the text's own characters; None when the text does not hold it."""
    typed = _spaced(typed).strip(QUOTE_MARKS)
    text = _spaced(text)
    start = text.translate(SAME_CHARACTER).find(typed.translate(SAME_CHARACTER)) if typed else -1
    return text[start:start + len(typed)] if start >= 0 else None


def add_quote(project, statement, item_id: str, typed: str, user) -> TransversalQuote:
    """Quote a passage of one of the pool's items under the statement."""
    item = pool(project).get(item_id or "")
    if item is None:
        raise ActionError(_("Cet élément n'existe pas dans les séances du projet."), 400)
    if not _spaced(typed).strip(QUOTE_MARKS):
        raise ActionError(_("Copiez le passage à citer."), 400)
    passage = passage_in(typed, item["text"])
    if passage is None:
        raise ActionError(_("Ce passage ne se trouve pas tel quel dans le texte choisi : une citation "
                            "reprend mot pour mot ce que le groupe a dit. Copiez-le depuis le texte "
                            "ci-dessus."), 400)
    if len(passage) > MAX_QUOTE:
        raise ActionError(_("Une citation tient en %(max)d caractères au plus : choisissez un passage plus "
                            "court.", max=MAX_QUOTE), 400)
    if any(q.item_id == item["id"] and q.text == passage for q in statement.quotes):
        raise ActionError(_("Cette citation illustre déjà l'énoncé."), 409)
    quote = TransversalQuote(item_id=item["id"], text=passage, created_by_id=user.id)
    statement.quotes.append(quote)
    return quote


def _quote(quote: TransversalQuote, known: dict) -> dict | None:
    """A quote as the note shows it, with its source (group, session, date: never who said
    it); None when its item is gone or no longer holds the passage (a later redaction)."""
    item = known.get(quote.item_id)
    if item is None or passage_in(quote.text, item["text"]) != quote.text:
        return None
    return {"id": f"q{quote.id}", "text": quote.text,
            "source": {"id": item["id"], **{key: item.get(key) for key in QUOTE_SOURCE}}}


# --- the first draft ------------------------------------------------------------------------------

def draft_from_grouping(project, user) -> None:
    """The automatic grouping as a first draft: a diagnosis axis per group of findings, a
    perspective axis per group of proposals, one for the visions; each item a statement linked
    to it, for the team to rewrite."""
    if axes_of(project):
        raise ActionError(_("La synthèse a déjà des axes : le premier jet ne s'ajoute qu'à une "
                            "synthèse vide."), 409)
    automatic = project_synthesis(project)
    known = pool(project)

    def axis_with(title, kind, items):
        axis = create_axis(project, title[:MAX_TITLE], kind, user)
        db.session.flush()
        for item in items:
            add_statement(project, axis, item["text"][:MAX_TEXT], [item["id"]], user, known)

    for group_ in automatic["axes"]:
        if group_["findings"]:
            axis_with(group_["label"], "diagnosis", group_["findings"])
    for group_ in automatic["axes"]:
        if group_["proposals"]:
            axis_with(group_["label"], "perspective", group_["proposals"])
    visions = [item for item in project_items(project) if item["kind"] == "vision"]
    if visions:
        axis_with(_("Visions à l'horizon %(year)d", year=project.horizon_year), "perspective", visions)
    if not automatic["axes"] and not visions:
        raise ActionError(_("Les séances du projet n'ont encore ni constat, ni vision, ni proposition."), 409)


# --- the document, its versions, the forum's material ---------------------------------------------

def document(project) -> dict:
    """The synthesis as it reads now: axes, statements, their sources as the pool gives them and
    their quotes."""
    known = pool(project)
    axes = []
    for axis in axes_of(project):
        statements = []
        for s in axis.statements:
            quotes = [quote for quote in (_quote(q, known) for q in s.quotes) if quote]
            statements.append({"id": f"s{s.id}", "text": s.text,
                               "sources": [known[link.item_id] for link in s.links if link.item_id in known],
                               "missing_sources": sum(link.item_id not in known for link in s.links),
                               "quotes": quotes, "missing_quotes": len(s.quotes) - len(quotes)})
        axes.append({"id": f"a{axis.id}", "title": axis.title, "kind": axis.kind, "statements": statements})
    return {"format": NOTE_FORMAT, "project": {"title": project.title, "description": project.description,
                                               "horizon": project.horizon_year,
                                               "groups": [g.name for g in project.groups]},
            "axes": axes}


def save_version(project, name: str, user, snapshot: dict | None = None) -> TransversalVersion:
    """Keep the synthesis as it reads now, or a document made from it (the validated synthesis a
    forum produces: statements may carry ``notes`` and be ``withdrawn``), as the next version."""
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_TITLE:
        raise ActionError(_("Nommez la version (%(max)d caractères au plus).", max=MAX_TITLE), 400)
    snapshot = document(project) if snapshot is None else snapshot
    if not snapshot["axes"]:
        raise ActionError(_("La synthèse n'a encore aucun axe."), 409)
    last = db.session.scalar(db.select(db.func.max(TransversalVersion.number))
                             .filter_by(project_id=project.id))
    version = TransversalVersion(project_id=project.id, number=(last or 0) + 1, name=name,
                                 document=snapshot, created_by_id=user.id)
    db.session.add(version)
    return version


def versions_of(project) -> list[TransversalVersion]:
    return list(db.session.scalars(db.select(TransversalVersion).filter_by(project_id=project.id)
                                   .order_by(TransversalVersion.number.desc())))


def _forum_item(statement: dict, kind: str) -> dict:
    groups = sorted({source["group"] for source in statement["sources"]})
    item = {"id": statement["id"], "kind": kind, "text": statement["text"],
            "sources": [{key: source.get(key) for key in ("id", "kind", "text", "group", "group_uid",
                                                           "session", "session_uid", "date", "story")}
                        for source in statement["sources"]],
            "quotes": [{"text": quote["text"], **{key: quote["source"].get(key) for key in QUOTE_SOURCE}}
                       for quote in statement.get("quotes", [])]}
    if groups:
        item["group"] = ", ".join(groups)[:300]
    return item


def statement_kind(axis_kind: str, statement: dict) -> str:
    """What a statement is for the forum: a diagnosis axis's statement is a finding; a
    perspective axis's is a vision when it stands on visions only, a proposal otherwise."""
    if axis_kind == "diagnosis":
        return "finding"
    kinds = {source["kind"] for source in statement["sources"]}
    return "vision" if kinds == {"vision"} else "proposal"


def as_forum_material(note: dict) -> dict:
    """A note (current or a version) in the forum's import format: every statement a finding,
    a vision or a proposal of its axis (``statement_kind``)."""
    axes = []
    for axis in note["axes"]:
        lists = {"findings": [], "visions": [], "proposals": []}
        for statement in axis["statements"]:
            kind = statement_kind(axis["kind"], statement)
            lists[f"{kind}s"].append(_forum_item(statement, kind))
        statements = [item for items in lists.values() for item in items]
        axes.append({"id": axis["id"], "label": axis["title"], "kind": axis["kind"],
                     "groups": sorted({g for s in statements for g in s.get("group", "").split(", ") if g}),
                     **lists})
    counts = {name: sum(len(a[name]) for a in axes) for name in ("findings", "visions", "proposals")}
    counts["groups"] = len(note["project"]["groups"])
    return {"format": FORMAT, "project": note["project"], "counts": counts, "axes": axes}


def forum_material(project) -> dict:
    """What a forum validates: the latest named version, else the synthesis as it reads now; it
    names its source and version (what the validated synthesis starts from)."""
    versions = versions_of(project)
    material = as_forum_material(versions[0].document if versions else document(project))
    material.update(source=TEAM_SOURCE, version=versions[0].number if versions else None)
    return material
