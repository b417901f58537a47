"""Every action that answers closes with the `turn` payload: channels read the language there."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import ActionGreet, ActionHelp
from actions.safety import ActionEmergency
from contract.messages import PayloadType, payload_type, read_turn
from tests.actions.conftest import make_tracker


@pytest.mark.parametrize(
    ("action", "text", "intent", "language"),
    [
        (ActionGreet(), "مرحبا", "greet", "ar"),
        (ActionHelp(), "what can you do", "help", "en"),
        (ActionEmergency(), "Hilfe mein Mann schlägt mich", "emergency", "de"),
    ],
)
def test_every_answer_ends_with_the_reply_language(action, text, intent, language) -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent, language=(language, 0.99))
    asyncio.run(action.run(dispatcher, tracker, {}))
    assert payload_type(dispatcher.messages[-1]["custom"]) is PayloadType.TURN
    outcome = read_turn(dispatcher_as_rest(dispatcher.messages))
    assert outcome.language == language
    assert not outcome.erase_requested
    assert outcome.messages and all("custom" not in m or m["custom"] for m in outcome.messages)
    assert all(payload_type(m.get("custom")) is not PayloadType.TURN for m in outcome.messages)


def dispatcher_as_rest(messages: list[dict]) -> list[dict]:
    """What Rasa's REST channel makes of dispatched messages: `json_message` becomes `custom`."""
    return [{k: v for k, v in m.items() if v not in (None, [], {})} for m in messages]
