"""The baseline for bench/live.py: a bare python-socketio server with no application logic.

``POST /submit?size=N`` broadcasts one ``fragment`` event carrying N characters to every
client, as the app does after a submission. Run by bench/live.py under the same gunicorn
worker class as the app, with SOCKETIO_MESSAGE_QUEUE for two workers.
"""

import os
from urllib.parse import parse_qs

import socketio

mode = os.environ.get("SOCKETIO_ASYNC_MODE", "gevent")
queue = os.environ.get("SOCKETIO_MESSAGE_QUEUE")
sio = socketio.Server(async_mode=mode, client_manager=socketio.RedisManager(queue) if queue else None)


@sio.event
def connect(sid, environ, auth=None):
    sio.enter_room(sid, "participants")


def http(environ, start_response):
    if environ["PATH_INFO"] == "/submit" and environ["REQUEST_METHOD"] == "POST":
        size = int(parse_qs(environ.get("QUERY_STRING", "")).get("size", ["2000"])[0])
        sio.emit("fragment", {"target": "shared", "html": "x" * size}, to="participants")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]
    start_response("200 OK" if environ["PATH_INFO"] == "/ping" else "404 Not Found",
                   [("Content-Type", "text/plain")])
    return [b"ok"]


app = socketio.WSGIApp(sio, http)
