"""How Rasa 3.6 reads a message text: as words for NLU, or as an `/intent{entities}` payload."""

from __future__ import annotations

import re

# Rasa 3.6's pattern for messages it unpacks as intents (YAMLStoryReader._regex_message_pattern)
RASA_INTENT_MESSAGE = re.compile(
    r"^/(?P<intent>[^{@]+)(?P<confidence>@[0-9.]+)?(?P<entities>{.+})?"
)


def read_as_intent_by_rasa(message: str) -> bool:
    """Whether Rasa would unpack `message` as an intent (it strips the text first)."""
    return RASA_INTENT_MESSAGE.match(message.strip()) is not None
