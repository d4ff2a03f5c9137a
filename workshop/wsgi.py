"""The production entry point for gunicorn (docs/production.md):

    gunicorn -k gevent -w 1 --bind 127.0.0.1:8000 'workshop.wsgi:app'

SOCKETIO_ASYNC_MODE must match the worker class: ``gevent`` for ``-k gevent`` (the default
here), ``threading`` for ``gunicorn -w 1 --threads N``. RATELIMIT_ENABLED=0 turns the join
throttle off, for a load test whose participants all come from one address.
Behind a reverse proxy, TRUSTED_PROXIES (its addresses) makes the app see the browser's address
(X-Forwarded-For), so that throttling is per browser and not per proxy (core/proxies.py).
"""

import gc
import os

from . import create_app
from .synthesis.analysis import load_pipelines

if os.environ.get("PROXY_COUNT"):
    raise SystemExit("PROXY_COUNT is replaced by TRUSTED_PROXIES, the proxies' addresses "
                     "(docs/production.md)")

# The language pipelines load before the worker serves (a greenlet loading them later would hold
# up live updates for seconds), and before gc.freeze() below.
settings = {"SOCKETIO_ASYNC_MODE": os.environ.get("SOCKETIO_ASYNC_MODE", "gevent"),
            "PRELOAD_PIPELINES": False}
if os.environ.get("RATELIMIT_ENABLED") == "0":
    settings["RATELIMIT_ENABLED"] = False
app = create_app(settings)
load_pipelines()
# What is loaded by now (the app, SQLAlchemy, scikit-learn...) lives as long as the worker: keep
# it out of the garbage collector's full passes, whose pauses would hold up live updates.
gc.freeze()
