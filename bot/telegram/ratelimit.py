"""Telegram's flood limits: PTB's AIORateLimiter, plus a few retries when the network fails.

AIORateLimiter paces requests (30 a second overall, 20 a minute per group) and, on a 429,
waits the `retry_after` Telegram asks for and tries again. It does not retry network errors,
which a bot on a mobile uplink or behind a flaky proxy sees now and then.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, TimedOut
from telegram.ext import AIORateLimiter

logger = logging.getLogger(__name__)

RETRY_AFTER_RETRIES = 3
NETWORK_RETRIES = 2
NETWORK_BACKOFF_S = 0.5


class PatientRateLimiter(AIORateLimiter):
    """AIORateLimiter that honours RetryAfter and retries failed connections."""

    def __init__(self, network_backoff_s: float = NETWORK_BACKOFF_S) -> None:
        super().__init__(max_retries=RETRY_AFTER_RETRIES)
        self._backoff = network_backoff_s

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        for attempt in range(NETWORK_RETRIES + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except (BadRequest, TimedOut):
                # A bad request stays bad; after a timeout Telegram may have delivered the
                # message already, and a retry would send it twice.
                raise
            except NetworkError as exc:
                # getUpdates has its own retry loop in PTB's Updater.
                if attempt == NETWORK_RETRIES or endpoint == "getUpdates":
                    raise
                logger.warning("%s failed (%s), retrying", endpoint, type(exc).__name__)
                await asyncio.sleep(self._backoff * (attempt + 1))
        raise AssertionError("unreachable")
