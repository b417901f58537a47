"""The widget's own texts and the host's error messages, from the translation catalogs.

Translators edit `locales/webchat/<code>.yml` only; the widget fetches its language's texts from
`/api/texts/<code>`, so no text lives in JavaScript.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from bot.webchat.validation import primary_language
from locales.catalog import DEFAULT_LANGUAGE, FALLBACK_CHAIN, Catalog

PREFIX = "webchat."
# The payloads the widget sends for its own controls (language list, location button); signed
# here, since the host accepts no unsigned payload.
LOCATION_PAYLOAD = "/inform"  # with the location: the nearest offers for the current topic
HUMAN_PAYLOAD = "/request_human"  # the widget's "talk to a person" (asks to confirm first)
# The widget's volunteer mode (answers in two languages); the same payload switches it off.
VOLUNTEER_PAYLOAD = "/volunteer_mode"
# Texts of the assistant's catalog the widget shows on its own controls too: one translation for
# the chat's button and the widget's.
SHARED_KEYS = ("volunteer.button",)


def language_payload(code: str) -> str:
    """The payload of choosing `code` in the widget's language list."""
    return "/change_language" + json.dumps({"language": code}, separators=(",", ":"))


def widget_texts(
    catalog: Catalog,
    code: str,
    max_message_chars: int,
    retention_days: int,
    sign: Callable[[str], str],
    poll_seconds: float = 10.0,
) -> dict[str, Any]:
    """Everything the widget needs to speak `code` (a supported language), payloads signed."""
    info = catalog.languages[code]
    keys = sorted(k for k in catalog.messages["en"] if k.startswith(PREFIX))
    texts = {k[len(PREFIX) :]: template(catalog, code, k) for k in keys}
    texts.update({k: template(catalog, code, k) for k in SHARED_KEYS})
    return {
        "language": code,
        "native_name": info.native_name,
        "direction": info.direction,
        "texts": texts,
        "languages": [
            {
                "code": c,
                "native_name": catalog.languages[c].native_name,
                "direction": catalog.languages[c].direction,
                "payload": sign(language_payload(c)),
            }
            for c in catalog.codes
        ],
        "location_payload": sign(LOCATION_PAYLOAD),
        "human_payload": sign(HUMAN_PAYLOAD),
        "volunteer_payload": sign(VOLUNTEER_PAYLOAD),
        "poll_seconds": poll_seconds,
        "max_message_chars": max_message_chars,
        "retention_days": retention_days,
    }


def template(catalog: Catalog, code: str, key: str) -> str:
    """A message with its {placeholders} unfilled (the widget fills them), with fallbacks."""
    for candidate in (code, *FALLBACK_CHAIN):
        found = catalog.messages.get(candidate, {}).get(key)
        if found is not None:
            return found
    raise KeyError(key)


def accepted_languages(header: str | None) -> list[str]:
    """Primary languages of an Accept-Language header, most wanted first."""
    ranked = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        code = primary_language(tag)
        if code and q > 0:
            ranked.append((-q, position, code))
    return [code for _, _, code in sorted(ranked)]


def choose_language(catalog: Catalog, *candidates: str | None) -> str:
    """The first supported candidate, else German."""
    for code in candidates:
        if catalog.supports(code):
            return str(code)
    return DEFAULT_LANGUAGE


def error_text(catalog: Catalog, language: str, code: str, **params: Any) -> str:
    return catalog.text(language, f"{PREFIX}error.{code}", **params)
