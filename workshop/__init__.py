"""Tour de table: live participatory group-analysis sessions (MAG) and validation forums."""

import uuid
from pathlib import Path

from flask import Flask

from .config import engine_options, load_config
from .extensions import babel, csrf, db, limiter, login_manager, migrate, socketio

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True,
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.update(load_config(Path(app.instance_path)))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "translations")
    if test_config:
        app.config.update(test_config)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))

    from . import (
        live,  # noqa: F401  (Socket.IO handlers: registered before init_app binds them)
        models,  # noqa: F401  (every table known to SQLAlchemy and Alembic)
    )
    from .i18n import current_language, now_ms, select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    socketio.init_app(app, message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
                      async_mode=app.config.get("SOCKETIO_ASYNC_MODE", "threading"))

    from . import (
        accounts,
        console,
        forum,
        i18n,
        participation,
        project_reports,
        project_synthesis,
        projector,
        projects,
        rapporteur,
        registration,
        security,
        staff,
        synthesis_views,
    )
    from .errors import register_error_handlers

    for module in (accounts, console, forum, i18n, participation, projector, project_reports,
                   project_synthesis, projects, rapporteur, registration, staff, synthesis_views):
        app.register_blueprint(module.bp)
    register_error_handlers(app)
    security.init_app(app)
    app.jinja_env.globals.update(current_language=current_language, now_ms=now_ms,
                                 client_key=lambda: uuid.uuid4().hex)

    from .cli import register_cli

    register_cli(app)
    return app
