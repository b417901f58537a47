"""Every failure gets an answer: an action that raises still apologizes, in the user's language."""

from __future__ import annotations

import logging

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import EventType

from actions.base import DomainDict, LocalizedAction, Reply
from actions.offers import ActionFindOffers
from locales.catalog import default_catalog
from offer_db.vocabulary import LEVELS
from tests.actions.conftest import make_tracker, run_action, slot_events

T = default_catalog().text
FIND = ActionFindOffers()
DOMAIN: DomainDict = {"slots": {"municipality": {}, "course_level": {}, "awaiting": {}}}


class BrokenAction(LocalizedAction):
    """Says something, then fails as a bug would."""

    action_name = "action_broken"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reply.say("greet.hello")
        raise RuntimeError(f"bug while handling {tracker.latest_message['text']!r}")


@pytest.mark.parametrize("language", ["de", "ar", "fa", "en"])
def test_an_action_that_raises_apologizes_with_the_ki_contact(
    offer_database: str, language: str
) -> None:
    events, messages = run_action(
        BrokenAction(), make_tracker("hallo", "greet", slots={"language": language})
    )
    assert [m["text"] for m in messages][0] == T(language, "error.unexpected")
    assert "Valkenburger" in messages[1]["text"]  # the KI's address from the database
    assert T(language, "greet.hello") not in [m.get("text") for m in messages]
    slots = slot_events(events)
    assert slots["language"] == language and slots["awaiting"] is None


def test_a_failure_forgets_what_the_failing_message_brought(offer_database: str) -> None:
    tracker = make_tracker(
        "Kurs in Erkelenz",
        "inform",
        [{"entity": "municipality", "value": "Erkelenz"}, {"entity": "language", "value": "ar"}],
        slots={"language": "de", "awaiting": "municipality", "municipality": "Erkelenz"},
    )
    events, messages = run_action(BrokenAction(), tracker, DOMAIN)
    slots = slot_events(events)
    assert slots == {"language": "de", "awaiting": None, "municipality": None}
    assert messages[0]["text"] == T("de", "error.unexpected")


def test_a_failure_without_a_database_still_apologizes(broken_database: None) -> None:
    _, messages = run_action(BrokenAction(), make_tracker("x", "greet", slots={"language": "uk"}))
    assert messages[0]["text"] == T("uk", "error.unexpected")


def test_the_failure_log_names_the_place_but_no_user_text(
    offer_database: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        run_action(BrokenAction(), make_tracker("Meine Adresse ist Hauptstr. 5", "greet"))
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "action_broken failed with RuntimeError at " in logged
    assert "test_failures.py:" in logged
    assert "Hauptstr" not in logged and not any(r.exc_info for r in caplog.records)


def test_deutschkurs_c2_in_erkelenz_says_which_levels_there_are_and_asks_again(
    offer_database: str,
) -> None:
    tracker = make_tracker(
        "Deutschkurs C2 in Erkelenz",
        "ask_language_course",
        [
            {"entity": "municipality", "value": "Erkelenz"},
            {"entity": "course_level", "value": "C2"},
        ],
        slots={"municipality": "Erkelenz", "course_level": "C2"},
        language=("de", 0.99),
    )
    events, messages = run_action(FIND, tracker)
    assert messages[0]["text"] == T(
        "de", "ask.level_unavailable", level="C2", lowest=LEVELS[0], highest=LEVELS[-1]
    )
    assert messages[1]["text"] == T("de", "ask.course_level")
    assert [b["title"] for b in messages[1]["buttons"]][: len(LEVELS)] == list(LEVELS)
    slots = slot_events(events)
    assert slots["course_level"] is None and slots["awaiting"] == "course_level"


def test_a_level_that_is_no_cefr_code_is_asked_again_without_repeating_it(
    offer_database: str,
) -> None:
    slots = {"municipality": "Erkelenz", "topic": "language_course", "language": "en"}
    tracker = make_tracker("/inform", "inform", slots={**slots, "course_level": "<b>Z9</b>"})
    events, messages = run_action(FIND, tracker)
    assert messages[0]["text"] == T("en", "ask.course_level")
    assert "Z9" not in "\n".join(m.get("text") or "" for m in messages)
    assert slot_events(events)["course_level"] is None


def test_a_lowercase_level_is_searched(offer_database: str) -> None:
    slots = {"municipality": "Heinsberg", "topic": "language_course", "language": "de"}
    _, messages = run_action(
        FIND, make_tracker("b1", "inform", slots={**slots, "course_level": "b1"})
    )
    assert any(m.get("custom", {}).get("type") == "offer_list" for m in messages)


def test_a_course_level_from_an_earlier_search_does_not_filter_other_topics(
    offer_database: str,
) -> None:
    slots = {"municipality": "Erkelenz", "course_level": "B1", "language": "de"}
    _, messages = run_action(FIND, make_tracker("Beratung", "ask_counseling", slots=slots))
    lists = [m["custom"] for m in messages if m.get("custom", {}).get("type") == "offer_list"]
    assert lists and lists[0]["offers"]
    assert {o["category"] for o in lists[0]["offers"]} == {"counseling"}
