"""The staff admin behind a TLS reverse proxy (ADMIN_TRUSTED_PROXIES): the login throttle counts
the client the proxy names, links and redirects use the scheme it names, and nobody else can
claim either by sending the headers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from starlette.testclient import TestClient

from admin.app import create_app
from admin.settings import AdminSettings, parse_proxies
from tests.admin.conftest import BASE, AdminDatabase, csrf_token, login

PROXY = "10.0.0.2"  # the reverse proxy (compose network gateway, ingress controller pod)
PROXIES = "10.0.0.0/24"
CLIENT_A = "198.51.100.7"
CLIENT_B = "198.51.100.8"
STRANGER = "203.0.113.9"  # reaches the admin directly, not through the proxy
WRONG = "falsch-falsch-falsch"


@pytest.fixture
def connect(admin_db: AdminDatabase) -> Iterator[Any]:
    """connect(peer, headers, proxies=...) → a browser reaching one app from `peer`; the clients
    of one test share that app (and so its login throttle)."""
    apps: dict[str, Any] = {}
    clients: list[TestClient] = []

    def build(peer: str, headers: dict[str, str], proxies: str = PROXIES) -> TestClient:
        if proxies not in apps:
            settings = replace(admin_db.settings, trusted_proxies=parse_proxies(proxies))
            apps[proxies] = create_app(settings, admin_db.offer_engine, admin_db.staff_engine)
        client = TestClient(
            apps[proxies],
            base_url=BASE,
            follow_redirects=False,
            client=(peer, 50000),
            headers=headers,
        ).__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


def fail_five_times(client: TestClient, user: str = "rate-mal") -> None:
    for _ in range(5):
        assert login(client, password=WRONG, user=user).status_code == 400


def test_behind_a_trusted_proxy_each_client_is_locked_out_alone(connect: Any) -> None:
    a = connect(PROXY, {"X-Forwarded-For": CLIENT_A})
    b = connect(PROXY, {"X-Forwarded-For": CLIENT_B})
    fail_five_times(a)
    # Client A is locked out, whichever account it tries ...
    assert login(a).status_code == 429
    # ... client B, through the same proxy, is not.
    assert login(b).status_code == 302
    assert b.get("/admin/offer/list").status_code == 200


def test_a_forged_address_sent_through_the_proxy_does_not_dodge_the_lock(connect: Any) -> None:
    # The proxy appends the address it saw; what the client wrote before it is not believed.
    client = connect(PROXY, {})
    for n in range(5):
        forged = {"X-Forwarded-For": f"192.0.2.{n}, {CLIENT_A}"}
        token = csrf_token(client.get("/admin/login"))
        data = {"username": "rate-mal", "password": WRONG, "csrf_token": token}
        assert client.post("/admin/login", data=data, headers=forged).status_code == 400
    locked = connect(PROXY, {"X-Forwarded-For": f"192.0.2.99, {CLIENT_A}"})
    assert login(locked).status_code == 429


@pytest.mark.parametrize(
    ("peer", "proxies"),
    [(STRANGER, PROXIES), (PROXY, "")],
    ids=["peer-not-a-trusted-proxy", "no-trusted-proxies-by-default"],
)
def test_from_an_untrusted_peer_x_forwarded_for_is_ignored(
    connect: Any, peer: str, proxies: str
) -> None:
    # A new forged address for every attempt: all of them are counted as the peer's.
    for n in range(5):
        forger = connect(peer, {"X-Forwarded-For": f"192.0.2.{n}"}, proxies)
        assert login(forger, password=WRONG, user="rate-mal").status_code == 400
    again = connect(peer, {"X-Forwarded-For": CLIENT_B}, proxies)
    assert login(again).status_code == 429


def test_the_default_trusts_no_proxy() -> None:
    settings = AdminSettings.from_env({"ADMIN_SECRET_KEY": "k", "DATABASE_URL": "sqlite://"})
    assert settings.trusted_proxies == ()
    parsed = AdminSettings.from_env(
        {
            "ADMIN_SECRET_KEY": "k",
            "DATABASE_URL": "sqlite://",
            "ADMIN_TRUSTED_PROXIES": " 172.18.0.1, 10.244.0.0/16 ,",
        }
    )
    assert [str(n) for n in parsed.trusted_proxies] == ["172.18.0.1/32", "10.244.0.0/16"]
    for bad in ("*", "proxy.example.org", "10.0.0.0/33"):
        with pytest.raises(SystemExit, match="ADMIN_TRUSTED_PROXIES"):
            AdminSettings.from_env(
                {"ADMIN_SECRET_KEY": "k", "DATABASE_URL": "sqlite://", "ADMIN_TRUSTED_PROXIES": bad}
            )


def form_action(page: Any) -> str:
    match = re.search(r'<form\b[^>]*\baction="([^"]+)"', page.text)
    assert match, "no form"
    return match.group(1)


def test_https_from_the_trusted_proxy_makes_links_and_redirects_https(connect: Any) -> None:
    https = {"X-Forwarded-For": CLIENT_A, "X-Forwarded-Proto": "https"}
    client = connect(PROXY, https)
    assert client.get("/admin/").headers["location"] == "https://127.0.0.1/admin/login"
    page = client.get("/admin/login")
    assert form_action(page) == "https://127.0.0.1/admin/login"
    assert "http://127.0.0.1/" not in page.text  # no stylesheet or script over plain HTTP
    response = login(client)
    assert response.status_code == 302
    assert response.headers["location"] == "https://127.0.0.1/admin/"
    assert client.get("/admin/logout").headers["location"].startswith("https://")


def test_the_scheme_claimed_by_an_untrusted_peer_is_ignored(connect: Any) -> None:
    client = connect(STRANGER, {"X-Forwarded-Proto": "https"})
    assert form_action(client.get("/admin/login")) == "http://127.0.0.1/admin/login"
