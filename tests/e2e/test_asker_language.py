"""The reply comes in the asker's language when the message carries German words from letters
and signs, or is Russian or Arabic typed in Latin letters (issue 10). Real Rasa server, action
server and database; the language is read from the `turn` message that closes every answer."""

from __future__ import annotations

import pytest

from contract.messages import LANGUAGE_KEY, TYPE_KEY, PayloadType
from tests.e2e.conftest import Assistant, customs, new_sender

pytestmark = pytest.mark.rasa

# (message, language, intent, municipality)
MESSAGES = [
    ("وين بلاقي Sprachcafé بهاينسبرغ؟", "ar", None, "Heinsberg"),
    ("Je dois aller au Jobcenter ou à la Volkshochschule pour le cours ?", "fr", None, None),
    ("Мне нужен Berechtigungsschein для курса, где его взять?", "ru", None, None),
    ("Where do I find the Kita-Portal for Hückelhoven?", "en", "ask_kita", "Hückelhoven"),
    ("Ausländerbehörde mektubu geldi, kim yardım eder?", "tr", "ask_counseling", None),
    ("gde kursy nemeckogo v Erkelenze", "ru", "ask_language_course", "Erkelenz"),
    ("fi kurs almani b Heinsberg? 3ayez a3ref", "ar", "ask_language_course", "Heinsberg"),
]


def reply_language(messages: list[dict]) -> str | None:
    turns = [c for c in customs(messages) if c.get(TYPE_KEY) == PayloadType.TURN]
    assert turns, f"no turn message in {messages}"
    return turns[-1][LANGUAGE_KEY]


@pytest.mark.parametrize(("text", "language", "intent", "municipality"), MESSAGES)
def test_parse_reports_the_askers_language(
    assistant: Assistant, text: str, language: str, intent: str | None, municipality: str | None
) -> None:
    result = assistant.parse(text)
    assert result["language"]["code"] == language
    if intent:
        assert result["intent"]["name"] == intent
    if municipality:
        found = {e["value"] for e in result["entities"] if e["entity"] == "municipality"}
        assert municipality in found


@pytest.mark.parametrize(("text", "language"), [(m[0], m[1]) for m in MESSAGES])
def test_first_message_from_a_phone_set_to_german_is_answered_in_the_askers_language(
    assistant: Assistant, text: str, language: str
) -> None:
    reply = assistant.say(new_sender(), text, language_hint="de")
    assert reply_language(reply) == language


@pytest.mark.parametrize(("text", "language"), [(m[0], m[1]) for m in MESSAGES])
def test_a_german_conversation_switches_to_the_askers_language(
    assistant: Assistant, text: str, language: str
) -> None:
    sender = new_sender()
    assert reply_language(assistant.say(sender, "Hallo, guten Tag")) == "de"
    assert reply_language(assistant.say(sender, text)) == language


def test_a_short_reply_with_a_german_word_keeps_the_conversations_language(
    assistant: Assistant,
) -> None:
    sender = new_sender()
    assert reply_language(assistant.say(sender, "أين أجد روضة أطفال لابني؟")) == "ar"
    assert reply_language(assistant.say(sender, "Kita Wegberg")) == "ar"
    assert reply_language(assistant.say(sender, "ok danke")) == "ar"
