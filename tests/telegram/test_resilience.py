"""When things go wrong: Rasa down, Telegram's flood limits, a dropped connection; and the logs."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from deploy.processes import free_port
from locales.catalog import default_catalog
from tests.fake_rasa import FakeRasa, Hang, echo
from tests.telegram.conftest import (
    FIRST_NAME,
    USER_ID,
    USERNAME,
    RunningBridge,
    callback_update,
    inline_update,
    message_update,
    running_bridge,
)
from tests.telegram.fake_bot_api import FakeBotApi
from tests.tracker_rows import TrackerRows

T = default_catalog().text


@pytest.mark.parametrize(
    "failure", [503, Hang(3.0), []], ids=["server error", "timeout", "empty answer"]
)
async def test_rasa_failing_gives_the_unavailable_text_and_the_next_message_is_answered(
    telegram: RunningBridge, fake_rasa: FakeRasa, failure: Any
) -> None:
    fake_rasa.reply = lambda body: failure
    await telegram.send(message_update("Hallo", language_code="uk"))
    [sent] = await telegram.api.wait_for("sendMessage", timeout=8)
    assert sent.text == T("uk", "telegram.unavailable")

    fake_rasa.reply = echo
    await telegram.send(message_update("Noch einmal", language_code="uk"))
    await telegram.api.wait_for("sendMessage", 2, timeout=8)
    assert telegram.api.sent_texts()[-1] == "echo: Noch einmal"


async def test_rasa_not_running_gives_the_unavailable_text_in_the_last_answers_language(
    fake_api: FakeBotApi, tracker_rows: TrackerRows
) -> None:
    closed_port = free_port()
    rasa_url = f"http://127.0.0.1:{closed_port}"
    async with running_bridge(fake_api, rasa_url, tracker_rows.url) as telegram:
        # The last answer of the assistant was Persian, though the phone is set to German.
        telegram.bridge.memory.remember(telegram.sender(), "fa")
        await telegram.send(message_update("Hallo", language_code="de"))
        await telegram.send(callback_update(telegram.button("/help"), language_code="de"))
        await telegram.api.wait_for("sendMessage", 2)
        assert telegram.api.sent_texts() == [T("fa", "telegram.unavailable")] * 2
        # Inline mode says nothing in the chat; it only offers the private chat.
        await telegram.send(inline_update("kita wegberg"))
        [answered] = await telegram.api.wait_for("answerInlineQuery")
        assert answered.json("results") == []


# PTB warns about its own future type of RetryAfter.retry_after; the bridge does not read it.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_retry_after_from_telegram_is_waited_out(telegram: RunningBridge) -> None:
    telegram.api.fail_once("sendMessage", "retry_after")
    await telegram.send(message_update("Hallo"))
    [sent] = await telegram.api.wait_for("sendMessage", timeout=8)
    attempts = telegram.api.calls_of("sendMessage", ok_only=False)
    assert [a.status for a in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 1.0  # retry_after: 1
    assert sent.text == "echo: Hallo"


async def test_dropped_connection_to_telegram_is_retried(telegram: RunningBridge) -> None:
    telegram.api.fail_once("sendMessage", "drop")
    await telegram.send(message_update("Hallo"))
    [sent] = await telegram.api.wait_for("sendMessage", timeout=8)
    assert [a.status for a in telegram.api.calls_of("sendMessage", ok_only=False)] == [0, 200]
    assert sent.text == "echo: Hallo"


async def test_logs_hold_no_raw_ids_names_usernames_texts_or_places(
    telegram: RunningBridge, fake_rasa: FakeRasa, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="bot")
    secret_text = "Mein Mann heißt Yusuf Demir"
    await telegram.send(message_update(secret_text))
    await telegram.send(callback_update(telegram.button('/inform{"municipality":"Wegberg"}')))
    await telegram.send(message_update(location={"latitude": 51.0664, "longitude": 6.3131}))
    await telegram.send(
        message_update(voice={"file_id": "v", "file_unique_id": "u", "duration": 1})
    )
    await telegram.send(inline_update("kita in wegberg"))
    await telegram.api.wait_for("sendMessage", 4)
    await telegram.api.wait_for("answerInlineQuery")
    fake_rasa.reply = lambda body: 500
    await telegram.send(message_update(secret_text))
    await telegram.api.wait_for("sendMessage", 5)

    logged = caplog.text
    assert telegram.sender() in logged  # the pseudonym is how a conversation is traced
    for private in (str(USER_ID), FIRST_NAME, USERNAME, "Yusuf", "Wegberg", "51.06", "6.31"):
        assert private not in logged, f"{private!r} was logged"
