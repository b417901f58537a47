"""Button payloads: Rasa's `/intent{"entity": "value"}` form, which skips NLU on a tap."""

from __future__ import annotations

import json
from typing import Any

from locales.catalog import default_catalog


def payload(intent: str, **entities: str) -> str:
    """'/inform{"municipality": "Wegberg"}' — the exact message a button sends."""
    if not entities:
        return f"/{intent}"
    return f"/{intent}{json.dumps(entities, ensure_ascii=False, separators=(',', ':'))}"


def language_button(reply: Any) -> dict[str, str]:
    """The "🌐 Language" button that opens the language choice."""
    return reply.button("button.language", payload("change_language"))


def language_choice_buttons() -> list[dict[str, str]]:
    """One button per supported language, titled in that language ("العربية", "Türkçe")."""
    catalog = default_catalog()
    return [
        {
            "title": catalog.languages[code].native_name,
            "payload": payload("change_language", language=code),
        }
        for code in catalog.codes
    ]
