"""The join address the projector shows (and its QR code) is one phones in the room can reach."""

from conftest import PASSWORD

from workshop.core import addresses


def _projector(app, mag, base_url="http://127.0.0.1:5050/"):
    facilitator = app.test_client()
    facilitator.post("/login", data={"username": "facilitator", "password": PASSWORD}, base_url=base_url)
    page = facilitator.get(f"/sessions/{mag.id}/projector", base_url=base_url).get_data(as_text=True)
    qr = facilitator.get(f"/sessions/{mag.id}/qr.svg", base_url=base_url).get_data(as_text=True)
    return page, qr


def test_the_address_the_projector_was_opened_at_by_default(app, mag):
    page, qr = _projector(app, mag)
    assert "127.0.0.1:5050/join<" in page  # then the code, in large
    assert f"http://127.0.0.1:5050/join/{mag.join_code}" in qr


def test_serving_every_interface_shows_the_machines_lan_address(app, mag, monkeypatch):
    app.config["SERVE_HOST"] = "0.0.0.0"
    monkeypatch.setattr(addresses, "lan_address", lambda: "192.168.1.23")
    page, qr = _projector(app, mag)
    assert "192.168.1.23:5050/join<" in page
    assert f"http://192.168.1.23:5050/join/{mag.join_code}" in qr
    assert "127.0.0.1" not in qr


def test_a_configured_public_url_wins(app, mag, monkeypatch):
    app.config.update(SERVE_HOST="0.0.0.0", PUBLIC_URL="https://atelier.example.org/")
    monkeypatch.setattr(addresses, "lan_address", lambda: "192.168.1.23")
    page, qr = _projector(app, mag)
    assert "atelier.example.org/join<" in page
    assert f"https://atelier.example.org/join/{mag.join_code}" in qr


def test_the_lan_address_is_never_a_loopback_one():
    found = addresses.lan_address()
    assert found is None or not found.startswith("127.")
