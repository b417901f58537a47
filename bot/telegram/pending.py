"""A cap on one user's turns waiting to be answered, so one user cannot take every update slot.

The bridge serves updates concurrently in a fixed number of slots (app.CONCURRENT_UPDATES), and
a user's turns wait for each other (the core's per-sender lock) while holding a slot. A user
forwarding 100 messages would fill all of them and everyone else would wait. Beyond the cap a
turn is dropped at once and the user is told, once per full queue, to write one at a time.
"""

from __future__ import annotations

MAX_PENDING_TURNS = 5  # the one being answered and four more: quick short messages still pass


class PendingTurns:
    """Counts each sender's turns between arrival and answer; memory only for active senders."""

    def __init__(self, limit: int = MAX_PENDING_TURNS) -> None:
        self.limit = limit
        self._count: dict[str, int] = {}
        self._told: set[str] = set()

    def enter(self, sender: str) -> bool:
        """Admits a turn of `sender` (True), or refuses it when their queue is full (False)."""
        if self._count.get(sender, 0) >= self.limit:
            return False
        self._count[sender] = self._count.get(sender, 0) + 1
        return True

    def leave(self, sender: str) -> None:
        """An admitted turn is answered (or failed); an empty queue forgets the sender."""
        left = self._count.get(sender, 0) - 1
        if left > 0:
            self._count[sender] = left
        else:
            self._count.pop(sender, None)
            self._told.discard(sender)

    def tell(self, sender: str) -> bool:
        """Whether to tell `sender` that turns were dropped: once until their queue empties."""
        if sender in self._told:
            return False
        self._told.add(sender)
        return True

    def __len__(self) -> int:
        return len(self._count)
