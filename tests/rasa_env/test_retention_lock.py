"""conversation_store/rasa_lock.py writes Rasa's own lock format: Rasa's RedisLockStore reads the
retention job's ticket, makes a new message wait behind it and serves it once the job is done.
Runs in Rasa's environment against the real Redis (as the cluster does)."""

from __future__ import annotations

import uuid

import pytest
import redis
from rasa.core.lock_store import RedisLockStore

from conversation_store.rasa_lock import end_turn, take_turn
from tests.redis_support import reachable_redis


@pytest.fixture
def red() -> redis.Redis:
    return reachable_redis()


def test_rasa_waits_behind_the_retention_jobs_turn_and_is_served_after_it(
    red: redis.Redis,
) -> None:
    sender = f"tg-{uuid.uuid4().hex[:12]}"
    connection = red.connection_pool.connection_kwargs
    store = RedisLockStore(host=connection["host"], port=connection["port"], db=connection["db"])
    try:
        job = take_turn(red, sender)
        assert job is not None
        ticket = store.issue_ticket(sender)  # a message arrives while the job erases
        lock = store.get_lock(sender)
        assert lock is not None and lock.is_locked(ticket)
        assert take_turn(red, sender) is None  # the job never jumps a queue
        end_turn(red, sender, job)
        lock = store.get_lock(sender)
        assert lock is not None and not lock.is_locked(ticket)
        store.cleanup(sender, ticket)
        assert store.get_lock(sender) is None
        # An idle conversation again: the job gets its turn.
        job = take_turn(red, sender)
        assert job is not None
        end_turn(red, sender, job)
        assert red.exists("lock:" + sender) == 0
    finally:
        red.delete("lock:" + sender)
