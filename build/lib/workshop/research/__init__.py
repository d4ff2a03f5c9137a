"""Research projects (DESIGN §1b): themes, registration and the composition of thematic groups,
day 2 continuing day 1, the cross-group synthesis and the project's reports. Imports ``core``,
``sessions``, ``synthesis`` and ``workspace``."""


def init_app(app) -> None:
    from .views import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
