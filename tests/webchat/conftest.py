"""Fixtures of the web chat tests: a fake Rasa and the host in-process (fast tests), and for the
browser tests headless Chromium and the host as its own process.

The browser tests talk to the real assistant through the session-wide `assistant` fixture,
which tests/conftest.py registers for every test folder (one running assistant per test run).
"""

from __future__ import annotations

import os
import subprocess
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

with warnings.catch_warnings():
    # Starlette 1.x would rather drive its TestClient with httpx2; httpx works and is what the
    # project already uses, so one HTTP client library stays enough.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from bot.payload_signing import PayloadSigner
from bot.pseudonym import Pseudonyms
from bot.rasa_client import RasaConnection
from bot.webchat.app import create_app
from bot.webchat.chat import SENDER_PREFIX, SIGNING_PURPOSE
from bot.webchat.settings import WebchatSettings
from conversation_store.settings import ConversationStoreSettings
from conversation_store.store import ConversationStore
from deploy.processes import ROOT, free_port, wait_until_up
from tests.browser_support import browser, chromium_path, screenshots  # noqa: F401
from tests.fake_rasa import FakeRasa
from tests.tracker_rows import TrackerRows

TEST_KEY = b"webchat-test-key"
ORIGIN = "http://localhost:8080"  # allowed by default
SESSION = "0123456789abcdef0123456789abcdef"


def pseudonym(session: str, key: bytes = TEST_KEY) -> str:
    """The Rasa sender the host derives from a browser session id."""
    return Pseudonyms(key, prefix=SENDER_PREFIX)(session)


def signed(payload: str, key: bytes = TEST_KEY) -> str:
    """A payload as the host signs it for the widget (what a button click sends back)."""
    return PayloadSigner(key, SIGNING_PURPOSE).sign(payload)


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    rasa = FakeRasa().start()
    yield rasa
    rasa.stop()


ClientFactory = Callable[..., TestClient]


@pytest.fixture
def make_client(fake_rasa: FakeRasa, tracker_rows: TrackerRows) -> Iterator[ClientFactory]:
    """Builds a TestClient of the host against the fake Rasa; settings can be overridden."""
    clients: list[TestClient] = []

    def build(**overrides: Any) -> TestClient:
        settings = WebchatSettings(rasa=RasaConnection(fake_rasa.url, timeout_s=5), **overrides)
        rasa = settings.rasa.client()
        store = ConversationStore(ConversationStoreSettings(tracker_rows.url))
        pseudonyms = Pseudonyms(TEST_KEY, SENDER_PREFIX)
        app = create_app(settings, rasa=rasa, pseudonyms=pseudonyms, store=store, key=TEST_KEY)
        client = TestClient(app, base_url="http://localhost:8080").__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: ClientFactory) -> TestClient:
    return make_client()


def post_message(client: TestClient, origin: str | None = ORIGIN, **body: Any) -> httpx.Response:
    """POST /api/messages with a valid body unless overridden."""
    payload = {"session": SESSION, "message": "Hallo", "language": "de", **body}
    headers = {"Origin": origin} if origin else {}
    return client.post("/api/messages", json=payload, headers=headers)


# ---------- browser tests (Chromium itself: tests/browser_support.py) ----------


def start_host(
    rasa_url: str, logs: Path, port: int | None = None, **env: str
) -> tuple[subprocess.Popen[bytes], str]:
    """`python -m bot.webchat` as `make run` starts it (on a free port unless given).

    Returns the process and the URL of the demo page's origin.
    """
    port = port or free_port()
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WEBCHAT_PORT": str(port),
        "WEBCHAT_HOST": "127.0.0.1",
        "RASA_URL": rasa_url,
        "PSEUDONYM_KEY": TEST_KEY.decode(),
        # Local data (the default conversation store) beside the logs, never in the checkout.
        "KI_DATA_DIR": str(logs.parent),
        **env,
    }
    logs.parent.mkdir(parents=True, exist_ok=True)
    out = logs.open("ab")
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "bot.webchat"],
        cwd=ROOT,
        env=environment,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    url = f"http://localhost:{port}"
    try:
        wait_until_up(f"{url}/healthz", 30, [process])
    except (RuntimeError, TimeoutError):
        process.terminate()
        raise
    return process, url


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
