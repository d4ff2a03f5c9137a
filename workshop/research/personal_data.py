"""A research project's names, searched for in every text of its sessions before anything leaves
(``workspace.redaction.known_names``): the pseudonyms of all its groups' sessions, and the
names its registrants gave (whole, and each word that is not an ordinary word)."""

from functools import lru_cache

from stop_words import get_stop_words

from ..core.extensions import db
from ..sessions.models import WorkshopSession
from ..workspace.redaction import add_known_names, session_pseudonyms
from .models import Registration, WorkshopGroup


@lru_cache(maxsize=1)
def _ordinary() -> frozenset[str]:
    words = set()
    for language in ("fr", "nl", "en"):
        words.update(word.casefold() for word in get_stop_words(language))
    return frozenset(words)


def registrant_names(names) -> set[str]:
    """Each name, and its words of three letters or more that are not ordinary words."""
    out = set()
    for name in names:
        name = " ".join((name or "").split())
        if not name:
            continue
        out.add(name)
        for word in name.replace("-", " ").split():
            if len(word) >= 3 and word.casefold() not in _ordinary():
                out.add(word)
    return out


def project_names(project_id: int) -> set[str]:
    sessions = db.session.scalars(db.select(WorkshopSession.id).join(
        WorkshopGroup, WorkshopGroup.id == WorkshopSession.group_id)
        .filter(WorkshopGroup.project_id == project_id))
    names = session_pseudonyms(sessions)
    names |= registrant_names(db.session.scalars(
        db.select(Registration.name).filter_by(project_id=project_id)))
    return names


def _session_project_names(session) -> set[str]:
    if session.group_id is None:
        return set()
    group = db.session.get(WorkshopGroup, session.group_id)
    return project_names(group.project_id) if group else set()


add_known_names(_session_project_names)
