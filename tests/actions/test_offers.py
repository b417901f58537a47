"""The offer dialogue against a real seeded database: asking, listing, paging, details."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import actions.offer_store as offer_store
from actions.conversation import ActionDeny
from actions.offers import ActionFindOffers
from locales.catalog import default_catalog
from tests.actions.conftest import make_tracker, run_action, slot_events

T = default_catalog().text
FIND = ActionFindOffers()


def ent(entity: str, value: str) -> dict[str, str]:
    return {"entity": entity, "value": value}


def test_kita_question_without_town_asks_for_town_with_buttons(offer_database: str) -> None:
    events, messages = run_action(
        FIND, make_tracker("Ich suche eine Kita", "ask_kita", language=("de", 0.99))
    )
    assert messages[0]["text"] == T("de", "ask.municipality", topic=T("de", "topic.kita"))
    assert len(messages[0]["buttons"]) == 10
    assert slot_events(events)["awaiting"] == "municipality"


def test_kita_question_with_town_asks_for_the_childs_age(offer_database: str) -> None:
    tracker = make_tracker(
        "Kita in Wegberg",
        "ask_kita",
        [ent("municipality", "Wegberg")],
        slots={"municipality": "Wegberg"},
        language=("de", 0.99),
    )
    events, messages = run_action(FIND, tracker)
    assert messages[0]["text"] == T("de", "ask.child_age")
    assert slot_events(events)["topic"] == "kita"


def test_impossible_age_is_asked_again(offer_database: str) -> None:
    tracker = make_tracker(
        "40",
        "inform",
        [ent("child_age", "40")],
        slots={"municipality": "Wegberg", "topic": "kita", "child_age": "40", "language": "en"},
    )
    events, messages = run_action(FIND, tracker)
    assert messages[0]["text"] == T("en", "ask.child_age_invalid")
    assert slot_events(events)["child_age"] is None


def offer_cards(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The offer cards of the answer's structured `offer_list` message."""
    lists = [m["custom"] for m in messages if m.get("custom", {}).get("type") == "offer_list"]
    assert len(lists) == 1, f"expected one offer list in {messages}"
    return list(lists[0]["offers"])


def test_kita_with_town_and_age_lists_at_most_five_offers_with_procedure(
    offer_database: str,
) -> None:
    tracker = make_tracker(
        "4",
        "inform",
        [ent("child_age", "4")],
        slots={"municipality": "Wegberg", "topic": "kita", "child_age": "4", "language": "en"},
    )
    _, messages = run_action(FIND, tracker)
    text = "\n".join(m.get("text") or "" for m in messages)
    assert T("en", "procedure.heading_kita", municipality="Wegberg") in text
    offers = offer_cards(messages)
    assert 1 <= len(offers) <= 5
    assert all(o["category"] == "kita" for o in offers)
    details_buttons = [
        b for m in messages for b in m.get("buttons", []) if "offer_ref" in b["payload"]
    ]
    assert len(details_buttons) == len(offers)


def test_more_results_continue_after_the_first_page(offer_database: str) -> None:
    # The sample data has six language courses in Heinsberg: one more than a page.
    slots = {
        "municipality": "Heinsberg",
        "topic": "language_course",
        "course_level": "any",
        "language": "de",
    }
    _, first = run_action(
        FIND, make_tracker("Deutschkurs in Heinsberg", "ask_language_course", slots=slots)
    )
    first_ids = {o["id"] for o in offer_cards(first)}
    more = [b for m in first for b in m.get("buttons", []) if '"page":"next"' in b["payload"]]
    assert len(first_ids) == 5 and more
    events, second = run_action(
        FIND,
        make_tracker(
            "/inform", "inform", [ent("page", "next")], slots={**slots, "results_offset": 0}
        ),
    )
    second_ids = {o["id"] for o in offer_cards(second)}
    assert second_ids and second_ids.isdisjoint(first_ids)
    assert slot_events(events)["results_offset"] == 5


