"""The validation forum (DESIGN §1c): parallel ateliers validate a cross-group synthesis, a live
plenary compares their verdicts, a report closes it. The top context: it may import every other."""

from . import live, review, seats, steps  # noqa: F401  (channel, step kind, method, slots, purge step, join rule: registered)


def init_app(app) -> None:
    from .views import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
