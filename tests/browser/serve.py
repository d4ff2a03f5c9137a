"""For the browser tests: `python serve.py setup` migrates the database (DATABASE_URL) and creates
the staff accounts; `python serve.py PORT` serves the real app on 127.0.0.1:PORT."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout's app, not another

from workshop import create_app  # noqa: E402
from workshop.core.extensions import socketio  # noqa: E402

app = create_app({"RATELIMIT_ENABLED": False})
if sys.argv[1] == "setup":
    from flask_migrate import upgrade

    from workshop.core.accounts import User
    from workshop.core.extensions import db

    with app.app_context():
        upgrade()
        for name in sys.argv[3:]:
            user = User(username=name, display_name=name.title())
            user.set_password(sys.argv[2])
            db.session.add(user)
        db.session.commit()
else:
    socketio.run(app, host="127.0.0.1", port=int(sys.argv[1]), allow_unsafe_werkzeug=True,
                 use_reloader=False, log_output=False)
