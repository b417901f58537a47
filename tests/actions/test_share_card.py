"""Offer cards carry the whole offer as text (`share_text`): the same text as the details
message, in the reply's language, so a shared card (Telegram inline) says what the chat says."""

from __future__ import annotations

from actions.offers import ActionFindOffers
from contract.messages import PayloadType, payload_type
from tests.actions.conftest import make_tracker, run_action


def test_details_card_shares_the_details_text(offer_database: str) -> None:
    listed = make_tracker(
        "Kita in Wegberg, 3 Jahre",
        "ask_kita",
        slots={"municipality": "Wegberg", "child_age": 3, "language": "ar"},
        language=("ar", 0.99),
    )
    _, messages = run_action(ActionFindOffers(), listed)
    [offers] = [
        m["custom"] for m in messages if payload_type(m.get("custom")) is PayloadType.OFFER_LIST
    ]
    assert all(c["share_text"].startswith(c["title"]) for c in offers["offers"])

    ref = offers["offers"][0]["id"]
    tapped = make_tracker(
        f'/inform{{"offer_ref":"{ref}"}}',
        "inform",
        entities=[{"entity": "offer_ref", "value": ref}],
        slots={"language": "ar"},
        language=("ar", 0.99),
    )
    _, details = run_action(ActionFindOffers(), tapped)
    [card] = [m["custom"]["offer"] for m in details if m.get("custom")]
    assert card["share_text"] == details[0]["text"]
    assert card["share_text"] == offers["offers"][0]["share_text"]
    assert "openstreetmap" in card["share_text"]  # self-contained: the map link is in it
