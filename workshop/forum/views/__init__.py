"""The forum's screens: the coordinator's, the atelier rapporteur's and the participants'."""

from . import coordinator, participant, rapporteur, review, staffing  # noqa: F401  (their routes, one blueprint)
from .blueprint import bp

BLUEPRINTS = (bp,)
