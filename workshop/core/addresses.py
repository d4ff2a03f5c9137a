"""The address phones in the room type or scan: the join link and its QR code.

The projector is often opened on the very machine that serves the app (http://127.0.0.1:5000),
an address no phone can reach. So: PUBLIC_URL when it is configured (behind a proxy, a DNS name);
else, when the app serves every interface (``make run HOST=0.0.0.0`` sets SERVE_HOST), this
machine's address on the local network, with the port the request came in on; else the address
the request came in on.
"""

import socket

from flask import current_app, request, url_for

EVERY_INTERFACE = ("0.0.0.0", "::")


def lan_address() -> str | None:
    """This machine's address on its local network: the source address the system would use
    to reach an outside address (a UDP socket's connect sends no packet)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere for real
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def room_base_url() -> str:
    """The scheme, host and port that phones in the room can reach (no trailing slash)."""
    configured = current_app.config.get("PUBLIC_URL", "")
    if configured:
        return configured.rstrip("/")
    if current_app.config.get("SERVE_HOST", "") in EVERY_INTERFACE:
        lan = lan_address()
        if lan:
            port = request.host.rpartition(":")[2] if ":" in request.host.rsplit("]", 1)[-1] else ""
            return f"{request.scheme}://{lan}" + (f":{port}" if port else "")
    return request.host_url.rstrip("/")


def room_url(endpoint: str, **values) -> str:
    """An absolute address of ``endpoint`` that phones in the room can reach."""
    return room_base_url() + url_for(endpoint, **values)
