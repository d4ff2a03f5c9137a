"""Tour de table: live participatory group-analysis sessions (MAG) and validation forums.

The app is made of contexts, each a package with its models, rules, views and templates, and
dependencies that point one way (docs/architecture.md):

    core, synthesis  <-  sessions  <-  workspace  <-  research  <-  forum

``create_app`` is the one place that knows them all.
"""

import uuid
from pathlib import Path

from flask import Flask
from flask_babel import gettext

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    from . import forum, research, sessions, workspace
    from .cli import register_cli
    from .core import accounts, errors, i18n, live, proxies, security, slots, staff_admin, times
    from .core.config import engine_options, load_config
    from .core.extensions import babel, csrf, db, limiter, login_manager, migrate, socketio

    app = Flask(__name__, instance_relative_config=True,
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.config.update(load_config(Path(app.instance_path)))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "translations")
    if test_config:
        app.config.update(test_config)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Flask-Login flashes this msgid through gettext, in the reader's language.
    login_manager.login_message = i18n.N_("Connectez-vous pour ouvrir cette page.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = gettext
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    socketio.init_app(app, message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
                      async_mode=app.config.get("SOCKETIO_ASYNC_MODE", "threading"))
    live.init_app(app)
    proxies.init_app(app)  # outermost, so Socket.IO connections see the browser's address too

    app.register_blueprint(accounts.bp)
    app.register_blueprint(staff_admin.bp)
    app.register_blueprint(i18n.bp)
    for context in (sessions, workspace, research, forum):
        context.init_app(app)
    errors.register_error_handlers(app)
    security.init_app(app)
    slots.init_app(app)
    times.init_app(app)
    app.jinja_env.globals.update(current_language=i18n.current_language, now_ms=i18n.now_ms,
                                 client_key=lambda: uuid.uuid4().hex)
    register_cli(app)
    if app.config.get("PRELOAD_PIPELINES", True):
        from .synthesis.analysis import preload

        preload()  # the first synthesis page a rapporteur opens does not wait for spaCy
    return app
