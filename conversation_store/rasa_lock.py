"""A turn in Rasa's conversation lock, taken by the retention job.

Rasa answers a message while holding a ticket in the conversation's lock (Redis key
`lock:<sender>`, a JSON `TicketLock` of rasa.core.lock: {"conversation_id", "tickets": [JSON
{"number", "expires"}]}); the ticket served is the first one left. Rasa's SQL tracker store saves
a turn by appending the events the table lacks: had the retention job erased the conversation
between Rasa loading it and saving it, the whole old conversation would be written back. So the
job erases a conversation only while it holds the served ticket itself: when another ticket is
there (a turn in flight or waiting) it leaves the conversation for its next run; while it holds
the ticket, a new message waits for it in Rasa and then starts a fresh conversation. Every change
is one Redis transaction (WATCH/MULTI), as in deploy/rasa_lock_store.py. Only json, time and
redis: importable next to Rasa too (tests/rasa_env checks the format against Rasa's own class).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import redis

LOCK_KEY_PREFIX = "lock:"  # rasa.core.lock_store.DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX
# As rasa.core.lock_store.LOCK_LIFETIME: the ticket of a job that died expires on its own.
TICKET_LIFETIME_S = 60.0
T = TypeVar("T")


def _live_tickets(raw: Any, now: float) -> list[dict[str, float]]:
    if not raw:
        return []
    tickets = [json.loads(t) for t in json.loads(raw).get("tickets", [])]
    return [t for t in tickets if t["expires"] >= now]


def _dump(sender: str, tickets: list[dict[str, float]]) -> str:
    return json.dumps({"conversation_id": sender, "tickets": [json.dumps(t) for t in tickets]})


def _change(
    red: redis.Redis, sender: str, change: Callable[[list[dict[str, float]]], tuple[T, Any]]
) -> T:
    """Applies `change` to the live tickets in one transaction; it returns (result, new tickets
    or None to leave the key as it is); an empty list deletes the key."""
    key = LOCK_KEY_PREFIX + sender
    with red.pipeline() as pipe:
        while True:
            try:
                pipe.watch(key)
                tickets = _live_tickets(pipe.get(key), time.time())
                result, new = change(tickets)
                pipe.multi()
                if new is not None:
                    if new:
                        pipe.set(key, _dump(sender, new))
                    else:
                        pipe.delete(key)
                pipe.execute()
                return result
            except redis.WatchError:
                continue  # Rasa changed the lock meanwhile: read it again


def take_turn(red: redis.Redis, sender: str) -> int | None:
    """Issues the job a ticket when nobody else holds or waits for one; its number, else None."""

    def issue(tickets: list[dict[str, float]]) -> tuple[int | None, Any]:
        if tickets:
            return None, None  # a turn is in flight or waiting: leave the lock alone
        # Rasa numbers tickets from NO_TICKET_ISSUED + 1 = 0 when the lock is empty.
        mine = {"number": 0, "expires": time.time() + TICKET_LIFETIME_S}
        return 0, [mine]

    return _change(red, sender, issue)


def end_turn(red: redis.Redis, sender: str, number: int) -> None:
    """Withdraws the job's ticket; the lock stays for whoever waits behind it."""

    def withdraw(tickets: list[dict[str, float]]) -> tuple[None, Any]:
        return None, [t for t in tickets if t["number"] != number]

    _change(red, sender, withdraw)


@contextmanager
def turns_of(red: redis.Redis, senders: list[str]) -> Iterator[list[str]]:
    """The senders whose turn the job got (held until the block ends); the others are busy."""
    held: dict[str, int] = {}
    try:
        for sender in senders:
            number = take_turn(red, sender)
            if number is not None:
                held[sender] = number
        yield list(held)
    finally:
        for sender, number in held.items():
            end_turn(red, sender, number)
