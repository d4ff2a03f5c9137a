"""The research team's screens: projects, registration and composition, the cross-group
synthesis and the project's report."""

from . import projects, registration, reports, synthesis

BLUEPRINTS = (projects.bp, registration.bp, synthesis.bp, reports.bp)
