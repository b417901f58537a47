"""Volunteer mode: on and off with the same command, and every answer complete in two
languages while it is on (the user's first, then the second), stored once."""

from __future__ import annotations

from typing import Any

from actions.conversation import ActionHelp
from actions.offers import ActionFindOffers
from actions.volunteer import ActionVolunteerMode
from locales.catalog import default_catalog
from tests.actions.conftest import make_tracker, run_action, slot_events

CATALOG = default_catalog()
T = CATALOG.text


def command(slots: dict[str, Any], language: str | None = None) -> Any:
    entities = [{"entity": "language", "value": language}] if language else []
    return make_tracker("/volunteer_mode", "volunteer_mode", entities=entities, slots=slots)


def test_the_command_switches_it_on_with_german_and_the_same_command_off() -> None:
    events, on = run_action(ActionVolunteerMode(), command({"language": "ar"}))
    assert slot_events(events)["volunteer_language"] == "de"
    # The answer that switches it on already comes in both languages.
    text = on[0]["text"]
    assert T("ar", "volunteer.switched_on", own="العربية", partner="Deutsch") in text
    assert T("de", "volunteer.switched_on", own="العربية", partner="Deutsch") in text
    assert on[0]["buttons"][0]["payload"] == "/volunteer_mode"

    events, off = run_action(
        ActionVolunteerMode(), command({"language": "ar", "volunteer_language": "de"})
    )
    assert slot_events(events)["volunteer_language"] is None
    assert off[0]["text"] == T("ar", "volunteer.switched_off")


def test_a_german_conversation_is_asked_for_the_second_language() -> None:
    events, asked = run_action(ActionVolunteerMode(), command({"language": "de"}))
    assert "volunteer_language" not in slot_events(events)
    assert asked[0]["text"] == T("de", "volunteer.choose_language")
    payloads = [b["payload"] for b in asked[0]["buttons"]]
    assert '/volunteer_mode{"language":"uk"}' in payloads
    assert '/volunteer_mode{"language":"de"}' not in payloads
    events, _ = run_action(ActionVolunteerMode(), command({"language": "de"}, language="uk"))
    assert slot_events(events)["volunteer_language"] == "uk"


def test_help_offers_the_volunteer_button() -> None:
    _, messages = run_action(ActionHelp(), make_tracker("help", "help", slots={"language": "fr"}))
    assert {"title": T("fr", "volunteer.button"), "payload": "/volunteer_mode"} in messages[0][
        "buttons"
    ]


def test_help_ends_with_the_emergency_numbers_in_the_users_language() -> None:
    for language in ("fa", "de", "ar"):
        tracker = make_tracker("help", "help", slots={"language": language})
        _, messages = run_action(ActionHelp(), tracker)
        assert messages[-1]["text"] == T(language, "emergency.call_now")
        assert "112" in messages[-1]["text"] and "110" in messages[-1]["text"]


def test_offer_answers_come_complete_in_both_languages(offer_database: str) -> None:
    def search(language: str, partner: str | None = None) -> list[dict[str, Any]]:
        text = {"ar": "روضة في فيغبيرغ عمر ٣", "de": "Kita in Wegberg, 3 Jahre"}[language]
        tracker = make_tracker(
            text,
            "ask_kita",
            entities=[{"entity": "municipality", "value": "Wegberg"}],
            slots={
                "municipality": "Wegberg",
                "child_age": 3,
                "language": language,
                "volunteer_language": partner,
            },
            language=(language, 0.99),
        )
        return [m for m in run_action(ActionFindOffers(), tracker)[1] if m.get("text")]

    arabic, german, both = search("ar"), search("de"), search("ar", partner="de")
    assert len(both) == len(arabic) == len(german) >= 2
    for a, d, b in zip(arabic, german, both, strict=True):
        # The whole Arabic text, then the whole German text; the buttons stay Arabic.
        assert b["text"] == f"— العربية —\n{a['text']}\n— Deutsch —\n{d['text']}"
        assert b.get("buttons") == a.get("buttons")
