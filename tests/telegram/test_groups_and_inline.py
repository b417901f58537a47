"""Volunteers: groups (answer only when addressed) and inline mode (offer cards in any chat)."""

from __future__ import annotations

from typing import Any

from locales.catalog import default_catalog
from tests.fake_rasa import FakeRasa
from tests.telegram.conftest import (
    GROUP_ID,
    RunningBridge,
    bot_message,
    inline_update,
    message_update,
)
from tests.telegram.fake_bot_api import BOT_USERNAME
from tests.tracker_rows import TrackerRows

T = default_catalog().text


def card(n: int) -> dict[str, Any]:
    return {
        "id": f"kita-{n}",
        "title": f"Kita {n}",
        "category": "kita",
        "site": f"Kita {n}",
        "address": f"Weg {n}, 41844 Wegberg",
        "municipality": "Wegberg",
        "lat": 51.14 + n / 100,
        "lon": 6.28,
        "map_url": "https://www.openstreetmap.org/",
        "distance_km": None,
    }


async def test_group_message_without_mention_is_ignored(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    update_id = await telegram.send(message_update("Kita in Wegberg?", chat_type="supergroup"))
    await telegram.api.processed(update_id)
    photo = [{"file_id": "p", "file_unique_id": "pu", "width": 1, "height": 1}]
    update_id = await telegram.send(message_update(chat_type="supergroup", photo=photo))
    await telegram.api.processed(update_id)
    assert fake_rasa.requests == []
    assert telegram.api.calls_of("sendMessage") == []


async def test_group_message_mentioning_the_bot_is_answered_as_a_reply(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    update = message_update(f"@{BOT_USERNAME} Kita in Wegberg?", chat_type="supergroup")
    await telegram.send(update)
    [sent] = await telegram.api.wait_for("sendMessage")
    [request] = fake_rasa.requests
    assert request["message"] == "Kita in Wegberg?"
    assert request["metadata"]["chat_type"] == "supergroup"
    assert sent.chat_id == GROUP_ID
    assert sent.json("reply_parameters")["message_id"] == update["message"]["message_id"]


async def test_group_reply_to_the_bot_is_answered(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    reply = message_update(
        "Und in Erkelenz?", chat_type="group", reply_to_message=bot_message(chat_type="group")
    )
    await telegram.send(reply)
    await telegram.api.wait_for("sendMessage")
    assert fake_rasa.messages() == ["Und in Erkelenz?"]


async def test_group_commands_only_when_meant_for_this_bot(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    for text in ("/help@other_bot", "/weather"):
        update_id = await telegram.send(message_update(text, chat_type="supergroup"))
        await telegram.api.processed(update_id)
    assert fake_rasa.requests == []
    await telegram.send(message_update(f"/human@{BOT_USERNAME}", chat_type="supergroup"))
    await telegram.send(message_update("/language", chat_type="supergroup"))
    await telegram.api.wait_for("sendMessage", 2)
    assert sorted(fake_rasa.messages()) == ["/change_language", "/request_human"]


async def test_group_location_prompt_is_not_sent(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    # Telegram refuses location keyboards in groups: the question comes without one.
    fake_rasa.reply = lambda body: [
        {"text": "In welchem Ort?"},
        {"custom": {"type": "request_location", "language": "de"}},
    ]
    update_id = await telegram.send(message_update(f"@{BOT_USERNAME} Kita", chat_type="group"))
    await telegram.api.wait_for("sendMessage")
    await telegram.api.processed(update_id)
    assert telegram.api.sent_texts() == ["In welchem Ort?"]


async def test_inline_query_offers_venue_cards_and_leaves_no_conversation(
    telegram: RunningBridge, fake_rasa: FakeRasa, tracker_rows: TrackerRows
) -> None:
    tracker_rows.add(telegram.sender(), events=2)  # the user's own private conversation

    def script(body: dict[str, Any]) -> list[dict[str, Any]]:
        tracker_rows.add(body["sender"], events=5)  # as Rasa stores the turn
        return [
            {"text": "Kitas in Wegberg: 1. Kita 1 2. Kita 2"},
            {"custom": {"type": "offer_list", "offers": [card(1), card(2)], "language": "de"}},
        ]

    fake_rasa.reply = script
    await telegram.send(inline_update("kita wegberg 3", language_code="ar"))
    [answered] = await telegram.api.wait_for("answerInlineQuery")
    results = answered.json("results")
    assert [r["type"] for r in results] == ["venue", "venue"]
    assert [r["id"] for r in results] == ["kita-1", "kita-2"]
    assert results[0]["title"] == "Kita 1"
    assert results[0]["address"] == "Weg 1, 41844 Wegberg"
    assert results[1]["latitude"] == card(2)["lat"]
    button = answered.json("button")
    assert button == {"text": T("ar", "telegram.inline_open_chat"), "start_parameter": "inline"}
    assert answered.params["is_personal"] == "true"  # the button speaks the user's language

    [request] = fake_rasa.requests
    inline_sender = f"{telegram.sender()}-inline"
    assert request["sender"] == inline_sender
    assert request["message"] == "kita wegberg 3"
    assert request["metadata"]["language_hint"] == "ar"
    # The query's conversation is erased at once; the user's own one is untouched.
    assert tracker_rows.count(inline_sender) == 0
    assert tracker_rows.count(telegram.sender()) == 2


async def test_short_or_fruitless_inline_query_offers_the_private_chat(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    await telegram.send(inline_update("ki"))
    [short] = await telegram.api.wait_for("answerInlineQuery")
    assert short.json("results") == []
    assert fake_rasa.requests == []

    fake_rasa.reply = lambda body: [{"text": "Wie alt ist das Kind?"}]
    await telegram.send(inline_update("kita wegberg"))
    _, fruitless = await telegram.api.wait_for("answerInlineQuery", 2)
    assert fruitless.json("results") == []
    assert fruitless.json("button")["start_parameter"] == "inline"


async def test_chosen_inline_result_sends_the_same_text_as_the_shared_offer(
    telegram: RunningBridge, fake_rasa: FakeRasa
) -> None:
    shared = "Kita 1\nTräger: Stadt\nWeg 1, 41844 Wegberg\nKarte: https://www.openstreetmap.org/"
    fake_rasa.reply = lambda body: [
        {"custom": {"type": "offer_details", "offer": {**card(1), "share_text": shared}}},
        {"custom": {"type": "offer_list", "offers": [card(2)], "language": "de"}},
    ]
    await telegram.send(inline_update("kita wegberg 3"))
    [answered] = await telegram.api.wait_for("answerInlineQuery")
    first, second = answered.json("results")
    # Listed with its map pin; chosen, it sends the offer's whole text (the details message).
    assert (first["type"], first["title"]) == ("venue", "Kita 1")
    assert first["input_message_content"]["message_text"] == shared
    assert "input_message_content" not in second  # a card without the text sends the venue
