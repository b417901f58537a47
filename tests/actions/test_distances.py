"""A distance is shown only from a location the user shared, never as if it were theirs."""

from __future__ import annotations

from typing import Any

import pytest

from actions.offers import ActionFindOffers
from locales.catalog import default_catalog
from offer_db import reference
from tests.actions.conftest import make_tracker, run_action

T = default_catalog().text
FIND = ActionFindOffers()
KM = ("km", "كم", "کیلومتر", "км")


def listing(messages: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """The text of the result list and its offer cards."""
    cards = [m["custom"] for m in messages if m.get("custom", {}).get("type") == "offer_list"]
    assert len(cards) == 1, messages
    text = next(m["text"] for m in messages if m.get("buttons") and "offer_ref" in str(m))
    return text, cards[0]["offers"]


@pytest.mark.parametrize("language", ["de", "ar", "ru"])
def test_a_search_by_town_shows_no_distance(offer_database: str, language: str) -> None:
    slots = {"municipality": "Erkelenz", "topic": "counseling", "language": language}
    _, messages = run_action(FIND, make_tracker("/inform", "inform", slots=slots))
    text, cards = listing(messages)
    assert cards and all(card["distance_km"] is None for card in cards)
    assert not any(unit in text for unit in KM), text


def test_a_shared_location_shows_the_distance_from_it(offer_database: str) -> None:
    centre = reference.municipality("Wegberg")
    assert centre is not None
    location = {"lat": centre.lat + 0.01, "lon": centre.lon}
    _, messages = run_action(
        FIND,
        make_tracker(
            "",
            "inform",
            slots={"topic": "counseling", "language": "de"},
            metadata={"location": location},
        ),
    )
    text, cards = listing(messages)
    assert all(isinstance(card["distance_km"], float) for card in cards)
    assert text.count(" km)") == len(cards)


def test_offers_from_other_towns_say_how_far_from_the_asked_towns_centre(
    offer_database: str,
) -> None:
    # The sample data has no language course in Selfkant: the nearest ones elsewhere are shown.
    slots = {
        "municipality": "Selfkant",
        "topic": "language_course",
        "course_level": "any",
        "language": "en",
    }
    _, messages = run_action(FIND, make_tracker("/inform", "inform", slots=slots))
    text, cards = listing(messages)
    intro = T(
        "en", "results.fallback", topic="{topic}", municipality="Selfkant", start=1, end=1, total=1
    )
    assert intro.split("(")[0].replace("{topic}", T("en", "topic.language_course")) in text
    assert text.count("km from the centre of Selfkant") == len(cards)
    assert all(card["distance_km"] is None for card in cards)
