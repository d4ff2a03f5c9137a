"""Research projects (DESIGN §1b): themes, registration and the composition of thematic groups,
day 2 continuing day 1, the cross-group synthesis and the project's reports. Imports ``core``,
``sessions``, ``synthesis`` and ``workspace``."""

from . import opening, personal_data  # noqa: F401  (the theme's note in a session's opening; the project's names, searched for in every export)


def init_app(app) -> None:
    from .views import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
