"""Speed-ups of Rasa 3.6 that change nothing it does, installed by deploy/rasa_server.py.

Runs in Rasa's environment and imports nothing of ours.

Rasa checks every answer of the action server against its response schema with
`jsonschema.validate(...)`, and that function first checks the (constant) schema itself against
JSON Schema's metaschema, on every call. Profiled under load (bench/load.py --profile, py-spy),
that check alone took 66 % of the Rasa process's busy time: more than understanding the
message, predicting the next action and the tracker store together. Here the schema is checked
once and its validator kept; each answer is still validated in full, with the same error.

Reading a conversation back from the tracker store, Rasa finds each event's class by walking all
subclasses of Event (and asking `inspect.isabstract` of each) for every stored event: 11 % of
the tracker store's time in the same profile. Here the class found for a type name is
remembered; a name not seen before is still looked up Rasa's way.
"""

from __future__ import annotations

from typing import Any

RASA_SERIES = "3.6."  # the method replaced below is Rasa 3.6's; another version keeps its own


def install() -> bool:
    """Installs both speed-ups; False (and nothing changed) on a Rasa version this was not
    written for."""
    import rasa

    if not rasa.__version__.startswith(RASA_SERIES):
        return False
    _install_action_result_validator()
    _install_event_class_lookup()
    return True


def _install_event_class_lookup() -> None:
    """Event.resolve_by_type remembers the class of each type name it resolved."""
    from rasa.shared.core.events import Event

    original = Event.resolve_by_type
    resolved: dict[str, type] = {}

    def resolve_by_type(type_name: str, default: type | None = None) -> type | None:
        found = resolved.get(type_name)
        if found is not None:
            return found
        found = original(type_name, default)  # Rasa's lookup, defaults and errors
        if found is not None and getattr(found, "type_name", None) == type_name:
            resolved[type_name] = found  # a real match, not the default for an unknown name
        return found

    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign,assignment]


def _install_action_result_validator() -> None:
    """Replaces RemoteAction._validate_action_result with one that reuses a checked validator."""
    from jsonschema import ValidationError, exceptions
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)  # once, as jsonschema.validate does on every call
    validator = validator_class(schema)

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        # What jsonschema.validate does after checking the schema, and Rasa's own message.
        error: ValidationError | None = exceptions.best_match(validator.iter_errors(result))
        if error is not None:
            error.message += (
                f". Failed to validate Action server response from API, "
                f"make sure your response from the Action endpoint is valid. "
                f"For more information about the format visit "
                f"{DOCS_BASE_URL}/custom-actions"
            )
            raise error
        return True

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
