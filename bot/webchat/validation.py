"""What the browser may send, checked before anything reaches Rasa.

Every problem becomes an `ApiError` with a code; the host turns the code into a message in the
user's language (`webchat.error.<code>` in the catalogs), so the widget can show it as it is.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

# The widget makes 128-bit random ids (32 hex digits); anything id-like of sane length is fine.
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{16,128}")
CLIENT_MESSAGE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
KEPT_CONTROLS = {"\n", "\t"}
# The widget's bodies are two levels deep ({"location": {...}}); a body of 14 KB of "[" would
# make json.loads recurse past Python's limit (RecursionError, a 500 without CORS headers).
MAX_JSON_DEPTH = 8


@dataclass
class ApiError(Exception):
    """A request the host refuses: HTTP status, error code, parameters of its message."""

    status: int
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class IncomingMessage:
    """One user message from the widget."""

    session: str
    text: str
    language: str | None = None  # the widget's language: the hint for the assistant
    client_id: str | None = None  # the widget's id for this message, the same on every retry
    location: tuple[float, float] | None = None


def max_body_bytes(max_chars: int) -> int:
    """The largest body worth parsing: the longest message, escaped, plus the other fields."""
    return max_chars * 12 + 2048  # a \\uXXXX escape of a surrogate pair is 12 bytes


def json_depth_exceeds(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether arrays and objects in `raw` nest deeper than `limit` (brackets in strings aside).

    Checked before parsing, so the parser's recursion stays bounded whatever the body holds.
    """
    depth, in_string, escaped = 0, False, False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):  # ] }
            depth -= 1
    return False


def parse_json(raw: bytes) -> Any:
    """The JSON value of `raw`, nested at most MAX_JSON_DEPTH deep.

    Raises:
        ApiError: 400 bad_request for anything else (invalid UTF-8 or JSON, too deep).
    """
    if json_depth_exceeds(raw):
        raise ApiError(400, "bad_request")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(400, "bad_request") from None


def _json_object(raw: bytes, max_chars: int) -> dict[str, Any]:
    if len(raw) > max_body_bytes(max_chars):
        raise ApiError(413, "too_long", {"max": max_chars})
    body = parse_json(raw)
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request")
    return body


def _session(body: dict[str, Any]) -> str:
    session = body.get("session")
    if not isinstance(session, str) or not SESSION_ID.fullmatch(session):
        raise ApiError(400, "bad_request")
    return session


def primary_language(tag: Any) -> str | None:
    """'de-DE' → 'de'; None for anything that is not a language tag."""
    if not isinstance(tag, str) or not LANGUAGE_TAG.fullmatch(tag.strip()):
        return None
    return re.split(r"[-_]", tag.strip())[0].lower()


def clean_text(text: str) -> str:
    """The message without control characters (except line breaks and tabs), trimmed."""
    return "".join(
        c for c in text if c in KEPT_CONTROLS or unicodedata.category(c) not in {"Cc", "Cs"}
    ).strip()


def _location(value: Any) -> tuple[float, float] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ApiError(400, "bad_request")
    lat, lon = value.get("lat"), value.get("lon")
    numbers = all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
        for v in (lat, lon)
    )
    if not numbers or not (-90 <= lat <= 90 and -180 <= lon <= 180):  # type: ignore[operator]
        raise ApiError(400, "bad_request")
    return float(lat), float(lon)  # type: ignore[arg-type]


def parse_message(raw: bytes, max_chars: int) -> IncomingMessage:
    """`{"session", "message", "language"?, "id"?, "location"?: {"lat", "lon"}}` → message."""
    body = _json_object(raw, max_chars)
    session = _session(body)
    text = body.get("message")
    if not isinstance(text, str):
        raise ApiError(400, "bad_request")
    text = clean_text(text)
    if not text:
        raise ApiError(400, "empty")
    if len(text) > max_chars:
        raise ApiError(400, "too_long", {"max": max_chars})
    client_id = body.get("id")
    if client_id is not None and (
        not isinstance(client_id, str) or not CLIENT_MESSAGE_ID.fullmatch(client_id)
    ):
        raise ApiError(400, "bad_request")
    return IncomingMessage(
        session=session,
        text=text,
        language=primary_language(body.get("language")),
        client_id=client_id,
        location=_location(body.get("location")),
    )


def parse_session(raw: bytes) -> tuple[str, str | None]:
    """`{"session", "language"?}` (delete the conversation) → (session, language)."""
    if len(raw) > max_body_bytes(0):
        raise ApiError(400, "bad_request")  # not "message too long": no message was written
    body = _json_object(raw, 100)
    return _session(body), primary_language(body.get("language"))


def language_from_body(raw: bytes) -> str | None:
    """The widget's language from a body that may be invalid (for localizing its error)."""
    try:
        body = parse_json(raw)
    except ApiError:
        return None
    return primary_language(body.get("language")) if isinstance(body, dict) else None
