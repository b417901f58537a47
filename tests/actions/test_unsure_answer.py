""" "I don't know" to the level question lists the courses of every level, as "no" does;
the same words to another question leave it open."""

from __future__ import annotations

from actions.offers import ActionFindOffers
from locales.catalog import default_catalog
from tests.actions.conftest import make_tracker, run_action, slot_events

T = default_catalog().text
FIND = ActionFindOffers()
UNSURE = [{"entity": "unsure", "value": "any"}]


def test_unsure_to_the_level_question_lists_every_level(offer_database: str) -> None:
    tracker = make_tracker(
        "keine Ahnung",
        "inform",
        UNSURE,
        slots={
            "municipality": "Heinsberg",
            "topic": "language_course",
            "awaiting": "course_level",
            "language": "de",
        },
    )
    events, messages = run_action(FIND, tracker)
    lists = [m["custom"] for m in messages if (m.get("custom") or {}).get("type") == "offer_list"]
    assert len(lists) == 1 and lists[0]["offers"]
    assert slot_events(events)["course_level"] == "any"
    assert T("de", "ask.course_level") not in [m.get("text") for m in messages]


def test_unsure_to_the_age_question_asks_again(offer_database: str) -> None:
    tracker = make_tracker(
        "keine Ahnung",
        "inform",
        UNSURE,
        slots={
            "municipality": "Wegberg",
            "topic": "kita",
            "awaiting": "child_age",
            "language": "de",
        },
    )
    events, messages = run_action(FIND, tracker)
    assert messages[0]["text"] == T("de", "ask.child_age")
    assert "course_level" not in slot_events(events)


def test_an_unsure_classifier_still_lets_i_dont_know_answer_the_level(offer_database: str) -> None:
    from actions.fallback import ActionClarify

    tracker = make_tracker(
        "نمی دانم",
        "nlu_fallback",
        UNSURE,
        slots={
            "municipality": "Heinsberg",
            "topic": "language_course",
            "awaiting": "course_level",
            "language": "fa",
        },
    )
    events, messages = run_action(ActionClarify(), tracker)
    assert [m for m in messages if (m.get("custom") or {}).get("type") == "offer_list"]
    assert slot_events(events)["course_level"] == "any"
