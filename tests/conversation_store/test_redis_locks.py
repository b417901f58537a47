"""With REDIS_URL, erasure also removes the conversation's entry in Rasa's Redis lock store."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import redis

from conversation_store.settings import ConversationStoreSettings
from conversation_store.store import RASA_LOCK_KEY_PREFIX, ConversationStore
from tests.tracker_rows import TrackerRows

REDIS_URL = os.environ.get("REDIS_URL_TEST", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_client() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        message = f"Redis not reachable at {REDIS_URL}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return client


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
