"""Answers the host sent lately, by session and the widget's message id.

The widget retries a message until it gets an answer. When only the answer was lost (a phone
changing networks), the retry must not reach Rasa a second time: it gets the same answer again.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class RecentAnswers:
    """A small time-limited cache: (sender, message id) → answer."""

    def __init__(
        self,
        ttl_s: float = 600.0,
        max_entries: int = 5000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_s
        self._max = max_entries
        self._clock = clock
        self._answers: OrderedDict[tuple[str, str], tuple[float, dict[str, Any]]] = OrderedDict()

    def get(self, sender: str, message_id: str | None) -> dict[str, Any] | None:
        if message_id is None:
            return None
        entry = self._answers.get((sender, message_id))
        if entry is None or entry[0] < self._clock():
            return None
        return entry[1]

    def put(self, sender: str, message_id: str | None, answer: dict[str, Any]) -> None:
        if message_id is None:
            return
        self._answers[(sender, message_id)] = (self._clock() + self._ttl, answer)
        self._answers.move_to_end((sender, message_id))
        while len(self._answers) > self._max:
            self._answers.popitem(last=False)

    def forget(self, sender: str) -> None:
        """Drops a sender's answers (their conversation was deleted)."""
        for key in [k for k in self._answers if k[0] == sender]:
            del self._answers[key]
