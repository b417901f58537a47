"""The real bridge between the fake Bot API and a scripted Rasa: updates in, API calls out."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from bot.telegram.commands import COMMAND_INTENTS
from contract.messages import erase_payload, turn_payload
from locales.catalog import default_catalog
from tests.fake_rasa import FakeRasa
from tests.telegram.conftest import (
    USER_ID,
    RunningBridge,
    callback_update,
    message_update,
)
from tests.tracker_rows import TrackerRows, refusing_deletes

T = default_catalog().text
CARD = {
    "id": "kita-wegberg-1",
    "title": "Kita Sonnenschein",
    "category": "kita",
    "site": "Kita Sonnenschein",
    "address": "Hauptstraße 1, 41844 Wegberg",
    "municipality": "Wegberg",
    "lat": 51.1417,
    "lon": 6.2842,
    "map_url": "https://www.openstreetmap.org/?mlat=51.14170&mlon=6.28420",
    "distance_km": None,
}


def answer(*messages: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"recipient_id": "x", **m} for m in messages]


async def test_text_goes_to_rasa_with_pseudonym_and_metadata(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    await telegram.send(message_update("Kita in Wegberg", language_code="uk"))
    [sent] = await telegram.api.wait_for("sendMessage")
    [request] = fake_rasa.requests
    assert request["message"] == "Kita in Wegberg"
    assert request["metadata"] == {"chat_type": "private", "language_hint": "uk"}
    assert request["sender"] == telegram.sender()
    assert request["sender"].startswith("tg-") and len(request["sender"]) == 3 + 24
    assert str(USER_ID) not in json.dumps(request)
    assert sent.chat_id == USER_ID
    assert sent.text == "echo: Kita in Wegberg"


async def test_typing_indicator_is_shown_before_the_answer(telegram: RunningBridge) -> None:
    await telegram.send(message_update("Hallo"))
    await telegram.api.wait_for("sendMessage")
    methods = [c.method for c in telegram.api.calls if c.method != "getUpdates"]
    typing = methods.index("sendChatAction")
    assert typing < methods.index("sendMessage")
    assert telegram.api.calls_of("sendChatAction")[0].params["action"] == "typing"


@pytest.mark.parametrize(("command", "intent"), sorted(COMMAND_INTENTS.items()))
async def test_command_sends_its_intent(
    telegram: RunningBridge, fake_rasa: FakeRasa, command: str, intent: str
) -> None:
    await telegram.send(message_update(f"/{command}"))
    await telegram.api.wait_for("sendMessage")
    assert fake_rasa.messages() == [intent]


def test_commands_are_the_six_of_the_menu() -> None:
    assert COMMAND_INTENTS == {
        "start": "/greet",
        "language": "/change_language",
        "help": "/help",
        "human": "/request_human",
        "delete": "/delete_my_data",
        "volunteer": "/volunteer_mode",
    }


async def test_unknown_command_and_typed_payload_get_help(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    await telegram.send(message_update("/foo"))
    await telegram.api.wait_for("sendMessage")
    await telegram.send(message_update('/inform{"offer_ref":"x"}'))
    await telegram.api.wait_for("sendMessage", 2)
    assert fake_rasa.messages() == ["/help", "/help"]


async def test_command_menu_is_published_in_every_language(telegram: RunningBridge) -> None:
    catalog = default_catalog()
    calls = telegram.api.calls_of("setMyCommands")
    by_language = {c.params.get("language_code"): c.json("commands") for c in calls}
    assert set(by_language) == {*catalog.codes, None}
    assert {"de", "en", "ar", "fa", "uk", "ru", "tr", "fr"} <= set(by_language)
    for code, commands in by_language.items():
        language = code or "de"
        assert [c["command"] for c in commands] == list(COMMAND_INTENTS)
        assert [c["description"] for c in commands] == [
            T(language, f"telegram.command.{name}") for name in COMMAND_INTENTS
        ]
    # Each language reads its own menu: no two menus are the same.
    described = [json.dumps(c) for code, c in by_language.items() if code]
    assert len(set(described)) == len(described)


async def test_buttons_become_an_inline_keyboard_and_a_tap_sends_the_payload_back(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    municipalities = ["Erkelenz", "Gangelt", "Wegberg"]
    fake_rasa.reply = lambda body: answer(
        {
            "text": "In welcher Stadt wohnen Sie?",
            "buttons": [
                {"title": m, "payload": f'/inform{{"municipality":"{m}"}}'} for m in municipalities
            ],
        }
    )
    await telegram.send(message_update("Kita"))
    [question] = await telegram.api.wait_for("sendMessage")
    buttons = question.inline_buttons()
    assert [b["text"] for b in buttons] == municipalities
    tapped = buttons[2]["callback_data"]
    # the payload itself with the bridge's signature: a tap works after a restart too
    assert tapped.startswith('/inform{"municipality":"Wegberg"}~')

    fake_rasa.reply = lambda body: answer({"text": "Kitas in Wegberg"})
    update = callback_update(tapped)
    await telegram.send(update)
    await telegram.api.wait_for("sendMessage", 2)
    [answered] = telegram.api.calls_of("answerCallbackQuery")
    assert answered.params["callback_query_id"] == update["callback_query"]["id"]
    assert fake_rasa.messages()[-1] == '/inform{"municipality":"Wegberg"}'
    assert telegram.api.sent_texts()[-1] == "Kitas in Wegberg"


async def test_payload_longer_than_callback_data_goes_through_a_short_key(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    long_payload = '/inform{"offer_ref":"' + "x" * 80 + '"}'
    fake_rasa.reply = lambda body: answer(
        {"text": "Ergebnisse", "buttons": [{"title": "ℹ️ Details 1", "payload": long_payload}]}
    )
    await telegram.send(message_update("Kita Wegberg"))
    [results] = await telegram.api.wait_for("sendMessage")
    data = results.inline_buttons()[0]["callback_data"]
    assert len(data.encode()) <= 64 and data != long_payload

    await telegram.send(callback_update(data))
    await telegram.api.wait_for("sendMessage", 2)
    assert fake_rasa.messages()[-1] == long_payload


async def test_expired_button_is_answered_with_an_alert_and_not_sent_to_rasa(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    await telegram.send(callback_update("~unknownkey", language_code="tr"))
    [answered] = await telegram.api.wait_for("answerCallbackQuery")
    assert answered.params["text"] == T("tr", "telegram.button_expired")
    assert answered.params["show_alert"] == "true"
    assert fake_rasa.requests == []


async def test_location_request_offers_a_share_button_and_a_location_goes_to_inform(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    fake_rasa.reply = lambda body: answer(
        {
            "text": "Kita: in welchem Ort wohnen Sie?",
            "buttons": [{"title": "Wegberg", "payload": "/x"}],
        },
        {"custom": {"type": "request_location", "language": "ar"}},
        {"custom": turn_payload("ar")},
    )
    await telegram.send(message_update("Kita"))
    question, prompt = await telegram.api.wait_for("sendMessage", 2)
    assert question.inline_buttons()
    assert prompt.text == T("ar", "telegram.location_prompt")
    [[button]] = prompt.markup()["keyboard"]
    assert button == {"text": T("ar", "telegram.share_location"), "request_location": True}

    fake_rasa.reply = lambda body: answer({"text": "Kitas in Ihrer Nähe"})
    location = {"latitude": 51.0664, "longitude": 6.3131}
    await telegram.send(message_update(location=location))
    [*_, results] = await telegram.api.wait_for("sendMessage", 3)
    request = fake_rasa.requests[-1]
    assert request["message"] == "/inform"
    assert request["metadata"]["location"] == {"lat": 51.0664, "lon": 6.3131}
    # The location keyboard goes away with the answer.
    assert results.markup() == {"remove_keyboard": True}


async def test_offer_details_are_followed_by_a_venue_and_lists_are_not_repeated(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    fake_rasa.reply = lambda body: answer(
        {"text": "Kita Sonnenschein\nAdresse: Hauptstraße 1"},
        {"custom": {"type": "offer_details", "offer": CARD, "language": "de"}},
    )
    await telegram.send(message_update('/inform{"offer_ref":"kita-wegberg-1"}'))
    [venue] = await telegram.api.wait_for("sendVenue")
    assert float(venue.params["latitude"]) == CARD["lat"]
    assert float(venue.params["longitude"]) == CARD["lon"]
    assert venue.params["title"] == CARD["title"]
    assert venue.params["address"] == CARD["address"]
    sent = [c.method for c in telegram.api.calls if c.method in ("sendMessage", "sendVenue")]
    assert sent == ["sendMessage", "sendVenue"]

    fake_rasa.reply = lambda body: answer(
        {"text": "1. Kita Sonnenschein"},
        {"custom": {"type": "offer_list", "offers": [CARD, CARD], "language": "de"}},
    )
    await telegram.send(message_update("Kita Wegberg 3"))
    await telegram.api.wait_for("sendMessage", 2)
    await asyncio.sleep(0.2)
    assert len(telegram.api.calls_of("sendVenue")) == 1
    assert len(telegram.api.calls_of("sendMessage")) == 2


async def test_long_answer_is_split_under_the_limit_at_sentence_ends(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    sentence = "Der Kurs findet montags in Erkelenz statt und kostet nichts. "
    text = (sentence * 200).strip()  # about 12,000 characters, no line breaks
    fake_rasa.reply = lambda body: answer(
        {"text": text, "buttons": [{"title": "Mehr", "payload": "/more"}]}
    )
    await telegram.send(message_update("Deutschkurs"))
    await telegram.api.wait_for("sendMessage", 3)
    await asyncio.sleep(0.2)
    chunks = telegram.api.calls_of("sendMessage")
    assert len(chunks) >= 3
    assert all(len(c.text) < 4096 for c in chunks)
    assert all(c.text.endswith("nichts.") for c in chunks)
    assert " ".join(c.text for c in chunks) == text
    # The buttons belong under the end of the answer.
    assert [bool(c.inline_buttons()) for c in chunks] == [False] * (len(chunks) - 1) + [True]


async def test_html_in_answers_is_escaped(telegram: RunningBridge, fake_rasa: FakeRasa) -> None:
    fake_rasa.reply = lambda body: answer({"text": "<script>alert(1)</script> Müller & Söhne"})
    await telegram.send(message_update("Hallo"))
    [sent] = await telegram.api.wait_for("sendMessage")
    assert sent.params["parse_mode"] == "HTML"
    assert sent.text == "&lt;script&gt;alert(1)&lt;/script&gt; Müller &amp; Söhne"


@pytest.mark.parametrize(
    ("content", "language_code", "key"),
    [
        ({"voice": {"file_id": "v1", "file_unique_id": "v1u", "duration": 4}}, "tr", "voice"),
        (
            {"photo": [{"file_id": "p1", "file_unique_id": "p1u", "width": 90, "height": 90}]},
            "fr",
            "media",
        ),
        (
            {
                "sticker": {
                    "file_id": "s1",
                    "file_unique_id": "s1u",
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                }
            },
            "pt-br",  # a language the assistant does not speak: German
            "media",
        ),
    ],
)
async def test_unsupported_message_gets_a_friendly_reply_in_the_users_language(
    telegram: RunningBridge,
    fake_rasa: FakeRasa,
    content: dict[str, Any],
    language_code: str,
    key: str,
) -> None:
    await telegram.send(message_update(language_code=language_code, **content))
    [sent] = await telegram.api.wait_for("sendMessage")
    language = language_code if language_code in ("tr", "fr") else "de"
    assert sent.text == T(language, f"telegram.unsupported_{key}")
    assert fake_rasa.requests == []


async def test_edited_message_asks_to_send_it_again(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    edited = message_update("Kita in Wegberg", language_code="ru")["message"]
    edited["edit_date"] = edited["date"] + 5
    await telegram.send({"edited_message": edited})
    [sent] = await telegram.api.wait_for("sendMessage")
    assert sent.text == T("ru", "telegram.edited")
    assert fake_rasa.requests == []


async def test_bridge_texts_follow_the_assistants_language(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    # The user's app is German, but they chose Persian with a button: the assistant answers
    # in Persian and says so in the turn payload (the bridge parses no payloads).
    fake_rasa.reply = lambda body: answer({"text": "باشه"}, {"custom": turn_payload("fa")})
    await telegram.send(
        callback_update(telegram.button('/change_language{"language":"fa"}'), language_code="de")
    )
    await telegram.api.wait_for("sendMessage")
    await telegram.send(
        message_update(
            language_code="de", voice={"file_id": "v", "file_unique_id": "vu", "duration": 1}
        )
    )
    await telegram.api.wait_for("sendMessage", 2)
    assert telegram.api.sent_texts()[-1] == T("fa", "telegram.unsupported_voice")


def deletion_script(language: str) -> Any:
    """Rasa's side of "delete my data": ask with buttons, then (after "yes") ask to erase."""

    def script(body: dict[str, Any]) -> list[dict[str, Any]]:
        if body["message"] == "/delete_my_data":
            return answer(
                {
                    "text": T(language, "delete.confirm"),
                    "buttons": [
                        {"title": "Ja", "payload": "/affirm" + " " * 70},  # a long one: kept
                        {"title": "Nein", "payload": "/deny"},
                    ],
                },
                {"custom": turn_payload(language)},
            )
        return answer({"custom": erase_payload(language)}, {"custom": turn_payload(language)})

    return script


