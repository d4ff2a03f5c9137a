"""Serve the real app for the browser tests: `python serve.py PORT` (DATABASE_URL from the environment)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout's app, not another

from workshop import create_app
from workshop.extensions import socketio

app = create_app({"RATELIMIT_ENABLED": False})
socketio.run(app, host="127.0.0.1", port=int(sys.argv[1]), allow_unsafe_werkzeug=True,
             use_reloader=False, log_output=False)
