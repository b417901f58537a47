"""Fixtures for action tests: trackers built from small dicts, a real seeded offer database."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.offer_store as offer_store
from contract.messages import PayloadType, payload_type

ROOT = Path(__file__).resolve().parents[2]


def make_tracker(
    text: str = "",
    intent: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    language: tuple[str, float] | None = None,
    ranking: list[dict[str, Any]] | None = None,
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    """A tracker whose latest message is `text` parsed as `intent` with `entities`."""
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
        "intent_ranking": ranking or [],
        "language": {"code": language[0], "confidence": language[1]} if language else {},
        "metadata": metadata or {},
    }
    return Tracker("test-user", slots or {}, latest, [], False, None, {}, "action_listen")


def run_action(
    action: Action, tracker: Tracker, domain: dict[str, Any] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Runs `action`; returns (events, messages sent without the closing `turn` payload).

    Every action that says something closes with the `turn` payload (tested on its own in
    test_message_contract.py); the other tests look at what the user sees.
    """
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain or {}))
    if dispatcher.messages:
        assert payload_type(dispatcher.messages[-1].get("custom")) is PayloadType.TURN
    return events, [
        m for m in dispatcher.messages if payload_type(m.get("custom")) is not PayloadType.TURN
    ]


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.fixture(scope="session")
def seeded_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite database with the sample offers, loaded through the staff CLI."""
    url = f"sqlite:///{tmp_path_factory.mktemp('offers') / 'offers.sqlite3'}"
    subprocess.run(
        [str(ROOT / ".venv/bin/offers"), "seed"], check=True, cwd=ROOT, env={"DATABASE_URL": url}
    )
    return url


@pytest.fixture()
def offer_database(seeded_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Points the action server's database access at the seeded database."""
    monkeypatch.setenv("DATABASE_URL", seeded_database_url)
    offer_store._factory.cache_clear()
    yield seeded_database_url
    offer_store._factory.cache_clear()


@pytest.fixture()
def broken_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A database URL that cannot be opened (a directory that does not exist)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/missing/dir/offers.sqlite3")
    offer_store._factory.cache_clear()
    yield
    offer_store._factory.cache_clear()


@pytest.fixture(autouse=True)
def staff_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Feedback and unanswered questions go to a fresh staff desk database of each test
    (never the local data folder); actions/feedback_store.py migrates it on first use."""
    import actions.feedback_store as feedback_store

    url = f"sqlite:///{tmp_path / 'staff.sqlite3'}"
    monkeypatch.setenv("STAFF_DB_URL", url)
    feedback_store._factory.cache_clear()
    yield url
    feedback_store._factory.cache_clear()
