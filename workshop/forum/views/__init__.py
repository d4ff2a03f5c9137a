"""The forum's screens: the coordinator's, the atelier rapporteur's and the participants'."""

from . import (  # noqa: F401  (their routes, one blueprint)
    coordinator,
    participant,
    rapporteur,
    review,
    staffing,
    trace,
    validated,
)
from .blueprint import bp
from .followup import bp as followup_bp

BLUEPRINTS = (bp, followup_bp)
