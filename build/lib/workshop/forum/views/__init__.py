"""The forum's screens: the coordinator's, the atelier rapporteur's and the participants'."""

from . import coordinator, participant, rapporteur  # noqa: F401  (their routes, on one blueprint)
from .blueprint import bp

BLUEPRINTS = (bp,)
