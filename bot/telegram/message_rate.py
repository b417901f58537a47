"""A cap on one chat's messages a minute, so a script or a stuck forward loop cannot keep Rasa
busy answering one conversation.

The pending-turns cap (bot.telegram.pending) stops a burst from holding every update slot; this
stops a steady stream: beyond `per_minute` messages in any minute a message is not answered,
and the user is told once, in their language, to wait a minute. A person typing never gets near
it (30 a minute is a message every two seconds, all minute long).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.rate_limit import RateLimiter

MESSAGES_PER_MINUTE = 30
WINDOW_S = 60.0


class MessageRate:
    """Counts each sender's messages in a sliding minute; remembers whom it told to wait."""

    def __init__(
        self, per_minute: int = MESSAGES_PER_MINUTE, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._limiter = RateLimiter(per_minute, WINDOW_S, clock)
        self._told: dict[str, float] = {}  # sender -> when told

    def admit(self, sender: str) -> bool:
        """Records a message of `sender`: True when it is answered, False when over the cap."""
        if self._limiter.hit(sender) > 0:
            return False
        self._told.pop(sender, None)  # a new burst is told again
        return True

    def tell(self, sender: str) -> bool:
        """Whether to tell `sender` to wait: once per burst over the cap."""
        if sender in self._told:
            return False
        now = self._clock()
        # A sender told a window ago is admitted at their next message anyway; one who never
        # wrote again must not stay here for good.
        for stale in [s for s, told in self._told.items() if told <= now - WINDOW_S]:
            del self._told[stale]
        self._told[sender] = now
        return True
