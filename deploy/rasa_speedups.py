"""Speed-ups of Rasa 3.6 that change nothing it does, installed by deploy/rasa_server.py.

Runs in Rasa's environment and imports nothing of ours.

Rasa checks every answer of the action server against its response schema with
`jsonschema.validate(...)`, and that function first checks the (constant) schema itself against
JSON Schema's metaschema, on every call. Profiled under load (bench/load.py --profile, py-spy),
that check alone took 66 % of the Rasa process's busy time: more than understanding the
message, predicting the next action and the tracker store together. Here the schema is checked
once and its validator kept; each answer is still validated in full, with the same error.
"""

from __future__ import annotations

from typing import Any

RASA_SERIES = "3.6."  # the method replaced below is Rasa 3.6's; another version keeps its own


def install() -> bool:
    """Replaces RemoteAction._validate_action_result with one that reuses a checked validator.

    Returns False (and changes nothing) on a Rasa version this was not written for.
    """
    import rasa
    from jsonschema import ValidationError, exceptions
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    if not rasa.__version__.startswith(RASA_SERIES):
        return False
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
    return True
