"""One user flooding the bridge does not hold up everyone else (issue 9 #5), and a steady
stream of one chat is capped a minute.

The bridge serves 64 updates at once, and a user's turns wait for each other. Before, a user
forwarding 100 messages while the assistant was slow filled all 64 slots; another user's
message waited until the flood was through (minutes when Rasa is slow).
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from bot.telegram.message_rate import MessageRate
from bot.telegram.pending import MAX_PENDING_TURNS, PendingTurns
from locales.catalog import default_catalog
from tests.fake_rasa import FakeRasa, echo
from tests.telegram.conftest import USER_ID, RunningBridge, message_update

T = default_catalog().text
FLOODER = USER_ID
OTHER = USER_ID + 1
FLOOD = 100


async def test_a_flood_of_forwarded_messages_does_not_keep_others_waiting(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    release = threading.Event()
    flooder = telegram.sender(FLOODER)
    telegram.bridge.rate = MessageRate(per_minute=1000)  # this test is about the pending cap

    def slow_for_the_flooder(body: dict[str, Any]) -> Any:
        if body["sender"] == flooder:
            release.wait(1.5)  # Rasa busy with the flood (under the bridge's 2 s timeout)
        return echo(body)

    fake_rasa.reply = slow_for_the_flooder
    for n in range(FLOOD):
        forwarded = message_update(f"Weitergeleitet {n}", language_code="uk")
        forwarded["message"]["forward_origin"] = {
            "type": "hidden_user",
            "date": 0,
            "sender_user_name": "X",
        }
        await telegram.send(forwarded)
    await telegram.send(message_update("Kita in Wegberg", user_id=OTHER))

    # The other user is answered while the flood is still waiting for Rasa.
    await telegram.api.wait_for("sendMessage", where=lambda c: c.chat_id == OTHER, timeout=1.2)
    assert not release.is_set()
    told = await telegram.api.wait_for(
        "sendMessage", where=lambda c: c.text == T("uk", "telegram.one_at_a_time")
    )
    assert len(told) == 1  # said once, not 95 times
    release.set()

    answered = await telegram.api.wait_for(
        "sendMessage",
        MAX_PENDING_TURNS,
        where=lambda c: c.chat_id == FLOODER and c.text.startswith("echo:"),
        timeout=10,
    )
    flooded = [r for r in fake_rasa.requests if r["sender"] == flooder]
    assert len(flooded) == MAX_PENDING_TURNS == len(answered)

    # once the queue is empty the user is served again
    await telegram.send(message_update("Danke", language_code="uk"))
    await telegram.api.wait_for("sendMessage", where=lambda c: c.text == "echo: Danke")
    deadline = time.monotonic() + 2
    while len(telegram.bridge.pending) and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert len(telegram.bridge.pending) == 0  # nothing kept of a user who is answered


def test_pending_turns_are_capped_per_sender_and_forgotten_when_answered() -> None:
    pending = PendingTurns(limit=2)
    assert pending.enter("a") and pending.enter("a")
    assert not pending.enter("a")
    assert pending.enter("b")  # another user is not affected
    assert pending.tell("a") and not pending.tell("a")
    pending.leave("a")
    assert pending.enter("a")
    pending.leave("a")
    pending.leave("a")
    pending.leave("b")
    assert len(pending) == 0
    assert pending.tell("a")  # a new flood is told again


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_more_messages_a_minute_than_the_cap_are_not_answered_and_told_once(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    clock = FakeClock()
    telegram.bridge.rate = MessageRate(per_minute=3, clock=clock)
    for n in range(6):
        await telegram.send(message_update(f"Nachricht {n}", language_code="tr"))
        clock.now += 1
    await telegram.send(message_update("Kita in Wegberg", user_id=OTHER))
    told = await telegram.api.wait_for(
        "sendMessage", where=lambda c: c.text == T("tr", "telegram.too_fast")
    )
    answered = await telegram.api.wait_for(
        "sendMessage",
        3,
        where=lambda c: c.chat_id == FLOODER and c.text.startswith("echo:"),
        timeout=10,
    )
    await telegram.api.wait_for("sendMessage", where=lambda c: c.chat_id == OTHER)
    assert [c.text for c in answered] == [f"echo: Nachricht {n}" for n in range(3)]
    assert len(told) == 1  # once, not for each of the three dropped messages
    flooder = telegram.sender(FLOODER)
    assert [r["message"] for r in fake_rasa.requests if r["sender"] == flooder] == [
        f"Nachricht {n}" for n in range(3)
    ]

    clock.now += 60  # a minute later the chat is answered again
    await telegram.send(message_update("Danke", language_code="tr"))
    await telegram.api.wait_for("sendMessage", where=lambda c: c.text == "echo: Danke")


def test_the_message_rate_forgets_whom_it_told_once_they_are_admitted_again() -> None:
    clock = FakeClock()
    rate = MessageRate(per_minute=1, clock=clock)
    assert rate.admit("a") and not rate.admit("a")
    assert rate.admit("b")  # another chat is not affected
    assert rate.tell("a") and not rate.tell("a")
    clock.now += 61
    assert rate.admit("a")
    assert not rate.admit("a") and rate.tell("a")  # a new burst is told again


def test_the_message_rate_does_not_keep_senders_who_never_wrote_again() -> None:
    clock = FakeClock()
    rate = MessageRate(per_minute=1, clock=clock)
    for sender in ("a", "b"):
        assert rate.admit(sender) and not rate.admit(sender) and rate.tell(sender)
    clock.now += 61
    assert rate.admit("c") and not rate.admit("c") and rate.tell("c")
    assert list(rate._told) == ["c"]  # "a" and "b" went quiet a minute ago
