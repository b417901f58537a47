"""Topics, the details they need and the pending question: codes from one vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from actions.awaiting import SLOT, Awaiting, awaiting
from actions.reply import Reply
from actions.topics import (
    ANY_LEVEL,
    DETAILS,
    TOPIC_BY_INTENT,
    TOPICS,
    has_procedure,
    level_buttons,
    needs,
    parse_level,
    topic_buttons,
)
from actions.wishes import Wishes
from locales.catalog import default_catalog
from offer_db.vocabulary import LEVELS, Category, ProcedureCategory
from tests.actions.conftest import make_tracker

ROOT = Path(__file__).resolve().parents[2]
CATALOG = default_catalog()


def domain() -> dict:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_every_topic_is_an_offer_category_asked_by_an_intent_of_the_domain() -> None:
    assert set(TOPICS) == set(Category)
    assert set(TOPIC_BY_INTENT) <= set(domain()["intents"])


def test_the_pending_question_and_every_detail_are_slots_of_the_domain() -> None:
    slots = domain()["slots"]
    assert SLOT in slots
    assert all(detail in slots for detail in DETAILS)


def test_procedures_only_for_school_and_kita() -> None:
    assert {t for t in TOPICS if has_procedure(t)} == set(ProcedureCategory)


@pytest.mark.parametrize("topic", list(Category))
def test_every_topic_needs_a_place_first(topic: Category) -> None:
    assert needs(topic)[0] is Awaiting.MUNICIPALITY
    assert set(needs(topic)) <= set(DETAILS)


def test_level_buttons_are_the_levels_taught_and_not_sure() -> None:
    buttons = level_buttons(Reply("de", CATALOG))
    assert [b["title"] for b in buttons] == [*LEVELS, CATALOG.text("de", "ask.level_any")]
    assert buttons[-1]["payload"] == f'/inform{{"course_level":"{ANY_LEVEL}"}}'


def test_topic_buttons_answer_with_the_topic_code() -> None:
    buttons = topic_buttons(Reply("fa", CATALOG))
    assert [b["payload"] for b in buttons] == [f'/inform{{"topic":"{t}"}}' for t in TOPICS]


@pytest.mark.parametrize(
    ("value", "level"), [("b1", "B1"), (" C1 ", "C1"), ("any", ANY_LEVEL), ("C2", None), (7, None)]
)
def test_levels_are_read_from_the_vocabulary(value: object, level: str | None) -> None:
    assert parse_level(value) == level


def test_an_unknown_pending_question_counts_as_none() -> None:
    assert awaiting(make_tracker(slots={SLOT: "course_level"})) is Awaiting.COURSE_LEVEL
    assert awaiting(make_tracker(slots={SLOT: "something_old"})) is None


def test_wishes_take_the_topic_of_the_question_before_the_remembered_one() -> None:
    tracker = make_tracker(
        "Kita?",
        "ask_kita",
        slots={"topic": "school", "municipality": "Atlantis", "child_age": "3", "location": 5},
    )
    wishes = Wishes.from_tracker(tracker)
    assert wishes == Wishes(Category.KITA, None, 3, None, None)
    assert wishes.missing() is Awaiting.MUNICIPALITY


def test_a_shared_location_stands_for_the_town() -> None:
    tracker = make_tracker(
        "", "inform", slots={"topic": "counseling", "location": {"lat": 51.1, "lon": 6.2}}
    )
    assert Wishes.from_tracker(tracker).missing() is None


def test_a_level_filters_only_language_courses() -> None:
    def level_filter(topic: str) -> str | None:
        tracker = make_tracker(slots={"topic": topic, "course_level": "B1"})
        return Wishes.from_tracker(tracker).level_filter

    assert level_filter("language_course") == "B1"
    assert level_filter("counseling") is None
