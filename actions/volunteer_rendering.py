"""Volunteer mode's answers: every text of a turn in the user's language and a second one.

A volunteer relaying between a newcomer and an office reads and forwards both: each message
shows the complete text in the user's language, then the complete text in the second language
(German unless the volunteer chose another), each under its language's own name. Buttons and
cards stay those of the user's language. Nothing here is held as text: both blocks come from
the catalogs, the headers are the languages' native names.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.reply import Reply
from locales.catalog import Catalog

SLOT = "volunteer_language"
HEADER = "— {name} —"  # a language's native name is the same in every language: no catalog text


def partner_language(
    tracker: Tracker, events: list[Any], language: str, catalog: Catalog
) -> str | None:
    """The second language of this turn's answer, None when volunteer mode is off.

    The turn's own events come first: the answer that switches the mode on already shows
    both languages, the one that switches it off only one.
    """
    partner = tracker.get_slot(SLOT)
    for event in events:
        if isinstance(event, dict) and event.get("event") == "slot" and event.get("name") == SLOT:
            partner = event.get("value")
    if not isinstance(partner, str) or not catalog.supports(partner) or partner == language:
        return None
    return partner


def _header(catalog: Catalog, code: str) -> str:
    return HEADER.format(name=catalog.languages[code].native_name)


def side_by_side(reply: Reply, echo: Reply | None, catalog: Catalog) -> list[dict[str, Any]]:
    """The turn's messages with each text followed by its rendering in the second language.

    The two renderings are paired message by message; when they differ in shape (which a
    deterministic action does not do) the user's messages stay as they are.
    """
    if echo is None:
        return reply.messages
    own = [i for i, m in enumerate(reply.messages) if m.get("text")]
    other = [m["text"] for m in echo.messages if m.get("text")]
    if len(own) != len(other):
        return reply.messages
    out = [dict(m) for m in reply.messages]
    for index, text in zip(own, other, strict=True):
        # Single line breaks only: Rasa's REST channel splits a text without buttons at blank
        # lines into several messages, which would tear the two blocks apart.
        out[index]["text"] = "\n".join(
            [
                _header(catalog, reply.language),
                out[index]["text"],
                _header(catalog, echo.language),
                text,
            ]
        )
    return out
