"""Telegram → bridge → the real Rasa and action server with the seeded database, and back.

Uses the session-wide `assistant` of tests/e2e (Rasa takes tens of seconds to start). Expected
texts come from the catalogs, so the tests check that the assistant's language arrives too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

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
from tests.tracker_rows import TrackerRows

pytestmark = pytest.mark.rasa
T = default_catalog().text
HEINSBERG = {"latitude": 51.0636, "longitude": 6.0996}
WAIT_S = 60.0


@pytest.fixture
async def real_bridge(fake_api: FakeBotApi, assistant: Assistant) -> AsyncIterator[RunningBridge]:
    """The bridge polling the fake Bot API and asking the real assistant."""
    rasa, store = assistant.rasa_url, assistant.tracker_db_url
    async with running_bridge(fake_api, rasa, store, rasa_timeout_s=WAIT_S) as running:
        yield running


def payloads(telegram: RunningBridge, call: ApiCall) -> dict[str, str]:
    """Rasa payload → callback data, for the buttons of one sent message."""
    found = {}
    for button in call.inline_buttons():
        payload = telegram.bridge.payloads.payload(button["callback_data"])
        if payload:
            found[payload] = str(button["callback_data"])
    return found


def button_for(telegram: RunningBridge, call: ApiCall, payload_part: str) -> str:
    """The callback data of the first button whose payload contains `payload_part`."""
    for payload, data in payloads(telegram, call).items():
        if payload_part in payload:
            return data
    raise AssertionError(f"no button with {payload_part!r}: {call.inline_buttons()}")


async def test_start_greets_in_the_phones_language_with_language_buttons(
    real_bridge: RunningBridge,
) -> None:
    await real_bridge.send(message_update("/start", language_code="uk", user_id=1001))
    languages = {"Українська", "العربية", "Deutsch"}
    [choice] = await real_bridge.api.wait_for(
        "sendMessage",
        where=lambda c: languages <= {b["text"] for b in c.inline_buttons()},
        timeout=WAIT_S,
    )
    assert T("uk", "greet.hello") in "\n".join(real_bridge.api.sent_texts())
    assert choice.chat_id == 1001


async def test_offer_details_as_venue_then_deletion_erases_the_conversation(
    real_bridge: RunningBridge, assistant: Assistant
) -> None:
    api, user_id = real_bridge.api, 1002
    sender = real_bridge.sender(user_id)

    # A Kita question with everything needed: the list, with a details button per offer.
    question = "Kita in Wegberg, meine Tochter ist 3"
    await real_bridge.send(message_update(question, language_code="de", user_id=user_id))
    [results] = await api.wait_for(
        "sendMessage",
        where=lambda c: any("offer_ref" in p for p in payloads(real_bridge, c)),
        timeout=WAIT_S,
    )
    assert "Wegberg" in results.text

    # Details: the text, then the venue with the map pin.
    details = button_for(real_bridge, results, "offer_ref")
    await real_bridge.send(callback_update(details, user_id=user_id))
    [venue] = await api.wait_for("sendVenue", timeout=WAIT_S)
    assert venue.params["title"] and venue.params["address"]
    assert 50.9 < float(venue.params["latitude"]) < 51.3

    # /delete asks first; "yes" deletes, and the bridge erases the stored conversation.
    await real_bridge.send(message_update("/delete", user_id=user_id))
    [confirm] = await api.wait_for(
        "sendMessage",
        where=lambda c: c.text.startswith(T("de", "delete.confirm")),
        timeout=WAIT_S,
    )
    yes = button_for(real_bridge, confirm, "/affirm")
    await real_bridge.send(callback_update(yes, user_id=user_id))
    await api.wait_for(
        "sendMessage", where=lambda c: c.text == T("de", "delete.done"), timeout=WAIT_S
    )
    # Read in the store itself, not through Rasa's API: no row of this sender is left.
    rows = TrackerRows(assistant.tracker_db_url)
    try:
        assert rows.count(sender) == 0
    finally:
        rows.dispose()


async def test_shared_location_finds_the_nearest_offers(real_bridge: RunningBridge) -> None:
    api, user_id = real_bridge.api, 1003
    await real_bridge.send(message_update("Ich suche eine Beratung", user_id=user_id))
    [prompt] = await api.wait_for(
        "sendMessage", where=lambda c: "keyboard" in c.markup(), timeout=WAIT_S
    )
    assert prompt.text == T("de", "telegram.location_prompt")

    await real_bridge.send(message_update(location=HEINSBERG, user_id=user_id))
    template = default_catalog().messages["de"]["results.near"]
    near = template.split("(")[0].format(topic=T("de", "topic.counseling"))
    [results] = await api.wait_for(
        "sendMessage", where=lambda c: c.text.startswith(near), timeout=WAIT_S
    )
    assert " km)" in results.text  # distances from the shared place


async def test_inline_query_finds_offers_through_the_real_assistant(
    real_bridge: RunningBridge,
) -> None:
    await real_bridge.send(inline_update("Beratung in Heinsberg", language_code="de"))
    [answered] = await real_bridge.api.wait_for("answerInlineQuery", timeout=WAIT_S)
    results = answered.json("results")
    assert results and all(r["type"] == "venue" for r in results)
