"""Handoff to a person: the actions ask to confirm, then send `handoff_requested` (no text)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.awaiting import Awaiting
from actions.conversation import ActionAffirm, ActionDeny
from actions.fallback import ActionClarify
from actions.handoff import ActionHandoff, ActionRequestHuman
from contract.messages import PayloadType, payload_type, read_turn
from locales.catalog import default_catalog
from tests.actions.conftest import make_tracker, run_action, slot_events

T = default_catalog().text


def tracker_with_history(events: list[dict[str, Any]], slots: dict[str, Any]) -> Tracker:
    latest = {"text": "/affirm", "intent": {"name": "affirm"}, "metadata": {"chat_type": "web"}}
    return Tracker("u", slots, latest, events, False, None, {}, "action_listen")


def user(text: str, intent: str) -> dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}


@pytest.mark.parametrize("language", ["ar", "de", "fa"])
def test_asking_for_a_person_asks_to_confirm_with_buttons(
    language: str, offer_database: str
) -> None:
    tracker = make_tracker("", "request_human", slots={"language": language})
    events, messages = run_action(ActionRequestHuman(), tracker)
    assert messages[0]["text"] == T(language, "human.confirm")
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/affirm", "/deny"]
    assert slot_events(events)["awaiting"] == Awaiting.HANDOFF_CONFIRMATION


def test_in_a_volunteers_group_there_is_no_handoff_but_the_contact(offer_database: str) -> None:
    tracker = make_tracker(
        "", "request_human", slots={"language": "de"}, metadata={"chat_type": "group"}
    )
    events, messages = run_action(ActionRequestHuman(), tracker)
    assert messages[0]["text"] == T("de", "human.reach_team")
    assert "awaiting" not in slot_events(events)


def test_yes_hands_off_in_the_same_action_and_no_declines() -> None:
    pending = {"awaiting": Awaiting.HANDOFF_CONFIRMATION.value, "language": "tr"}
    events, messages = run_action(ActionAffirm(), make_tracker("evet", "affirm", slots=pending))
    # No FollowupAction: after one, the rule policy has no prediction (see hand_off).
    assert all(e.get("event") != "followup" for e in events)
    assert [payload_type(m.get("custom")) for m in messages] == [PayloadType.HANDOFF_REQUESTED]
    assert read_turn(messages).handoff is not None and slot_events(events)["awaiting"] is None
    events, messages = run_action(ActionDeny(), make_tracker("hayır", "deny", slots=pending))
    assert messages[0]["text"] == T("tr", "human.declined")
    assert slot_events(events)["awaiting"] is None


def test_the_handoff_sends_the_contract_payload_with_what_was_understood() -> None:
    history = [
        user("أبحث عن روضة في Wegberg", "ask_kita"),
        user('/inform{"child_age": "3"}', "inform"),
        user("أريد موظف", "request_human"),
        user("/affirm", "affirm"),
    ]
    slots = {"language": "ar", "topic": "kita", "municipality": "Wegberg", "child_age": 3.0}
    events, messages = run_action(ActionHandoff(), tracker_with_history(history, slots))
    assert [payload_type(m.get("custom")) for m in messages] == [PayloadType.HANDOFF_REQUESTED]
    outcome = read_turn(messages)
    assert outcome.messages == [] and outcome.handoff is not None
    assert outcome.handoff["topic"] == "kita" and outcome.handoff["municipality"] == "Wegberg"
    assert outcome.handoff["understood"] == {"intent": "ask_kita", "child_age": "3"}
    assert outcome.handoff["recent"] == ["أبحث عن روضة في Wegberg", "أريد موظف"]
    assert slot_events(events)["awaiting"] is None


def test_two_misses_in_a_row_offer_a_person(offer_database: str) -> None:
    slots = {"language": "uk", "failed_turns": 1}
    tracker = make_tracker(
        "asdf qwer", "nlu_fallback", slots=slots, metadata={"chat_type": "private"}
    )
    events, messages = run_action(ActionClarify(), tracker)
    assert messages[0]["text"] == T("uk", "clarify.give_up")
    assert messages[-1]["text"] == T("uk", "human.confirm")
    assert slot_events(events)["awaiting"] == Awaiting.HANDOFF_CONFIRMATION
