"""General questions: the knowledge entry in the asker's language with its source and review
date, then the local search offered; never a town question first."""

from __future__ import annotations

from typing import Any

import pytest

from actions.formatting import date_text
from actions.knowledge import entries, load_entries
from actions.offers import ActionFindOffers
from locales.catalog import default_catalog
from tests.actions.conftest import make_tracker, run_action, slot_events

CATALOG = default_catalog()
T = CATALOG.text
# (text, the topic intent the NLU gives it, the entry the NLU names)
QUESTIONS = [
    (
        "Is school compulsory for my 7-year-old although we have no residence permit yet?",
        "ask_school",
        "school_compulsory",
    ),
    (
        "How many hours is the integration course, and do I have to pay?",
        "ask_language_course",
        "integration_course",
    ),
    ("Can I choose the school or does the town assign it?", "ask_school", "school_assignment"),
]


def general_question_tracker(
    text: str, intent: str, entry: str, language: str, **slots: Any
) -> Any:
    tracker = make_tracker(text, intent, slots={"language": language, **slots})
    topic = entries()[entry].topic
    # What nlu.components.deterministic_intents adds to the parse result.
    tracker.latest_message["general_question"] = {"entry": entry, "topic": topic}
    return tracker


@pytest.mark.parametrize("language", sorted(CATALOG.codes))
@pytest.mark.parametrize(("text", "intent", "entry"), QUESTIONS)
def test_general_question_is_answered_then_the_search_offered(
    offer_database: str, text: str, intent: str, entry: str, language: str
) -> None:
    events, messages = run_action(
        ActionFindOffers(), general_question_tracker(text, intent, entry, language)
    )
    knowledge = entries()[entry]
    answer = messages[0]["text"]
    assert answer.startswith(T(language, f"knowledge.{entry}"))
    assert knowledge.sources[0].name in answer
    assert date_text(knowledge.last_reviewed, language) in answer
    assert messages[1]["text"] == T(language, "knowledge.offer_search")
    payloads = [b["payload"] for b in messages[1]["buttons"]]
    assert f'/inform{{"topic":"{knowledge.topic}"}}' in payloads
    assert len(messages) == 2  # no town question, no search yet
    slots = slot_events(events)
    assert slots["topic"] == knowledge.topic
    assert slots["awaiting"] is None


def test_general_question_never_asks_for_the_town_even_when_a_search_was_running(
    offer_database: str,
) -> None:
    tracker = general_question_tracker(*QUESTIONS[0], "de", topic="kita", awaiting="municipality")
    events, messages = run_action(ActionFindOffers(), tracker)
    texts = " ".join(m["text"] for m in messages)
    assert T("de", "ask.municipality", topic=T("de", "topic.school")) not in texts
    assert slot_events(events)["awaiting"] is None


def test_tapping_the_search_button_asks_for_the_town(offer_database: str) -> None:
    tracker = make_tracker(
        '/inform{"topic":"school"}',
        "inform",
        [{"entity": "topic", "value": "school"}],
        slots={"language": "en", "topic": "school"},
    )
    events, messages = run_action(ActionFindOffers(), tracker)
    assert messages[0]["text"] == T("en", "ask.municipality", topic=T("en", "topic.school"))


def test_a_topic_question_without_an_entry_searches_as_before(offer_database: str) -> None:
    tracker = make_tracker("Kita", "ask_kita", slots={"language": "de"})
    _, messages = run_action(ActionFindOffers(), tracker)
    assert messages[0]["text"] == T("de", "ask.municipality", topic=T("de", "topic.kita"))


def test_knowledge_file_entries_have_topics_sources_and_dates() -> None:
    loaded = load_entries()
    assert {"school_compulsory", "integration_course", "school_assignment"} <= set(loaded)
    for entry in loaded.values():
        assert entry.topic in {"school", "kita", "language_course", "school_to_work", "counseling"}
        assert entry.sources and all(s.name and s.url.startswith("https://") for s in entry.sources)
        assert entry.reviewed_by
