"""Emergency first, honest limits, clarifying questions, language switching, deletion."""

from __future__ import annotations

import pytest

from actions.conversation import ActionAffirm
from actions.fallback import ActionClarify
from actions.language import ActionChangeLanguage
from actions.offers import ActionFindOffers
from actions.privacy import ActionDeleteData
from actions.safety import ActionEmergency
from contract.messages import PayloadType, payload_type
from locales.catalog import default_catalog
from tests.actions.conftest import make_tracker, run_action, slot_events

T = default_catalog().text


@pytest.mark.parametrize("language", ["de", "ar", "uk"])
def test_emergency_needs_no_database_and_comes_first(broken_database: None, language: str) -> None:
    _, messages = run_action(
        ActionEmergency(), make_tracker("...", "emergency", slots={"language": language})
    )
    assert messages[0]["text"] == T(language, "emergency.call_now")
    assert "112" in messages[0]["text"] and "110" in messages[0]["text"]
    assert "116 016" in messages[1]["text"]


def test_unsure_message_offers_the_top_guesses_as_buttons(offer_database: str) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 1.0},
        {"name": "ask_kita", "confidence": 0.3},
        {"name": "ask_school", "confidence": 0.25},
        {"name": "greet", "confidence": 0.01},
    ]
    tracker = make_tracker(
        "kinder platz wegberg",
        "nlu_fallback",
        [{"entity": "municipality", "value": "Wegberg"}],
        slots={"language": "de"},
        ranking=ranking,
    )
    events, messages = run_action(ActionClarify(), tracker)
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads[:2] == [
        '/ask_kita{"municipality":"Wegberg"}',
        '/ask_school{"municipality":"Wegberg"}',
    ]
    assert slot_events(events)["failed_turns"] == 1


def test_second_failure_offers_the_ki_contact(offer_database: str) -> None:
    tracker = make_tracker("???", "nlu_fallback", slots={"language": "en", "failed_turns": 1})
    events, messages = run_action(ActionClarify(), tracker)
    assert messages[0]["text"] == T("en", "clarify.give_up")
    assert "Valkenburger" in messages[1]["text"]
    assert slot_events(events)["failed_turns"] == 0


def test_unsure_message_that_answers_the_question_continues_the_search(offer_database: str) -> None:
    tracker = make_tracker(
        "4",
        "nlu_fallback",
        [{"entity": "child_age", "value": "4"}],
        slots={"awaiting": "child_age", "language": "de"},
    )
    events, messages = run_action(ActionClarify(), tracker)
    # The search runs within this action (a follow-up action looped, see actions/fallback.py).
    assert [e for e in events if e.get("event") == "followup"] == []
    assert (events, messages) == run_action(ActionFindOffers(), tracker)
    assert slot_events(events)["awaiting"] == "topic"  # "4" is the age; still missing: a topic


def test_wavering_between_a_detail_and_one_topic_with_details_searches_that_topic(
    offer_database: str,
) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "ask_kita", "confidence": 0.29},
        {"name": "inform", "confidence": 0.27},
        {"name": "ask_school", "confidence": 0.2},
    ]
    tracker = make_tracker(
        "روضة ٣ سنوات Wegberg",
        "nlu_fallback",
        [{"entity": "municipality", "value": "Wegberg"}],
        slots={"language": "ar"},
        ranking=ranking,
    )
    events, messages = run_action(ActionClarify(), tracker)
    assert [e for e in events if e.get("event") == "followup"] == []
    assert (events, messages) == run_action(ActionFindOffers(), tracker)
    assert slot_events(events)["topic"] == "kita"


def test_wavering_between_two_topics_asks_which_one_was_meant() -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.3},
        {"name": "ask_kita", "confidence": 0.29},
        {"name": "ask_school", "confidence": 0.27},
    ]
    tracker = make_tracker(
        "Wegberg 5",
        "nlu_fallback",
        [{"entity": "municipality", "value": "Wegberg"}],
        slots={"language": "de"},
        ranking=ranking,
    )
    _, messages = run_action(ActionClarify(), tracker)
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert messages[0]["text"] == T("de", "clarify.did_you_mean")
    assert T("de", "intent.ask_kita") in titles and T("de", "intent.ask_school") in titles


def test_named_language_switches_and_confirms_in_that_language() -> None:
    tracker = make_tracker(
        "auf Arabisch bitte",
        "change_language",
        [{"entity": "language", "value": "ar"}],
        language=("de", 0.95),
    )
    events, messages = run_action(ActionChangeLanguage(), tracker)
    assert messages[0]["text"] == T("ar", "language.changed")
    slots = slot_events(events)
    assert slots["language"] == "ar" and slots["language_chosen"] is True


def test_language_request_without_name_offers_all_languages() -> None:
    _, messages = run_action(
        ActionChangeLanguage(),
        make_tracker("change language", "change_language", language=("en", 0.9)),
    )
    titles = {b["title"] for b in messages[0]["buttons"]}
    assert {"Deutsch", "English", "العربية", "فارسی"} <= titles


def test_delete_asks_first_and_asks_the_channel_to_erase_only_after_yes() -> None:
    events, messages = run_action(
        ActionDeleteData(),
        make_tracker("delete my data", "delete_my_data", slots={"language": "en"}),
    )
    assert messages[0]["text"].startswith(T("en", "delete.confirm"))
    assert T("en", "delete.retention", days=90) in messages[0]["text"]
    assert slot_events(events)["awaiting"] == "delete_confirmation"
    events, messages = run_action(
        ActionDeleteData(),
        make_tracker(
            "/affirm", "affirm", slots={"language": "en", "awaiting": "delete_confirmation"}
        ),
    )
    # The action never claims "deleted": the channel erases and says whether it worked.
    assert [m.get("text") for m in messages] == [None]
    assert payload_type(messages[0]["custom"]) is PayloadType.ERASE_CONVERSATION
    assert messages[0]["custom"]["language"] == "en"
    # The confirmation stays pending: "yes" again retries when the erasure failed.
    assert "awaiting" not in slot_events(events)


def test_yes_to_the_deletion_question_asks_to_erase_in_the_same_answer() -> None:
    events, messages = run_action(
        ActionAffirm(),
        make_tracker("ja", "affirm", slots={"language": "de", "awaiting": "delete_confirmation"}),
    )
    assert [payload_type(m["custom"]) for m in messages] == [PayloadType.ERASE_CONVERSATION]
    # No FollowupAction: after one no rule applies and Rasa's core fallback answered once more.
    assert not [e for e in events if e.get("event") == "followup"]
