"""With REDIS_URL, erasure also removes the conversation's entry in Rasa's Redis lock store, and
the retention job erases a conversation only while it holds its turn in Rasa's lock."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from conversation_store.rasa_lock import take_turn, turns_of
from conversation_store.settings import ConversationStoreSettings
from conversation_store.store import RASA_LOCK_KEY_PREFIX, ConversationStore
from tests.redis_support import REDIS_URL, reachable_redis
from tests.tracker_rows import TrackerRows


@pytest.fixture
def redis_client() -> redis.Redis:
    return reachable_redis()


def test_erasure_removes_the_lock_entry_too(redis_client: redis.Redis, tmp_path: Path) -> None:
    sender = f"tg-{uuid.uuid4().hex[:12]}"
    other = f"tg-{uuid.uuid4().hex[:12]}"
    rows = TrackerRows(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    rows.add(sender)
    redis_client.set(RASA_LOCK_KEY_PREFIX + sender, "{}")
    redis_client.set(RASA_LOCK_KEY_PREFIX + other, "{}")
    store = ConversationStore(ConversationStoreSettings(rows.url, redis_url=REDIS_URL))
    try:
        store.erase([sender])
        assert redis_client.exists(RASA_LOCK_KEY_PREFIX + sender) == 0
        assert redis_client.exists(RASA_LOCK_KEY_PREFIX + other) == 1
        assert rows.count(sender) == 0
    finally:
        redis_client.delete(RASA_LOCK_KEY_PREFIX + other)
        store.dispose()
        rows.dispose()


DAY_S = 86400.0


def rasa_lock(sender: str, *numbers: int, expires_in: float = 60.0) -> str:
    """The lock as Rasa's RedisLockStore writes it (rasa.core.lock.TicketLock.dumps)."""
    tickets = [json.dumps({"number": n, "expires": time.time() + expires_in}) for n in numbers]
    return json.dumps({"conversation_id": sender, "tickets": tickets})


def ticket_numbers(redis_client: redis.Redis, sender: str) -> list[int]:
    raw = redis_client.get(RASA_LOCK_KEY_PREFIX + sender)
    return [json.loads(t)["number"] for t in json.loads(raw)["tickets"]] if raw else []


@pytest.fixture
def idle(tmp_path: Path) -> Iterator[tuple[TrackerRows, ConversationStore, list[str]]]:
    """Three conversations idle for 120 days, a store with the Redis lock store."""
    rows = TrackerRows(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    senders = [f"tg-{uuid.uuid4().hex[:12]}" for _ in range(3)]
    for sender in senders:
        rows.add(sender, events=3, timestamp=time.time() - 120 * DAY_S)
    store = ConversationStore(
        ConversationStoreSettings(rows.url, redis_url=REDIS_URL, retention_days=90)
    )
    yield rows, store, senders
    store.dispose()
    rows.dispose()


def test_retention_leaves_a_conversation_with_a_turn_in_flight_for_its_next_run(
    redis_client: redis.Redis, idle: tuple[TrackerRows, ConversationStore, list[str]]
) -> None:
    rows, store, (answering, waiting, quiet) = idle
    try:
        # Rasa is answering one (ticket 0 served) and has another's message waiting (0 and 1).
        redis_client.set(RASA_LOCK_KEY_PREFIX + answering, rasa_lock(answering, 0))
        redis_client.set(RASA_LOCK_KEY_PREFIX + waiting, rasa_lock(waiting, 0, 1))
        result = store.purge_idle()
        assert (result.conversations, result.busy) == (1, 2)
        assert rows.count(quiet) == 0
        assert rows.count(answering) == rows.count(waiting) == 3
        # Rasa's tickets are untouched; the job's own ticket is gone with the job.
        assert ticket_numbers(redis_client, answering) == [0]
        assert ticket_numbers(redis_client, waiting) == [0, 1]
        assert redis_client.exists(RASA_LOCK_KEY_PREFIX + quiet) == 0

        # The turns are over: the next run erases both.
        redis_client.delete(RASA_LOCK_KEY_PREFIX + answering, RASA_LOCK_KEY_PREFIX + waiting)
        result = store.purge_idle()
        assert (result.conversations, result.busy) == (2, 0)
        assert rows.count() == 0
    finally:
        redis_client.delete(RASA_LOCK_KEY_PREFIX + answering, RASA_LOCK_KEY_PREFIX + waiting)


def test_a_ticket_of_a_rasa_that_died_does_not_block_retention(
    redis_client: redis.Redis, idle: tuple[TrackerRows, ConversationStore, list[str]]
) -> None:
    rows, store, (crashed, *_) = idle
    try:
        redis_client.set(RASA_LOCK_KEY_PREFIX + crashed, rasa_lock(crashed, 4, expires_in=-1.0))
        assert store.purge_idle().conversations == 3
        assert rows.count(crashed) == 0
    finally:
        redis_client.delete(RASA_LOCK_KEY_PREFIX + crashed)


def test_a_message_during_the_erasure_waits_behind_the_jobs_turn(
    redis_client: redis.Redis,
) -> None:
    sender = f"tg-{uuid.uuid4().hex[:12]}"
    try:
        with turns_of(redis_client, [sender]) as ours:
            assert ours == [sender]
            assert take_turn(redis_client, sender) is None  # one turn at a time
            # A message arrives: Rasa issues the next ticket (1) and waits while 0 is served.
            raw = json.loads(redis_client.get(RASA_LOCK_KEY_PREFIX + sender) or "{}")
            raw["tickets"].append(json.dumps({"number": 1, "expires": time.time() + 60}))
            redis_client.set(RASA_LOCK_KEY_PREFIX + sender, json.dumps(raw))
            assert ticket_numbers(redis_client, sender) == [0, 1]
        # The job is done: Rasa's ticket is served now, its lock stays.
        assert ticket_numbers(redis_client, sender) == [1]
    finally:
        redis_client.delete(RASA_LOCK_KEY_PREFIX + sender)
