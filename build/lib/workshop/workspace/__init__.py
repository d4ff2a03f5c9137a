"""The rapporteur's workspace: the session's synthesis corrected, reviewed for personal data and
exported; the session interchange file. Imports ``core``, ``sessions`` and ``synthesis``."""


def init_app(app) -> None:
    from .views import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
