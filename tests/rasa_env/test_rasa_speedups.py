"""deploy/rasa_speedups.py: Rasa validates the action server's answers exactly as before, with
the schema checked once instead of on every answer. Runs in Rasa's environment."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from deploy import rasa_speedups

ORIGINAL = RemoteAction._validate_action_result
ORIGINAL_RESOLVE = Event.resolve_by_type

VALID: dict[str, Any] = {
    "events": [
        {"event": "slot", "name": "municipality", "value": "Wegberg", "timestamp": None},
        {"event": "followup", "name": "action_find_offers", "timestamp": None},
    ],
    "responses": [{"text": "Kitas in Wegberg", "buttons": [{"title": "A", "payload": "/x"}]}],
}
INVALID = [
    {"events": [{"event": "slot"}], "responses": []},  # a slot event without a name
    {"events": "not a list", "responses": []},
    {"events": [], "responses": ["not an object"]},
    {"events": [{"event": "no_such_event"}], "responses": []},
]


@pytest.fixture()
def action() -> RemoteAction:
    return RemoteAction("action_find_offers", EndpointConfig("http://127.0.0.1:1/webhook"))


@pytest.fixture()
def installed() -> Any:
    assert rasa_speedups.install()
    yield RemoteAction._validate_action_result
    RemoteAction._validate_action_result = ORIGINAL
    Event.resolve_by_type = staticmethod(ORIGINAL_RESOLVE)


def test_a_valid_answer_passes_as_before(action: RemoteAction, installed: Any) -> None:
    assert ORIGINAL(action, VALID) is True
    assert installed(action, VALID) is True


@pytest.mark.parametrize("answer", INVALID)
def test_an_invalid_answer_fails_with_the_same_error(
    action: RemoteAction, installed: Any, answer: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError) as before:
        ORIGINAL(action, answer)
    with pytest.raises(ValidationError) as after:
        installed(action, answer)
    assert after.value.message == before.value.message
    assert list(after.value.path) == list(before.value.path)


def test_the_schema_is_no_longer_checked_on_every_answer(
    action: RemoteAction, installed: Any
) -> None:
    from jsonschema.validators import validator_for

    checks = []
    schema_class = validator_for(RemoteAction.action_response_format_spec())
    original_check = schema_class.check_schema
    schema_class.check_schema = classmethod(  # type: ignore[method-assign]
        lambda cls, schema, *a, **k: checks.append(1) or original_check(schema, *a, **k)
    )
    try:
        installed(action, VALID)
        installed(action, VALID)
        assert checks == []
        ORIGINAL(action, VALID)
        assert checks == [1]  # what Rasa did for every answer
    finally:
        schema_class.check_schema = original_check  # type: ignore[method-assign]


def test_the_rasa_server_entry_point_installs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    import rasa.__main__

    from deploy import rasa_server

    seen = {}

    def rasa_main() -> None:
        seen["validate"] = RemoteAction._validate_action_result

    monkeypatch.setattr(rasa.__main__, "main", rasa_main)
    monkeypatch.setattr(sys, "argv", ["deploy.rasa_server", "run"])
    try:
        rasa_server.main()
        assert seen["validate"] is not ORIGINAL
    finally:
        RemoteAction._validate_action_result = ORIGINAL


def test_event_classes_are_found_as_before(installed: Any) -> None:
    assert Event.resolve_by_type is not ORIGINAL_RESOLVE
    for cls in all_subclasses(Event):
        for _ in range(2):  # the second answer comes from the remembered lookup
            assert Event.resolve_by_type(cls.type_name) is ORIGINAL_RESOLVE(cls.type_name)
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        Event.resolve_by_type("no_such_event")


def test_stored_events_read_back_the_same(installed: Any) -> None:
    events = [
        UserUttered("hallo", {"name": "greet"}),
        ActionExecuted("utter_greet"),
        SlotSet("x", 1),
    ]
    for event in events:
        assert Event.from_parameters(event.as_dict()) == event
