"""The message contract between the action server and the channels.

Rasa's REST channel passes an action's `json_message` through as `custom`. Every custom payload
carries its kind under `type`; the channels render the kinds they know and must never guess
anything from texts. Besides what a user sees (offer lists, offer cards, the location request),
two kinds are data for the channel only:

- `turn` closes every action's messages: the language the assistant answered in, so a channel
  knows the conversation's language without reading the tracker.
- `erase_conversation` says the user confirmed "delete my data": the channel erases the
  conversation from the stores and tells the user whether that worked (the action cannot: Rasa
  saves the turn's events after the action has run).
- `handoff_requested` says the user confirmed "talk to a person": the channel opens a ticket
  for the staff desk (actions never write channel data) and tells the user when staff answer.

Both sides import this module; it depends on nothing but the standard library.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final, TypedDict

TYPE_KEY: Final = "type"
LANGUAGE_KEY: Final = "language"


class PayloadType(StrEnum):
    """The kinds of custom payloads the actions send."""

    OFFER_LIST = "offer_list"  # the offers just listed as text, as cards
    OFFER_DETAILS = "offer_details"  # one offer's card (address, map pin)
    REQUEST_LOCATION = "request_location"  # ask the user to share their location
    TURN = "turn"  # channel data: the reply language of this turn
    ERASE_CONVERSATION = "erase_conversation"  # channel data: erase this conversation now
    HANDOFF_REQUESTED = "handoff_requested"  # channel data: open a ticket for a person


# Kinds that are data for the channel, never shown to the user.
CHANNEL_ONLY: Final = frozenset(
    {PayloadType.TURN, PayloadType.ERASE_CONVERSATION, PayloadType.HANDOFF_REQUESTED}
)
MAX_HANDOFF_CONTEXT: Final = 5  # the user's last messages a ticket starts with
MAX_CONTEXT_CHARS: Final = 1000  # per message (a channel caps its messages shorter anyway)


class OfferCard(TypedDict):
    """One offer as structured data (web cards, Telegram venues, inline results)."""

    id: str
    title: str
    category: str
    site: str
    address: str
    municipality: str
    lat: float | None
    lon: float | None
    map_url: str | None
    distance_km: float | None  # only from a location the user shared
    directions_query: str
    # The whole offer as one self-contained text in the reply's language (the details message):
    # what a volunteer forwards, and what a Telegram inline result sends.
    share_text: str


# The card fields that are plain text (the web chat passes only these and the numbers).
OFFER_CARD_TEXT_FIELDS: Final = ("id", "title", "category", "site", "address", "municipality")


def turn_payload(language: str) -> dict[str, str]:
    return {TYPE_KEY: PayloadType.TURN.value, LANGUAGE_KEY: language}


def erase_payload(language: str) -> dict[str, str]:
    return {TYPE_KEY: PayloadType.ERASE_CONVERSATION.value, LANGUAGE_KEY: language}


class HandoffRequest(TypedDict):
    """What the assistant knows when the user confirmed the handoff (payload fields)."""

    topic: str | None  # topic code (kita, school, ...) of the conversation
    municipality: str | None  # municipality code
    # What the assistant understood, as codes (intent name, child_age, course_level, ...), for
    # the staff desk's German rendering.
    understood: dict[str, str]
    recent: list[str]  # the user's last typed messages, as written, oldest first


def handoff_payload(
    language: str,
    topic: str | None,
    municipality: str | None,
    understood: Mapping[str, str],
    recent: Iterable[str],
) -> dict[str, Any]:
    kept = [text[:MAX_CONTEXT_CHARS] for text in recent][-MAX_HANDOFF_CONTEXT:]
    return {
        TYPE_KEY: PayloadType.HANDOFF_REQUESTED.value,
        LANGUAGE_KEY: language,
        "topic": topic,
        "municipality": municipality,
        "understood": {str(k): str(v) for k, v in understood.items()},
        "recent": kept,
    }


def read_handoff(custom: Mapping[str, Any]) -> HandoffRequest:
    """The fields of a `handoff_requested` payload, checked (a bad field reads as absent)."""

    def text(value: Any) -> str | None:
        return value if isinstance(value, str) and value else None

    understood = custom.get("understood")
    recent = custom.get("recent")
    return HandoffRequest(
        topic=text(custom.get("topic")),
        municipality=text(custom.get("municipality")),
        understood={
            str(k): str(v)
            for k, v in (understood.items() if isinstance(understood, Mapping) else ())
            if isinstance(v, str | int | float)
        },
        recent=[r for r in (recent if isinstance(recent, list) else []) if isinstance(r, str)][
            -MAX_HANDOFF_CONTEXT:
        ],
    )


def payload_type(custom: Any) -> PayloadType | None:
    """The kind of a custom payload, or None for anything the contract does not know."""
    kind = custom.get(TYPE_KEY) if isinstance(custom, Mapping) else None
    if not isinstance(kind, str):
        return None
    try:
        return PayloadType(kind)
    except ValueError:
        return None


@dataclass(frozen=True)
class TurnOutcome:
    """What the assistant decided in one turn, as data: the channels act on this."""

    messages: list[dict[str, Any]]  # what the user sees, channel-only payloads removed
    language: str | None  # the reply language (the last action's)
    erase_requested: bool  # the user confirmed the erasure of their conversation
    handoff: HandoffRequest | None = None  # the user confirmed the handoff to a person


def read_turn(raw_messages: Iterable[Any]) -> TurnOutcome:
    """Splits the REST channel's answer into the visible messages and the channel data."""
    visible: list[dict[str, Any]] = []
    language: str | None = None
    erase = False
    handoff: HandoffRequest | None = None
    for message in raw_messages:
        if not isinstance(message, dict):
            continue
        custom = message.get("custom")
        kind = payload_type(custom)
        if kind in CHANNEL_ONLY:
            value = custom.get(LANGUAGE_KEY)  # type: ignore[union-attr]
            if isinstance(value, str):
                language = value
            erase = erase or kind is PayloadType.ERASE_CONVERSATION
            if kind is PayloadType.HANDOFF_REQUESTED:
                handoff = read_handoff(custom)  # type: ignore[arg-type]
            continue
        visible.append(message)
    return TurnOutcome(visible, language, erase, handoff)
