import copy
import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="session")
def _sample_raw():
    return json.loads((DATA / "session_mag_fr.json").read_text(encoding="utf-8"))


@pytest.fixture
def sample(_sample_raw):
    """A realistic classic-MAG session document (a fresh copy per test)."""
    return copy.deepcopy(_sample_raw)


@pytest.fixture
def minimal():
    return {
        "format": "tourdetable.session/1",
        "session": {"title": "Essai", "method": "mag-classique", "language": "fr"},
        "participants": [{"id": "p1", "pseudonym": "P1"}],
        "contributions": [
            {"id": "c1", "kind": "interpretation", "author": "p1", "text": "Le temps manque."}
        ],
        "votes": [{"contribution": "c1", "participant": "p2", "kind": "agreement",
                   "value": "agree"}],
    }


def positioned(pattern: dict[str, str], profiles: dict[str, dict | None] | None = None,
               text: str = "Le téléphone cache autre chose.") -> dict:
    """A document with one interpretation 'c1' voted on by the given participants.

    ``pattern`` maps participant id to agree/disagree/abstain; ``profiles`` gives profiles.
    """
    profiles = profiles or {}
    participants = [{"id": pid, "pseudonym": pid.upper(), "profile": profiles.get(pid)}
                    for pid in pattern]
    return {
        "format": "tourdetable.session/1",
        "session": {"title": "T", "method": "mag-classique", "language": "fr"},
        "participants": participants,
        "contributions": [{"id": "c1", "kind": "interpretation", "author": None, "text": text}],
        "votes": [{"contribution": "c1", "participant": pid, "kind": "agreement", "value": v}
                  for pid, v in pattern.items()],
    }
