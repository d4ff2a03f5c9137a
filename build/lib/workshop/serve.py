"""A development server that also carries WebSockets, for the tests and benchmarks that need
real server processes: ``python -m workshop.serve --port 5001``.

It reads the same environment as the app (DATABASE_URL, SOCKETIO_MESSAGE_QUEUE, SECRET_KEY...).
Production runs gunicorn instead (docs/production.md).
"""

import argparse

from . import create_app
from .core.extensions import socketio


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--no-rate-limit", action="store_true",
                        help="for load tests from one address only: joins are otherwise throttled")
    args = parser.parse_args(argv)
    app = create_app({"RATELIMIT_ENABLED": False} if args.no_rate_limit else None)
    socketio.run(app, host=args.host, port=args.port, allow_unsafe_werkzeug=True,
                 use_reloader=False, log_output=False)


if __name__ == "__main__":
    main()
