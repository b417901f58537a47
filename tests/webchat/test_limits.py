"""Limits that hold (issue 9 #2): per client address (behind trusted proxies only), per session,
a cap on requests waiting for Rasa, and no API call without `Origin`.

A script that makes a fresh session per request is limited by its address; a client cannot
choose its address by sending X-Forwarded-For; when Rasa is slow, the host says "busy" at once
instead of piling up requests.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from starlette.types import ASGIApp, Receive, Scope, Send

from bot.pseudonym import Pseudonyms
from bot.rasa_client import RasaConnection
from bot.webchat.app import create_app
from bot.webchat.chat import SENDER_PREFIX
from bot.webchat.clients import client_address, parse_networks
from bot.webchat.settings import WebchatSettings
from conversation_store.settings import ConversationStoreSettings
from conversation_store.store import ConversationStore
from locales.catalog import default_catalog
from tests.fake_rasa import FakeRasa, echo
from tests.tracker_rows import TrackerRows
from tests.webchat.conftest import ORIGIN, SESSION, TEST_KEY, TestClient

T = default_catalog().text
PROXY = "10.0.0.5"
PEER_HEADER = "x-test-peer"  # read only by the test wrapper below, never by the host


def body(session: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"session": session or uuid.uuid4().hex, "message": "Hallo", "language": "de", **extra}


class Peer:
    """Requests to one host as if from the address `peer` (the ASGI scope's client)."""

    def __init__(self, client: TestClient, peer: str) -> None:
        self.client, self.peer = client, peer
        self.headers: dict[str, str] = {"Origin": ORIGIN}

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {}), PEER_HEADER: self.peer}
        return self.client.request(method, path, headers=headers, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)


def with_peer(app: ASGIApp) -> ASGIApp:
    """The test client has one address; this gives each request the one the test chose."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope["headers"])
            peer = headers.get(PEER_HEADER.encode())
            if peer:
                scope = {**scope, "client": (peer.decode(), 40000)}
        await app(scope, receive, send)

    return wrapped


@pytest.fixture
def host(fake_rasa: FakeRasa, tracker_rows: TrackerRows) -> Iterator[Any]:
    """Builds hosts (settings overridable); `build(...)(peer)` talks to one from `peer`.

    Synchronous on purpose: the browser tests of this folder keep an event loop running.
    """
    opened: list[TestClient] = []

    def build(**overrides: Any) -> Any:
        settings = WebchatSettings(rasa=RasaConnection(fake_rasa.url, timeout_s=5), **overrides)
        store = ConversationStore(ConversationStoreSettings(tracker_rows.url))
        app = create_app(
            settings,
            rasa=settings.rasa.client(),
            pseudonyms=Pseudonyms(TEST_KEY, SENDER_PREFIX),
            store=store,
            key=TEST_KEY,
        )
        client = TestClient(with_peer(app), base_url="http://localhost:8080").__enter__()
        opened.append(client)
        return lambda peer: Peer(client, peer)

    yield build
    for c in opened:
        c.__exit__(None, None, None)


def test_fresh_sessions_from_one_address_meet_the_address_limit(
    host: Any, fake_rasa: FakeRasa
) -> None:
    client = host(messages_per_minute=30, messages_per_minute_per_ip=5)
    script = client("203.0.113.7")
    statuses = [(script.post("/api/messages", json=body())).status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    r = script.post("/api/messages", json=body(language="tr"))
    assert r.json() == {"error": "rate_limited", "message": T("tr", "webchat.error.rate_limited")}
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert r.headers["access-control-allow-origin"] == ORIGIN
    # erasing conversations counts too (a script must not hammer the store instead)
    assert (script.request("DELETE", "/api/conversation", json=body())).status_code == 429
    # someone else is served
    assert (client("198.51.100.20").post("/api/messages", json=body())).status_code == 200
    assert len(fake_rasa.requests) == 6


def test_forwarded_for_from_an_untrusted_peer_is_ignored(host: Any) -> None:
    """Without configured proxies the header is the client's own claim: it changes nothing."""
    script = host(messages_per_minute_per_ip=3)("203.0.113.7")
    statuses = []
    for n in range(5):
        forged = {"X-Forwarded-For": f"192.0.2.{n}"}
        r = script.post("/api/messages", json=body(), headers=forged)
        statuses.append(r.status_code)
    assert statuses == [200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit(host: Any) -> None:
    build = host(messages_per_minute_per_ip=2, trusted_proxies=parse_networks([PROXY]))
    proxy = build(PROXY)

    def status(forwarded: str) -> int:
        headers = {"X-Forwarded-For": forwarded}
        return (proxy.post("/api/messages", json=body(), headers=headers)).status_code

    assert [status("203.0.113.7") for _ in range(3)] == [200, 200, 429]
    assert status("198.51.100.20") == 200
    # a client prepending a fake address to the chain is still counted by its real one
    assert status("192.0.2.99, 203.0.113.7") == 429


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("203.0.113.7", [], "203.0.113.7"),
        ("203.0.113.7", ["192.0.2.1"], "203.0.113.7"),  # not a proxy of ours
        (PROXY, ["192.0.2.1"], "192.0.2.1"),
        (PROXY, ["192.0.2.66, 192.0.2.1"], "192.0.2.1"),  # the left part is the client's claim
        (PROXY, ["192.0.2.1, 10.0.0.9"], "192.0.2.1"),  # two proxies of ours in a row
        (PROXY, ["192.0.2.1", "10.0.0.9"], "192.0.2.1"),  # the chain over two headers
        (PROXY, ["not-an-address"], PROXY),  # garbage: count the proxy, not the claim
        (PROXY, ["10.0.0.7"], "10.0.0.7"),  # only proxies: the first one asked
        ("2001:db8:1:2:3:4:5:6", [], "2001:db8:1:2::/64"),  # a household's IPv6 block
        ("::ffff:203.0.113.7", [], "203.0.113.7"),
    ],
)
def test_client_address(peer: str, forwarded: list[str], expected: str) -> None:
    assert client_address(peer, forwarded, parse_networks(["10.0.0.0/24"])) == expected