def test_details_show_address_registration_documents_and_check_date(offer_database: str) -> None:
    slots = {
        "municipality": "Erkelenz",
        "topic": "language_course",
        "course_level": "any",
        "language": "de",
    }
    _, listing = run_action(FIND, make_tracker("any", "inform", slots=slots))
    payload = next(
        b["payload"] for m in listing for b in m.get("buttons", []) if "offer_ref" in b["payload"]
    )
    ref = json.loads(payload[payload.index("{") :])["offer_ref"]
    _, messages = run_action(
        FIND, make_tracker(payload, "inform", [ent("offer_ref", ref)], slots=slots)
    )
    text = messages[0]["text"]
    assert T("de", "details.register_heading") in text
    assert "Adresse:" in text and "Zuletzt geprüft:" in text
    assert messages[1]["custom"]["offer"]["id"] == ref


@pytest.fixture()
def partly_translated_database(
    seeded_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The sample offers without their Turkish titles: Turkish answers show the German ones."""
    copy = tmp_path / "partly.sqlite3"
    shutil.copy(seeded_database_url.removeprefix("sqlite:///"), copy)
    db = sqlite3.connect(copy)
    with db:
        db.execute("DELETE FROM offer_translations WHERE field = 'title' AND language = 'tr'")
    db.close()
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{copy}")
    offer_store._factory.cache_clear()
    yield f"sqlite:///{copy}"
    offer_store._factory.cache_clear()


def kitas_in_wegberg(language: str) -> list[dict[str, Any]]:
    slots = {"municipality": "Wegberg", "topic": "kita", "child_age": "4", "language": language}
    _, messages = run_action(
        FIND, make_tracker("4", "inform", [ent("child_age", "4")], slots=slots)
    )
    return messages


def test_an_arabic_answer_shows_the_arabic_titles(partly_translated_database: str) -> None:
    messages = kitas_in_wegberg("ar")
    text = "\n".join(m.get("text") or "" for m in messages)
    cards = offer_cards(messages)
    assert cards and "Kindertagesbetreuung" not in text
    for number, card in enumerate(cards, start=1):
        assert card["title"].startswith("حضانة أطفال (Kita) للأطفال من")
        assert f"{number}. {card['title']}" in text
    slots = {"municipality": "Wegberg", "topic": "kita", "language": "ar"}
    ref = cards[0]["id"]
    _, details = run_action(
        FIND, make_tracker("/inform", "inform", [ent("offer_ref", ref)], slots=slots)
    )
    assert details[0]["text"].splitlines()[0] == cards[0]["title"]
    assert details[1]["custom"]["offer"]["title"] == cards[0]["title"]


def test_a_language_without_translated_titles_shows_the_german_ones(
    partly_translated_database: str,
) -> None:
    messages = kitas_in_wegberg("tr")
    text = "\n".join(m.get("text") or "" for m in messages)
    cards = offer_cards(messages)
    assert cards
    for number, card in enumerate(cards, start=1):
        assert card["title"].startswith("Kindertagesbetreuung für Kinder von")
        assert f"{number}. {card['title']}" in text
    slots = {"municipality": "Wegberg", "topic": "kita", "language": "tr"}
    _, details = run_action(
        FIND, make_tracker("/inform", "inform", [ent("offer_ref", cards[0]["id"])], slots=slots)
    )
    assert details[0]["text"].splitlines()[0] == cards[0]["title"]


def note_of(database_url: str, external_id: str, language: str) -> str | None:
    db = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    with db:
        row = db.execute(
            "SELECT t.text FROM offer_translations t JOIN offers o ON o.id = t.offer_id"
            " WHERE o.external_id = ? AND t.field = 'notes' AND t.language = ?",
            (external_id, language),
        ).fetchone()
    db.close()
    return row[0] if row else None


@pytest.mark.parametrize("language", ["uk", "en", "de"])
def test_a_note_staff_wrote_only_in_german_says_it_is_german(
    offer_database: str, language: str
) -> None:
    ref = "sample-kita-erkelenz-01"  # notes in de, en, ar, fa, ru, tr; none in uk
    german = note_of(offer_database, ref, "de")
    assert german and note_of(offer_database, ref, "uk") is None
    slots = {"municipality": "Erkelenz", "topic": "kita", "language": language}
    _, messages = run_action(
        FIND, make_tracker("/inform", "inform", [ent("offer_ref", ref)], slots=slots)
    )
    text = messages[0]["text"]
    if language == "uk":
        assert T("uk", "details.note_in_german", note=german) in text
    else:  # staff wrote it in this language: shown as their note, without a remark
        own = note_of(offer_database, ref, language)
        assert own and T(language, "details.note", note=own) in text
        assert german not in text or language == "de"


def test_unknown_offer_says_it_is_gone(offer_database: str) -> None:
    _, messages = run_action(
        FIND,
        make_tracker(
            "/inform", "inform", [ent("offer_ref", "no-such-offer")], slots={"language": "fr"}
        ),
    )
    assert messages[0]["text"] == T("fr", "details.not_found")


def test_language_course_asks_level_with_a_not_sure_button(offer_database: str) -> None:
    tracker = make_tracker(
        "Deutschkurs in Erkelenz",
        "ask_language_course",
        [ent("municipality", "Erkelenz")],
        slots={"municipality": "Erkelenz"},
        language=("de", 0.99),
    )
    _, messages = run_action(FIND, tracker)
    assert messages[0]["text"] == T("de", "ask.course_level")
    assert [b["title"] for b in messages[0]["buttons"]][-1] == T("de", "ask.level_any")


def test_not_knowing_the_level_searches_all_levels_in_the_same_answer(
    offer_database: str,
) -> None:
    slots = {
        "awaiting": "course_level",
        "language": "de",
        "topic": "language_course",
        "municipality": "Erkelenz",
    }
    events, messages = run_action(ActionDeny(), make_tracker("nein", "deny", slots=slots))
    assert slot_events(events)["course_level"] == "any"
    assert offer_cards(messages), "the courses of every level come with the answer to 'no'"
    # No FollowupAction: after one no rule applies, and Rasa's core fallback searched again and
    # again until the circuit breaker stopped the turn.
    assert not [e for e in events if e.get("event") == "followup"]


def test_database_down_gives_a_clear_error_in_the_users_language(broken_database: None) -> None:
    tracker = make_tracker(
        "x", "inform", slots={"municipality": "Wegberg", "topic": "counseling", "language": "tr"}
    )
    _, messages = run_action(FIND, tracker)
    assert messages[-1]["text"] == T("tr", "error.database")


def test_unknown_municipality_value_is_asked_again(offer_database: str) -> None:
    tracker = make_tracker(
        "/inform",
        "inform",
        slots={"municipality": "Aachen", "topic": "counseling", "language": "en"},
    )
    events, messages = run_action(FIND, tracker)
    assert slot_events(events)["awaiting"] == "municipality"


def test_a_detail_without_topic_takes_a_likely_topic_from_the_ranking(offer_database: str) -> None:
    ranking = [{"name": "inform", "confidence": 0.48}, {"name": "ask_kita", "confidence": 0.42}]
    tracker = make_tracker(
        "أحتاج روضة لابنتي عمرها ٣ سنوات في Wegberg",
        "inform",
        [ent("municipality", "Wegberg"), ent("child_age", "3")],
        slots={"municipality": "Wegberg", "child_age": "3", "language": "ar"},
        ranking=ranking,
    )
    _, messages = run_action(FIND, tracker)
    assert {o["category"] for o in offer_cards(messages)} == {"kita"}


def test_a_detail_without_any_likely_topic_asks_for_the_topic(offer_database: str) -> None:
    ranking = [{"name": "inform", "confidence": 0.9}, {"name": "ask_kita", "confidence": 0.05}]
    tracker = make_tracker(
        "Wegberg",
        "inform",
        [ent("municipality", "Wegberg")],
        slots={"municipality": "Wegberg", "language": "de"},
        ranking=ranking,
    )
    _, messages = run_action(FIND, tracker)
    assert T("de", "ask.topic") in "\n".join(m.get("text") or "" for m in messages)
    assert not [m for m in messages if m.get("custom", {}).get("type") == "offer_list"]


@pytest.mark.parametrize("age", ["1e400", "nan", "-3"])
def test_an_age_that_is_no_plausible_number_is_asked_again(offer_database: str, age: str) -> None:
    # A typed '/ask_kita{"child_age": "1e400"}' once raised OverflowError in the action.
    slots = {"municipality": "Wegberg", "topic": "kita", "child_age": age, "language": "en"}
    events, messages = run_action(FIND, make_tracker("/ask_kita", "ask_kita", slots=slots))
    assert messages[0]["text"] == T("en", "ask.child_age_invalid")
    assert slot_events(events)["child_age"] is None
    assert slot_events(events)["awaiting"] == "child_age"
