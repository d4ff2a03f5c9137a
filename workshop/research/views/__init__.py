"""The research team's screens: projects, registration and composition, the cross-group
synthesis, the project's report, its team and steering committee."""

from . import projects, registration, reports, synthesis, team, transversal

BLUEPRINTS = (projects.bp, registration.bp, synthesis.bp, reports.bp, team.bp, transversal.bp)