def test_trusted_proxies_from_the_environment() -> None:
    settings = WebchatSettings.from_env({"WEBCHAT_TRUSTED_PROXIES": "127.0.0.1, 10.1.0.0/16"})
    assert [str(n) for n in settings.trusted_proxies] == ["127.0.0.1/32", "10.1.0.0/16"]
    assert WebchatSettings.from_env({}).trusted_proxies == ()
    with pytest.raises(SystemExit, match="WEBCHAT_TRUSTED_PROXIES"):
        WebchatSettings.from_env({"WEBCHAT_TRUSTED_PROXIES": "proxy.example.org"})


def test_requests_waiting_for_rasa_are_capped_with_a_localized_busy(
    host: Any, fake_rasa: FakeRasa
) -> None:
    release = threading.Event()

    def slow(request: dict[str, Any]) -> Any:
        release.wait(10)  # Rasa busy with these turns until the test lets go
        return echo(request)

    fake_rasa.reply = slow
    build = host(max_in_flight=2)
    with ThreadPoolExecutor(2) as pool:
        waiting = [
            pool.submit(build(f"192.0.2.{n}").post, "/api/messages", json=body()) for n in (1, 2)
        ]
        deadline = time.monotonic() + 5
        while len(fake_rasa.requests) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        r = build("192.0.2.3").post("/api/messages", json=body(language="ar"))
        release.set()
        assert [w.result(10).status_code for w in waiting] == [200, 200]
    assert r.status_code == 503
    assert r.json() == {"error": "busy", "message": T("ar", "webchat.error.busy")}
    assert int(r.headers["retry-after"]) >= 1
    assert r.headers["access-control-allow-origin"] == ORIGIN
    # the slots are free again
    assert build("192.0.2.3").post("/api/messages", json=body()).status_code == 200
    assert len(fake_rasa.requests) == 3


@pytest.mark.parametrize(
    ("method", "path"), [("POST", "/api/messages"), ("DELETE", "/api/conversation")]
)
def test_api_calls_without_origin_are_refused(
    host: Any, fake_rasa: FakeRasa, method: str, path: str
) -> None:
    """No browser sends these without Origin: it is a script, and it does not reach Rasa."""
    client = host()("192.0.2.1")
    client.headers.pop("Origin")
    r = client.request(method, path, json=body(SESSION), headers={"Accept-Language": "fa"})
    assert r.status_code == 403
    assert r.json() == {"error": "forbidden", "message": T("fa", "webchat.error.forbidden")}
    assert fake_rasa.requests == []


def test_the_public_texts_are_served_without_origin(host: Any) -> None:
    """The widget on the host's own page: browsers send no Origin on a same-origin GET."""
    client = host()("192.0.2.1")
    client.headers.pop("Origin")
    r = client.get("/api/texts/de")
    assert r.status_code == 200
    assert "access-control-allow-origin" not in r.headers
