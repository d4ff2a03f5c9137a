"""The session's screens, one blueprint each: staff home, console, projector, participant pages,
rapporteur's notes, what was said aloud, the method's shape, the group's wording."""

from . import console, participation, projector, rapporteur, shaping, spoken, staff, wording

BLUEPRINTS = (staff.bp, console.bp, projector.bp, participation.bp, rapporteur.bp, spoken.bp,
              shaping.bp, wording.bp)
