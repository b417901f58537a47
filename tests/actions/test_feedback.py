"""Feedback (👍/👎, what was missing, consent) and unanswered questions, stored in a real staff
desk database (SQLite and PostgreSQL): what is kept, and what is never kept without consent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

import actions.feedback_store as feedback_store
from actions.fallback import ActionClarify
from actions.feedback import ActionFeedback, Reason
from actions.feedback_records import scrub
from actions.offers import ActionFindOffers
from locales.catalog import default_catalog
from staff_desk.models import Feedback, UnansweredQuestion
from tests.actions.conftest import make_tracker, run_action, slot_events
from tests.conftest import BACKENDS, fresh_database

T = default_catalog().text
SENDER = "pseudonym-abc"
QUESTION = "Kita in Wegberg für meine Tochter, 3 Jahre, Mail an eva@example.org, Tel 02431 123456"


@pytest.fixture(params=BACKENDS)
def staff_db(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The staff desk's database for the actions, on SQLite and PostgreSQL."""
    with fresh_database(request.param, tmp_path) as url:
        monkeypatch.setenv("STAFF_DB_URL", url)
        feedback_store._factory.cache_clear()
        yield url
        feedback_store._factory.cache_clear()


def rows(url: str, model: Any) -> list[Any]:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(model).order_by(model.id)))
    finally:
        engine.dispose()


def user_event(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


def button_tracker(code: str, slots: dict[str, Any] | None = None) -> Tracker:
    """The user taps a feedback button after asking QUESTION and getting offers."""
    text = f'/feedback{{"feedback":"{code}"}}'
    latest = {
        "text": text,
        "intent": {"name": "feedback", "confidence": 1.0},
        "entities": [{"entity": "feedback", "value": code}],
        "metadata": {},
    }
    events = [user_event(QUESTION, "ask_kita"), user_event(text, "feedback")]
    all_slots = {"language": "de", "municipality": "Wegberg", **(slots or {})}
    return Tracker(SENDER, all_slots, latest, events, False, None, {}, "action_listen")


def test_offer_list_ends_with_thumbs_buttons_and_records_the_search(offer_database: str) -> None:
    tracker = make_tracker(
        "Kita in Wegberg, 3 Jahre",
        "ask_kita",
        entities=[
            {"entity": "municipality", "value": "Wegberg"},
            {"entity": "child_age", "value": 3},
        ],
        slots={"municipality": "Wegberg", "child_age": 3, "language": "de"},
        language=("de", 0.99),
    )
    events, messages = run_action(ActionFindOffers(), tracker)
    assert messages[-1]["text"] == T("de", "feedback.ask")
    assert [b["payload"] for b in messages[-1]["buttons"]] == [
        '/feedback{"feedback":"up"}',
        '/feedback{"feedback":"down"}',
    ]
    outcome = slot_events(events)["search_outcome"]
    assert outcome["topic"] == "kita" and outcome["municipality"] == "Wegberg"
    assert outcome["total"] >= 1


def test_thumbs_up_is_stored_with_intent_language_and_town(staff_db: str) -> None:
    _, messages = run_action(ActionFeedback(), button_tracker("up"))
    assert messages[0]["text"] == T("de", "feedback.thanks")
    [stored] = rows(staff_db, Feedback)
    assert (stored.sender, stored.score, stored.intent) == (SENDER, 1, "ask_kita")
    assert (stored.language, stored.municipality, stored.text) == ("de", "Wegberg", None)
    assert rows(staff_db, UnansweredQuestion) == []


def test_thumbs_down_asks_what_was_missing_then_consent_then_keeps_the_note(staff_db: str) -> None:
    _, asked = run_action(ActionFeedback(), button_tracker("down"))
    assert asked[0]["text"] == T("de", "feedback.ask_reason")
    assert [b["payload"] for b in asked[0]["buttons"]] == [
        f'/feedback{{"feedback":"{r.value}"}}' for r in Reason
    ]
    [down] = rows(staff_db, Feedback)
    assert (down.score, down.reason) == (-1, None)

    _, consent = run_action(ActionFeedback(), button_tracker("wrong_place"))
    assert consent[0]["text"] == T("de", "feedback.ask_consent")
    assert rows(staff_db, Feedback)[0].reason == "wrong_place"
    # Nothing of the question's text is kept before the user agreed.
    assert rows(staff_db, UnansweredQuestion) == []

    events, note_asked = run_action(ActionFeedback(), button_tracker("keep_text"))
    assert note_asked[0]["text"] == T("de", "feedback.ask_note")
    assert slot_events(events)["awaiting"] == "feedback_note"
    [question] = rows(staff_db, UnansweredQuestion)
    assert question.source == "feedback" and question.intent_guess == "ask_kita"
    assert question.text == (
        "Kita in Wegberg für meine Tochter, 3 Jahre, Mail an [email], Tel [number]"
    )

    # The note arrives with whatever intent the NLU guessed; it is taken as the note.
    note = make_tracker(
        "Die Kita in Wegberg hat keine Plätze mehr",
        "nlu_fallback",
        slots={"awaiting": "feedback_note", "language": "de"},
        language=("de", 0.99),
    )
    note.sender_id = SENDER
    events, thanked = run_action(ActionClarify(), note)
    assert thanked[0]["text"] == T("de", "feedback.thanks_down")
    assert slot_events(events)["awaiting"] is None
    assert rows(staff_db, Feedback)[0].text == "Die Kita in Wegberg hat keine Plätze mehr"
    # ... and not as an unanswered question of its own.
    assert len(rows(staff_db, UnansweredQuestion)) == 1


def test_without_consent_the_unanswered_question_is_kept_without_any_text(staff_db: str) -> None:
    run_action(ActionFeedback(), button_tracker("down"))
    _, thanked = run_action(ActionFeedback(), button_tracker("no_text"))
    assert thanked[0]["text"] == T("de", "feedback.thanks_down")
    [question] = rows(staff_db, UnansweredQuestion)
    assert (question.text, question.language, question.municipality) == (None, "de", "Wegberg")
    assert rows(staff_db, Feedback)[0].text is None


def test_a_fallback_is_collected_without_text_or_sender(staff_db: str) -> None:
    tracker = make_tracker(
        "Wo bekomme ich einen Jagdschein?",
        "nlu_fallback",
        ranking=[
            {"name": "nlu_fallback", "confidence": 0.7},
            {"name": "ask_counseling", "confidence": 0.21},
        ],
        slots={"language": "de", "municipality": "Hückelhoven"},
        language=("de", 0.99),
    )
    run_action(ActionClarify(), tracker)
    [question] = rows(staff_db, UnansweredQuestion)
    assert (question.source, question.intent_guess, question.text) == (
        "fallback",
        "ask_counseling",
        None,
    )
    assert question.confidence == pytest.approx(0.21)
    assert question.municipality == "Hückelhoven"
    assert not hasattr(question, "sender")


def test_a_failing_database_costs_the_record_not_the_answer(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STAFF_DB_URL", f"sqlite:///{tmp_path / 'missing' / 'x.sqlite3'}")
    feedback_store._factory.cache_clear()
    _, messages = run_action(ActionFeedback(), button_tracker("up"))
    assert messages[0]["text"] == T("de", "feedback.thanks")


def test_scrub_removes_contact_details_but_keeps_ages_and_towns() -> None:
    assert scrub("Kurs A1 in Geilenkirchen, Kind 4, www.x.de, +49 2452 99 88 77") == (
        "Kurs A1 in Geilenkirchen, Kind 4, [link], [number]"
    )
