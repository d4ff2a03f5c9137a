"""A live session: its models, the rules of each step, and its screens (console, projector,
participant pages, rapporteur's notes). Imports only ``core`` and the pure ``synthesis``."""

from . import live, steps  # noqa: F401  (the session channel and the built-in step kinds, registered)


def init_app(app) -> None:
    from .views import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
