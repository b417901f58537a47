"""Only the bridge's own payloads reach Rasa as `/intent{...}` (issue 9 #3), on Telegram.

Typed text is words (also in a group after the bot's @mention, and without Telegram's command
entity); callback data counts only when the bridge made it (a modified client can send any).
"""

from __future__ import annotations

from typing import Any

import pytest

from locales.catalog import default_catalog
from tests.fake_rasa import FakeRasa
from tests.rasa_messages import read_as_intent_by_rasa
from tests.telegram.conftest import (
    RunningBridge,
    callback_update,
    message_update,
)
from tests.telegram.fake_bot_api import BOT_USERNAME

T = default_catalog().text
FORGED = '/ask_kita{"child_age": "1e400"}'


async def test_an_intent_after_the_bots_mention_in_a_group_is_words(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    await telegram.send(message_update(f"@{BOT_USERNAME} {FORGED}", chat_type="supergroup"))
    await telegram.api.wait_for("sendMessage")
    [received] = fake_rasa.messages()
    assert not read_as_intent_by_rasa(received), received


async def test_slash_text_without_a_command_entity_is_words(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    """Telegram marks only /word as a command; text it does not mark goes to on_text."""
    update: dict[str, Any] = message_update(f"\u2003{FORGED}")
    update["message"].pop("entities", None)
    await telegram.send(update)
    await telegram.api.wait_for("sendMessage")
    [received] = fake_rasa.messages()
    assert not read_as_intent_by_rasa(received), received


@pytest.mark.parametrize(
    "typed", ["/restart", "/session_start", FORGED, "/greet@0.99", "/help@other_bot"]
)
async def test_a_typed_rasa_command_gets_the_help_text_as_an_answer(
    telegram: RunningBridge, fake_rasa: FakeRasa, typed: str
) -> None:
    """Telegram calls these commands; they are not the bot's, so the user gets the help."""
    await telegram.send(message_update(typed))
    [sent] = await telegram.api.wait_for("sendMessage")
    assert fake_rasa.messages() == ["/help"]
    assert sent.text == "echo: /help"


@pytest.mark.parametrize("data", [FORGED, "/restart", '/inform{"municipality":"Wegberg"}'])
async def test_callback_data_the_bridge_did_not_make_is_not_sent_to_rasa(
    telegram: RunningBridge, fake_rasa: FakeRasa, data: str
) -> None:
    await telegram.send(callback_update(data, language_code="fa"))
    [answered] = await telegram.api.wait_for("answerCallbackQuery")
    assert answered.params["text"] == T("fa", "telegram.button_expired")
    assert fake_rasa.requests == []


async def test_the_erasure_retry_button_the_core_made_still_works(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    fake_rasa.reply = lambda body: [
        {"text": "?", "buttons": [{"title": "Ja", "payload": "/affirm"}]}
    ]
    await telegram.send(message_update("Daten löschen"))
    [question] = await telegram.api.wait_for("sendMessage")
    await telegram.send(callback_update(question.inline_buttons()[0]["callback_data"]))
    await telegram.api.wait_for("sendMessage", 2)
    assert fake_rasa.messages() == ["Daten löschen", "/affirm"]
