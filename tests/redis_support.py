"""The real Redis the tests use, from both environments (ours and Rasa's): skipped with a reason
where it is missing, a failure on CI (CI=true), where a missing service is a defect."""

from __future__ import annotations

import os

import pytest
import redis

REDIS_URL = os.environ.get("REDIS_URL_TEST", "redis://127.0.0.1:6379/15")


def reachable_redis(url: str = REDIS_URL) -> redis.Redis:
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        message = f"Redis not reachable at {url}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return client
