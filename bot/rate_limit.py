"""A light sliding-window rate limit (web chat sessions and addresses, Telegram chats): enough
to stop a script hammering Rasa, never a person typing.

A sliding window of request times per key, in memory. Keys that fell silent are dropped, so
memory stays bounded by the number of sessions active within one window.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """At most `limit` hits per `window_s` seconds per key."""

    def __init__(
        self,
        limit: int,
        window_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str) -> float:
        """Records a hit; returns 0 when allowed, else the seconds until the next one is."""
        now = self._clock()
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= self._max_keys:
                self._sweep(now)
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(hits[0] + self.window_s - now, 0.001)
        hits.append(now)
        return 0.0

    @staticmethod
    def retry_after_header(wait_s: float) -> str:
        """Retry-After in whole seconds, rounded up (the header takes integers)."""
        return str(max(1, math.ceil(wait_s)))

    def _sweep(self, now: float) -> None:
        """Drops keys with no hit inside the window; if none, the oldest half (a flood)."""
        stale = [k for k, h in self._hits.items() if not h or h[-1] <= now - self.window_s]
        for key in stale:
            del self._hits[key]
        if len(self._hits) >= self._max_keys:
            oldest = sorted(self._hits, key=lambda k: self._hits[k][-1])
            for key in oldest[: len(oldest) // 2]:
                del self._hits[key]
