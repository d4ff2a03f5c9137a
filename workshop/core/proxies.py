"""The browser's address behind a reverse proxy, trusted only from the proxies we run.

``X-Forwarded-For`` is a header anyone can send. It is read only when the connection comes
from an address listed in TRUSTED_PROXIES (addresses or networks, comma-separated): then
the client is the rightmost address of the header that is not itself a trusted proxy.
From any other peer the forwarded headers are ignored, so a request sent straight to
gunicorn cannot pick the address every throttle counts by. Werkzeug's ProxyFix trusts the
last N hops whoever sends them, which is why this small middleware replaces it.
"""

from ipaddress import ip_address, ip_network


def parse_networks(setting: str) -> list:
    """"10.0.0.1, 192.168.0.0/24" → networks; a malformed entry stops the app at start."""
    return [ip_network(entry.strip(), strict=False) for entry in setting.split(",") if entry.strip()]


class TrustedProxies:
    def __init__(self, app, networks: list):
        self.app, self.networks = app, networks

    def trusted(self, address: str) -> bool:
        try:
            candidate = ip_address(address.strip())
        except ValueError:
            return False
        return any(candidate in network for network in self.networks)

    def client_address(self, peer: str, forwarded: str) -> str:
        client = peer
        for hop in reversed([hop.strip() for hop in forwarded.split(",") if hop.strip()]):
            try:
                ip_address(hop)
            except ValueError:
                break  # garbage in the header: keep the last address we could trust
            client = hop
            if not self.trusted(hop):
                break
        return client

    def __call__(self, environ, start_response):
        peer = environ.get("REMOTE_ADDR", "")
        if self.trusted(peer):
            environ["REMOTE_ADDR"] = self.client_address(peer, environ.get("HTTP_X_FORWARDED_FOR", ""))
            scheme = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[-1].strip().lower()
            if scheme in ("http", "https"):
                environ["wsgi.url_scheme"] = scheme
            host = environ.get("HTTP_X_FORWARDED_HOST", "").split(",")[-1].strip()
            if host:
                environ["HTTP_HOST"] = host
        return self.app(environ, start_response)


def init_app(app) -> None:
    networks = parse_networks(app.config.get("TRUSTED_PROXIES") or "")
    if networks:
        app.wsgi_app = TrustedProxies(app.wsgi_app, networks)