async def test_confirmed_deletion_erases_the_conversation_in_the_store_and_the_bridge(
    telegram: RunningBridge, fake_rasa: FakeRasa, tracker_rows: TrackerRows
) -> None:
    fake_rasa.reply = deletion_script("uk")
    await telegram.send(message_update("/delete"))
    await telegram.api.wait_for("sendMessage")
    sender = telegram.sender()
    tracker_rows.add(sender, events=6)
    assert len(telegram.bridge.payloads) == 1
    assert telegram.bridge.language(sender, None) == "uk"

    await telegram.send(callback_update(telegram.button("/affirm")))
    await telegram.api.wait_for("sendMessage", 2)
    assert telegram.api.sent_texts()[-1] == T("uk", "delete.done")
    assert tracker_rows.count(sender) == 0
    assert len(telegram.bridge.payloads) == 0
    assert telegram.bridge.language(sender, None) == "de"


async def test_a_failed_erasure_is_told_and_can_be_retried(
    telegram: RunningBridge, fake_rasa: FakeRasa, tracker_rows: TrackerRows
) -> None:
    fake_rasa.reply = deletion_script("ar")
    sender = telegram.sender()
    tracker_rows.add(sender, events=6)
    await telegram.send(message_update("/delete"))
    await telegram.api.wait_for("sendMessage")
    with refusing_deletes(tracker_rows):
        await telegram.send(callback_update(telegram.button("/affirm")))
        [_, failed] = await telegram.api.wait_for("sendMessage", 2)
    assert failed.text == T("ar", "delete.failed")
    assert tracker_rows.count(sender) == 6
    retry = failed.json("reply_markup")["inline_keyboard"][0][0]
    assert retry["text"] == T("ar", "button.retry_delete")
    await telegram.send(callback_update(retry["callback_data"]))
    await telegram.api.wait_for("sendMessage", 3)
    assert telegram.api.sent_texts()[-1] == T("ar", "delete.done")
    assert tracker_rows.count(sender) == 0


async def test_one_users_messages_reach_rasa_in_order_while_others_are_served(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    def script(body: dict[str, Any]) -> list[dict[str, Any]]:
        if body["message"] == "first":
            time.sleep(0.6)
        return answer({"text": body["message"]})

    fake_rasa.reply = script
    await telegram.send(message_update("first"))
    await telegram.send(message_update("second"))
    await telegram.send(message_update("other user", user_id=555))
    await telegram.api.wait_for("sendMessage", 3)
    assert telegram.api.sent_texts() == ["other user", "first", "second"]
    own = [r["message"] for r in fake_rasa.requests if r["sender"] == telegram.sender()]
    assert own == ["first", "second"]
