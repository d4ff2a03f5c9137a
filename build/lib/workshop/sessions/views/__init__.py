"""The session's screens, one blueprint each: staff home, console, projector, participant pages,
rapporteur's notes."""

from . import console, participation, projector, rapporteur, staff

BLUEPRINTS = (staff.bp, console.bp, projector.bp, participation.bp, rapporteur.bp)
