"""The real assistant for end-to-end tests: seeded SQLite database, action server and Rasa server.

The servers run on free ports with the trained model (`make test` trains it first when the
training data changed). The fixture is session-wide: starting Rasa takes tens of seconds.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from deploy.processes import MODEL, ROOT, running_assistant


@dataclass
class Assistant:
    """Talks to the running assistant through Rasa's REST channel."""

    rasa_url: str
    action_url: str
    database_url: str
    tracker_db_url: str  # Rasa's SQL tracker store (a SQLite file of the test session)
    api_token: str = ""  # Rasa's HTTP API token (the REST channel needs none)

    @property
    def api_params(self) -> dict[str, str]:
        return {"token": self.api_token}

    def say(self, sender: str, text: str, **metadata: Any) -> list[dict[str, Any]]:
        """Sends one user message; returns the bot's messages."""
        body: dict[str, Any] = {"sender": sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        r = httpx.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, timeout=60)
        r.raise_for_status()
        return r.json()

    def parse(self, text: str) -> dict[str, Any]:
        r = httpx.post(
            f"{self.rasa_url}/model/parse",
            json={"text": text},
            params=self.api_params,
            timeout=30,
        )
        r.raise_for_status()
        return r.json()

    def slots(self, sender: str) -> dict[str, Any]:
        r = httpx.get(
            f"{self.rasa_url}/conversations/{sender}/tracker",
            params=self.api_params,
            timeout=30,
        )
        r.raise_for_status()
        return r.json()["slots"]


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def seed_database(database_url: str) -> None:
    """Migrates and loads the sample offers with the staff CLI."""
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "offers"), "seed"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        check=True,
    )


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Assistant]:
    """The whole assistant, started once per test session."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does it) first")
    tmp = tmp_path_factory.mktemp("assistant")
    database_url = f"sqlite:///{tmp / 'offers.sqlite3'}"
    seed_database(database_url)
    logs = tmp / "logs"
    try:
        # Starts with "-" on purpose: such a token must reach Rasa as a value, not an option.
        token = "-" + secrets.token_urlsafe(24)
        with running_assistant(database_url, logs, api_token=token) as running:
            yield Assistant(
                running.rasa_url, running.action_url, database_url, running.tracker_db_url, token
            )
    except (RuntimeError, TimeoutError) as exc:
        tails = {p.name: p.read_text(errors="replace")[-3000:] for p in logs.glob("*.log")}
        pytest.fail(f"assistant did not start: {exc}\n{tails}")


def texts(messages: list[dict[str, Any]]) -> str:
    """All text of the bot's messages, joined (for assertions)."""
    return "\n".join(m.get("text") or "" for m in messages)


def buttons(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [b for m in messages for b in m.get("buttons") or []]


def customs(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m["custom"] for m in messages if "custom" in m]
