"""The emergency answer: 112/110 first in every language, then what to do and the help line
that fits the kind of emergency the NLU found, then the other help lines."""

from __future__ import annotations

import pytest

from actions.safety import ActionEmergency, helplines
from locales.catalog import default_catalog
from tests.actions.conftest import make_tracker, run_action

CATALOG = default_catalog()
T = CATALOG.text
FITTING = {
    "violence": "116 016",
    "suicide": "0800 111 0 111",
    "medical": "116 117",
}


def emergency_tracker(language: str, category: str | None):  # noqa: ANN201
    tracker = make_tracker("...", "emergency", slots={"language": language})
    tracker.latest_message["emergency"] = {"category": category}
    return tracker


@pytest.mark.parametrize("language", sorted(CATALOG.codes))
@pytest.mark.parametrize("category", sorted(helplines()["fitting"]))
def test_every_kind_of_emergency_starts_with_112_then_advice_and_all_lines(
    broken_database: None, language: str, category: str
) -> None:
    _, messages = run_action(ActionEmergency(), emergency_tracker(language, category))
    assert messages[0]["text"] == T(language, "emergency.call_now")
    assert "112" in messages[0]["text"] and "110" in messages[0]["text"]
    assert messages[1]["text"].startswith(T(language, f"emergency_advice.{category}"))
    all_text = "\n".join(m["text"] for m in messages)
    for line in helplines()["helplines"]:
        assert line["number"] in all_text  # nothing is lost, only reordered
    if category in FITTING:
        assert FITTING[category] in messages[1]["text"]
        assert FITTING[category] not in messages[2]["text"]


def test_emergency_without_a_known_kind_lists_all_help_lines() -> None:
    _, messages = run_action(ActionEmergency(), emergency_tracker("tr", None))
    assert messages[0]["text"] == T("tr", "emergency.call_now")
    assert messages[1]["text"].startswith(T("tr", "emergency.helplines_heading"))
    assert len(messages) == 2


def test_an_unknown_category_is_treated_as_unknown() -> None:
    _, messages = run_action(ActionEmergency(), emergency_tracker("de", "alien_invasion"))
    assert messages[1]["text"].startswith(T("de", "emergency.helplines_heading"))
