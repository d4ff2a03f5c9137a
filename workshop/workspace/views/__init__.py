"""The rapporteur's workspace: the synthesis, the review of personal data, exports and imports."""

from . import exports, imports, retention, review, synthesis  # noqa: F401  (their routes, one blueprint)
from .blueprint import bp

BLUEPRINTS = (bp,)
