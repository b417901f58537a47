"""Rasa's answer, reduced to what the widget renders: nothing passes that the widget has no use for.

Rasa's REST channel returns `text`, `buttons`, `image`, `custom` and the recipient id. The widget
gets texts, buttons (title + payload) and the custom payloads it knows, with only the fields it
shows, as plain strings and numbers. It still renders all of it as text; this is the second wall.
Button payloads go out signed (bot/payload_signing.py): the widget sends back what it got, and
only a payload with the host's signature reaches Rasa as one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

CARD_TEXT_FIELDS = ("id", "title", "category", "site", "address", "municipality")
MAX_BUTTONS = 30
# Signed, a payload must still fit into a message the host accepts (1000 characters by default).
MAX_PAYLOAD_CHARS = 900


def _text(value: Any, limit: int = 4000) -> str | None:
    return value[:limit] if isinstance(value, str) and value.strip() else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)


def _web_url(value: Any) -> str | None:
    """Only http(s) links: a `javascript:` or `data:` URL in data must never become a link."""
    if isinstance(value, str) and value.lower().startswith(("https://", "http://")):
        return value[:2000]
    return None


def offer_card(raw: Any) -> dict[str, Any] | None:
    """An offer card (see actions.offer_rendering.offer_card) with the fields the widget shows."""
    if not isinstance(raw, dict) or not _text(raw.get("title")):
        return None
    card: dict[str, Any] = {k: v for k in CARD_TEXT_FIELDS if (v := _text(raw.get(k), 500))}
    card["map_url"] = _web_url(raw.get("map_url"))
    card["distance_km"] = _number(raw.get("distance_km"))
    return card


def _custom(raw: Any) -> dict[str, Any] | None:
    if not isinstance(raw, dict):
        return None
    kind = raw.get("type")
    language = _text(raw.get("language"), 8)
    out: dict[str, Any] | None = None
    if kind == "offer_list" and isinstance(raw.get("offers"), list):
        cards = [c for c in (offer_card(o) for o in raw["offers"]) if c]
        out = {"type": kind, "offers": cards} if cards else None
    elif kind == "offer_details":
        card = offer_card(raw.get("offer"))
        out = {"type": kind, "offer": card} if card else None
    elif kind == "request_location":
        out = {"type": kind}
    if out is not None and language:
        out["language"] = language
    return out


def _buttons(raw: Any, sign: Callable[[str], str]) -> list[dict[str, str]]:
    if not isinstance(raw, list):
        return []
    buttons = []
    for b in raw[:MAX_BUTTONS]:
        if not isinstance(b, dict) or not _text(b.get("title"), 200):
            continue
        payload = b.get("payload")
        # A cut payload would be a different one: a button that cannot work is left out.
        if isinstance(payload, str) and payload.strip() and len(payload) <= MAX_PAYLOAD_CHARS:
            buttons.append({"title": b["title"][:200], "payload": sign(payload)})
    return buttons


def for_widget(messages: Iterable[Any], sign: Callable[[str], str]) -> list[dict[str, Any]]:
    """The messages the widget renders, in order, button payloads signed; unknown parts dropped."""
    out = []
    for m in messages:
        if not isinstance(m, dict):
            continue
        message: dict[str, Any] = {}
        text = _text(m.get("text"))
        if text:
            message["text"] = text
        buttons = _buttons(m.get("buttons"), sign)
        if buttons:
            message["buttons"] = buttons
        custom = _custom(m.get("custom"))
        if custom:
            message["custom"] = custom
        if message:
            out.append(message)
    return out


def language_in_answer(messages: Iterable[dict[str, Any]]) -> str | None:
    """The language the custom payloads of an answer carry (the last one wins)."""
    found = None
    for m in messages:
        custom = m.get("custom")
        if isinstance(custom, dict) and isinstance(custom.get("language"), str):
            found = custom["language"]
    return found
