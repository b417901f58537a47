"""Fuzz: a thousand hostile updates through the real bridge, the fake Bot API and the fake Rasa.

Private messages, @mentions in a group, callback data and inline queries with hostile text
(issue 9). Every update gets its answer (a message, an answered callback or inline query);
every text sent is valid, escaped Telegram HTML within Telegram's length limit; no handler
fails (nothing logged as an error); the bridge keeps answering afterwards.
"""

from __future__ import annotations

import asyncio
import html
import logging
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from telegram.ext import AIORateLimiter

import bot.telegram.app
from bot.telegram.ratelimit import RETRY_AFTER_RETRIES, PatientRateLimiter
from tests.fake_rasa import FakeRasa
from tests.hostile_inputs import hostile_text
from tests.telegram.conftest import (
    callback_update,
    inline_update,
    message_update,
    running_bridge,
)
from tests.telegram.fake_bot_api import BOT_USERNAME, FakeBotApi
from tests.tracker_rows import TrackerRows

UPDATES = 1000
TELEGRAM_TEXT_LIMIT = 4096  # UTF-16 code units after parsing
FIRST_USER = 500_000


class Unpaced(PatientRateLimiter):
    """The bridge's limiter without Telegram's pacing (30 requests a second overall).

    The pacing protects Telegram's servers, not the bridge; against the fake API it would make
    a thousand updates take a minute. Retries stay as they are.
    """

    def __init__(self) -> None:
        super().__init__()
        AIORateLimiter.__init__(
            self, overall_max_rate=0, group_max_rate=0, max_retries=RETRY_AFTER_RETRIES
        )


def generated_updates() -> list[tuple[str, str]]:
    """(kind, text) pairs drawn by Hypothesis: no shrinking, only many different inputs."""
    drawn: list[tuple[str, str]] = []

    @settings(
        max_examples=UPDATES,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        kind=st.sampled_from(["private", "private", "group", "callback", "inline"]),
        text=hostile_text(),
    )
    def draw(kind: str, text: str) -> None:
        drawn.append((kind, text))

    draw()
    return drawn


def update_for(kind: str, text: str, user_id: int) -> dict[str, Any]:
    if kind == "private":
        return message_update(text, user_id=user_id)
    if kind == "group":
        return message_update(f"@{BOT_USERNAME} {text}", chat_type="supergroup", user_id=user_id)
    if kind == "callback":
        return callback_update(text, user_id=user_id)
    update = inline_update(text)
    update["inline_query"]["from"]["id"] = user_id
    return update


def answered_keys(api: FakeBotApi) -> set[tuple[str, Any]]:
    """What the bridge answered so far: (kind, chat / message / query id) pairs."""
    keys: set[tuple[str, Any]] = set()
    for call in api.calls_of("sendMessage"):
        keys.add(("private", call.chat_id))
        if "reply_parameters" in call.params:
            keys.add(("group", call.json("reply_parameters")["message_id"]))
    for call in api.calls_of("answerCallbackQuery"):
        keys.add(("callback", call.params["callback_query_id"]))
    for call in api.calls_of("answerInlineQuery"):
        keys.add(("inline", call.params["inline_query_id"]))
    return keys


def expected_key(kind: str, update: dict[str, Any], user_id: int) -> tuple[str, Any]:
    """The answer `update` must get, in the terms of answered_keys."""
    if kind == "private":
        return kind, user_id
    if kind == "group":
        return kind, update["message"]["message_id"]
    if kind == "callback":
        return kind, update["callback_query"]["id"]
    return kind, update["inline_query"]["id"]


def check_sent_text(text: str) -> None:
    """Escaped HTML (markup shown as text, never parsed), not empty, within Telegram's limit."""
    assert text.strip(), "an empty message"
    shown = html.unescape(text)
    assert html.escape(shown, quote=False) == text, text[:200]
    assert len(shown.encode("utf-16-le")) // 2 <= TELEGRAM_TEXT_LIMIT


async def test_hostile_updates_are_all_answered_escaped_and_nothing_fails(
    fake_api: FakeBotApi,
    fake_rasa: FakeRasa,
    tracker_rows: TrackerRows,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    record_property: Any,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(bot.telegram.app, "PatientRateLimiter", Unpaced)
    caplog.set_level(logging.WARNING)
    drawn = generated_updates()
    started = time.monotonic()
    # Generous timeouts: on a busy machine a thousand turns at once queue up; "all answered"
    # is the claim, the time it took is only reported.
    async with running_bridge(
        fake_api, fake_rasa.url, tracker_rows.url, rasa_timeout_s=20.0
    ) as telegram:
        sent = []
        for n, (kind, text) in enumerate(drawn):
            update = update_for(kind, text, FIRST_USER + n)
            await telegram.send(update)
            sent.append((kind, update, FIRST_USER + n))
        deadline = time.monotonic() + 120
        waiting = sent
        while waiting and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            done = answered_keys(fake_api)
            waiting = [s for s in waiting if expected_key(*s) not in done]
        assert not waiting, [
            (kind, u.get("message", u).get("text", "")[:80]) for kind, u, _ in waiting[:5]
        ]
        seconds = time.monotonic() - started

        texts = fake_api.sent_texts()
        for text in texts:
            check_sent_text(text)
        for call in fake_api.calls_of("sendMessage"):
            assert call.params.get("parse_mode") == "HTML"

        # the bridge keeps answering
        await telegram.send(message_update("Hallo", user_id=FIRST_USER - 1))
        await fake_api.wait_for("sendMessage", where=lambda c: c.text == "echo: Hallo")

    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors[:5]]
    kinds = Counter(kind for kind, _ in drawn)
    print(
        f"\nTelegram fuzz: {len(drawn)} updates in {seconds:.1f} s ({dict(kinds)}), all answered, "
        f"{len(texts)} messages sent, all escaped HTML within {TELEGRAM_TEXT_LIMIT} characters, "
        f"{len(fake_rasa.requests)} turns reached Rasa, 0 handler errors"
    )
    record_property("telegram_fuzz_updates", len(drawn))
    assert len(drawn) >= UPDATES * 0.9
