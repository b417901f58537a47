"""A typed pick from the list just shown ("2", "number 3", "the second one") opens that offer's
details, like its button; the same number is an age when the bot asked for one."""

from __future__ import annotations

import json
from typing import Any

from rasa_sdk import Tracker

from actions.offers import ActionFindOffers
from locales.catalog import default_catalog
from tests.actions.conftest import make_tracker, run_action, slot_events

T = default_catalog().text
FIND = ActionFindOffers()
SLOTS = {"municipality": "Heinsberg", "topic": "language_course", "course_level": "any"}


def _listing(language: str = "de") -> tuple[list[dict[str, Any]], list[str]]:
    """The bot's list message(s) for the language courses in Heinsberg, and their offer refs."""
    _, messages = run_action(
        FIND,
        make_tracker("Deutschkurs", "ask_language_course", slots={**SLOTS, "language": language}),
    )
    refs = [
        json.loads(b["payload"][b["payload"].index("{") :])["offer_ref"]
        for m in messages
        for b in m.get("buttons", [])
        if "offer_ref" in b["payload"]
    ]
    return messages, refs


def _after_list(
    messages: list[dict[str, Any]],
    text: str,
    entities: list[dict[str, str]] | None = None,
    slots: dict[str, Any] | None = None,
    turns_between: int = 0,
) -> Tracker:
    """A tracker whose latest message `text` follows the bot's list (and `turns_between` more
    turns without buttons)."""
    base = make_tracker(
        text, "inform", entities, slots={**SLOTS, "language": "de", **(slots or {})}
    )
    events: list[dict[str, Any]] = [{"event": "user", "text": "Deutschkurs"}]
    events += [
        {"event": "bot", "text": m.get("text"), "data": {"buttons": m.get("buttons", [])}}
        for m in messages
    ]
    for _ in range(turns_between):
        events += [{"event": "user", "text": "…"}, {"event": "bot", "text": "details", "data": {}}]
    events.append({"event": "user", "text": text, "parse_data": base.latest_message})
    return Tracker(
        base.sender_id, base.slots, base.latest_message, events, False, None, {}, "action_listen"
    )


def _details_of(messages: list[dict[str, Any]]) -> str | None:
    cards = [m["custom"]["offer"] for m in messages if (m.get("custom") or {}).get("offer")]
    return cards[0]["id"] if cards else None


def test_a_bare_number_after_the_list_opens_that_offer(offer_database: str) -> None:
    listing, refs = _listing()
    assert len(refs) >= 3
    _, messages = run_action(
        FIND, _after_list(listing, "2", [{"entity": "child_age", "value": "2"}])
    )
    assert _details_of(messages) == refs[1]
    assert T("de", "details.register_heading") in messages[0]["text"]


def test_an_ordinal_or_a_numbered_pick_opens_that_offer(offer_database: str) -> None:
    listing, refs = _listing()
    for text, value, expected in [
        ("der dritte", "3", refs[2]),
        ("Nr. 1", "1", refs[0]),
        ("den letzten", "last", refs[-1]),
    ]:
        _, messages = run_action(
            FIND, _after_list(listing, text, [{"entity": "list_pick", "value": value}])
        )
        assert _details_of(messages) == expected, text


def test_a_pick_still_works_after_the_details_of_another(offer_database: str) -> None:
    listing, refs = _listing()
    _, messages = run_action(
        FIND,
        _after_list(
            listing, "und Nr. 4?", [{"entity": "list_pick", "value": "4"}], turns_between=1
        ),
    )
    assert _details_of(messages) == refs[3]


def test_a_number_beyond_the_list_searches_as_before(offer_database: str) -> None:
    listing, refs = _listing()
    _, messages = run_action(
        FIND, _after_list(listing, "Nr. 9", [{"entity": "list_pick", "value": "9"}])
    )
    assert _details_of(messages) is None


def test_a_number_is_an_age_when_the_bot_asked_for_one(offer_database: str) -> None:
    listing, _ = _listing()
    tracker = _after_list(
        listing,
        "2",
        [{"entity": "child_age", "value": "2"}],
        slots={"topic": "kita", "awaiting": "child_age", "municipality": "Wegberg"},
    )
    events, messages = run_action(FIND, tracker)
    assert _details_of(messages) is None
    assert slot_events(events)["topic"] == "kita"


def test_without_a_list_before_a_number_is_no_pick(offer_database: str) -> None:
    tracker = make_tracker(
        "2", "inform", [{"entity": "child_age", "value": "2"}], slots={**SLOTS, "language": "de"}
    )
    _, messages = run_action(FIND, tracker)
    assert _details_of(messages) is None


def test_a_number_with_an_age_word_after_the_list_is_an_age(offer_database: str) -> None:
    listing, _ = _listing()
    _, messages = run_action(
        FIND, _after_list(listing, "3 Jahre", [{"entity": "child_age", "value": "3"}])
    )
    assert _details_of(messages) is None
