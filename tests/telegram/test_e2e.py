"""Telegram → bridge → the real Rasa and action server with the seeded database, and back.

Uses the session-wide `assistant` of tests/e2e (Rasa takes tens of seconds to start). Expected
texts come from the catalogs, so the test checks that the assistant's language arrives too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from locales.catalog import default_catalog
from tests.e2e.conftest import Assistant
from tests.telegram.conftest import (
    RunningBridge,
    callback_update,
    inline_update,
    message_update,
    running_bridge,
)
from tests.telegram.fake_bot_api import ApiCall, FakeBotApi

pytestmark = pytest.mark.rasa
T = default_catalog().text
HEINSBERG = {"latitude": 51.0636, "longitude": 6.0996}


@pytest.fixture
async def real_bridge(fake_api: FakeBotApi, assistant: Assistant) -> AsyncIterator[RunningBridge]:
    async with running_bridge(fake_api, assistant.rasa_url, rasa_timeout_s=60.0) as running:
        yield running


def button_for(telegram: RunningBridge, call: ApiCall, payload_part: str) -> str:
    """The callback data of the button whose payload contains `payload_part`."""
    for button in call.inline_buttons():
        payload = telegram.bridge.payloads.payload(button["callback_data"]) or ""
        if payload_part in payload:
            return str(button["callback_data"])
    raise AssertionError(f"no button with {payload_part!r}: {call.inline_buttons()}")


async def test_start_greets_in_the_phones_language_with_language_buttons(
    real_bridge: RunningBridge,
) -> None:
    await real_bridge.send(message_update("/start", language_code="uk", user_id=1001))
    [*_, last] = await real_bridge.api.wait_for("sendMessage", timeout=60)
    texts = "\n".join(real_bridge.api.sent_texts())
    assert T("uk", "greet.hello") in texts
    titles = {
        b["text"] for c in real_bridge.api.calls_of("sendMessage") for b in c.inline_buttons()
    }
    assert {"Українська", "العربية", "Deutsch"} <= titles
    assert last.chat_id == 1001


async def test_offer_search_details_venue_location_and_deletion_end_to_end(
    real_bridge: RunningBridge, assistant: Assistant
) -> None:
    api, user_id = real_bridge.api, 1002
    sender = real_bridge.sender(user_id)

    # A Kita question with everything needed: the list, with a details button per offer.
    await real_bridge.send(
        message_update("Kita in Wegberg, meine Tochter ist 3", language_code="de", user_id=user_id)
    )
    await api.wait_for("sendMessage", where=lambda c: bool(c.inline_buttons()), timeout=60)
    [results] = [
        c
        for c in api.calls_of("sendMessage")
        if "offer_ref"
        in str(
            [real_bridge.bridge.payloads.payload(b["callback_data"]) for b in c.inline_buttons()]
        )
    ]
    assert "Wegberg" in results.text

    # Details: the text, then the venue with the map pin.
    await real_bridge.send(
        callback_update(button_for(real_bridge, results, "offer_ref"), user_id=user_id)
    )
    [venue] = await api.wait_for("sendVenue", timeout=60)
    assert venue.params["title"] and venue.params["address"]
    assert 50.9 < float(venue.params["latitude"]) < 51.3

    # Counselling near a shared location: the share button, then the nearest offers.
    before = len(api.calls_of("sendMessage"))
    await real_bridge.send(message_update("Ich suche eine Beratung", user_id=user_id))
    await api.wait_for("sendMessage", where=lambda c: "keyboard" in c.markup(), timeout=60)
    await real_bridge.send(message_update(location=HEINSBERG, user_id=user_id))
    near = T("de", "results.near").split("{start}")[0].format(topic=T("de", "topic.counseling"))
    await api.wait_for(
        "sendMessage", where=lambda c: c.text.startswith(near.rstrip(" (")), timeout=60
    )
    assert len(api.calls_of("sendMessage")) > before

    # /delete asks first; "yes" deletes, and the bridge erases the stored conversation.
    await real_bridge.send(message_update("/delete", user_id=user_id))
    [confirm] = await api.wait_for(
        "sendMessage", where=lambda c: c.text == T("de", "delete.confirm"), timeout=60
    )
    await real_bridge.send(
        callback_update(button_for(real_bridge, confirm, "/affirm"), user_id=user_id)
    )
    await api.wait_for("sendMessage", where=lambda c: c.text == T("de", "delete.done"), timeout=60)
    tracker = httpx.get(
        f"{assistant.rasa_url}/conversations/{sender}/tracker",
        params={"include_events": "ALL"},
        timeout=30,
    ).json()
    assert [e for e in tracker["events"] if e["event"] == "user"] == []


async def test_inline_query_finds_offers_through_the_real_assistant(
    real_bridge: RunningBridge,
) -> None:
    await real_bridge.send(inline_update("Beratung in Heinsberg", language_code="de"))
    [answered] = await real_bridge.api.wait_for("answerInlineQuery", timeout=60)
    results = answered.json("results")
    assert results and all(r["type"] == "venue" for r in results)
