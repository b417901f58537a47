"""Rasa's answers as Telegram API calls: pure functions, no network.

A Rasa REST message is `{"text"?, "buttons"?, "custom"?}`. Texts become HTML messages with every
character escaped (offer data and user echoes can contain `<` or `&`), split under Telegram's
length limit at paragraph, line or sentence boundaries; buttons become inline keyboards; the
`custom` payloads become what only Telegram can show: venues with a map pin and a
"share my location" keyboard.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    LinkPreviewOptions,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.constants import MessageLimit, ParseMode

from contract.messages import PayloadType, payload_type

# Telegram counts a message's length after parsing, in UTF-16 code units. Measuring the escaped
# text is stricter than that, so a chunk that passes here always passes there.
TEXT_LIMIT = MessageLimit.MAX_TEXT_LENGTH - 1
# Where a long text may be cut, best first: paragraphs, lines, sentences (Latin, Arabic and
# Persian question marks, ellipsis), words. A cut is taken only in the second half of a chunk.
BOUNDARIES = (
    re.compile(r"\n\s*\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?؟…。])\s+"),
    re.compile(r"\s+"),
)


@dataclass(frozen=True)
class TelegramCall:
    """One Bot API call for the chat being answered: `bot.<method>(chat_id=..., **kwargs)`."""

    method: str
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderOptions:
    """What rendering needs to know about the chat and the user.

    Attributes:
        text: The bridge's own text for a key (`share_location`, ...) in the user's language.
        callback_data: Turns a Rasa button payload into callback data (see callback_data.py).
        private_chat: Location buttons only work in private chats.
        remove_reply_keyboard: The user just used the location keyboard: take it away again.
    """

    text: Callable[[str], str]
    callback_data: Callable[[str], str]
    private_chat: bool = True
    remove_reply_keyboard: bool = False


def _cost(char: str) -> int:
    """UTF-16 code units of a character once HTML-escaped."""
    if char == "&":
        return 5  # &amp;
    if char in "<>":
        return 4  # &lt; &gt;
    return 2 if ord(char) > 0xFFFF else 1


def _fitting_prefix(text: str, limit: int) -> int:
    """The length of the longest prefix of `text` whose escaped form fits into `limit`."""
    used = 0
    for i, char in enumerate(text):
        used += _cost(char)
        if used > limit:
            return i
    return len(text)


def _cut_point(text: str, end: int) -> tuple[int, int]:
    """Where to cut `text[:end]`: (end of this chunk, start of the next)."""
    window = text[:end]
    fallback: tuple[int, int] | None = None
    for boundary in BOUNDARIES:
        matches = [m for m in boundary.finditer(window) if m.start() > 0]
        if not matches:
            continue
        last = matches[-1]
        if last.start() >= end // 2:
            return last.start(), last.end()
        fallback = fallback or (last.start(), last.end())
    return fallback or (end, end)


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """`text` in chunks whose escaped form fits `limit`, cut at the best boundary available."""
    chunks: list[str] = []
    rest = text.strip()
    while rest:
        end = _fitting_prefix(rest, limit)
        if end == len(rest):
            chunks.append(rest)
            break
        stop, start = _cut_point(rest, end)
        chunks.append(rest[:stop].rstrip())
        rest = rest[start:].lstrip()
    return chunks


def _row_capacity(longest_title: int) -> int:
    """How many buttons fit in a row on a phone, given the longest title in it."""
    if longest_title <= 10:
        return 3
    return 2 if longest_title <= 20 else 1


def inline_keyboard(
    buttons: Sequence[dict[str, Any]], callback_data: Callable[[str], str]
) -> InlineKeyboardMarkup | None:
    """Rasa buttons as an inline keyboard: short titles share a row, long ones get their own."""
    rows: list[list[InlineKeyboardButton]] = []
    longest = 0
    for button in buttons:
        title, payload = str(button.get("title") or ""), str(button.get("payload") or "")
        if not title or not payload:
            continue
        key = InlineKeyboardButton(title, callback_data=callback_data(payload))
        candidate = max(longest, len(title))
        if rows and len(rows[-1]) < _row_capacity(candidate):
            rows[-1].append(key)
            longest = candidate
        else:
            rows.append([key])
            longest = len(title)
    return InlineKeyboardMarkup(rows) if rows else None


def text_call(text: str, reply_markup: Any = None) -> TelegramCall:
    """A sendMessage with escaped HTML; link previews off (map links would fill the chat)."""
    kwargs: dict[str, Any] = {
        "text": html.escape(text, quote=False),
        "parse_mode": ParseMode.HTML,
        "link_preview_options": LinkPreviewOptions(is_disabled=True),
    }
    if reply_markup is not None:
        kwargs["reply_markup"] = reply_markup
    return TelegramCall("send_message", kwargs)


def venue_call(card: dict[str, Any]) -> TelegramCall | None:
    """An offer card as a venue message (a map pin with title and address)."""
    try:
        lat, lon = float(card["lat"]), float(card["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    return TelegramCall(
        "send_venue",
        {
            "latitude": lat,
            "longitude": lon,
            "title": str(card.get("title") or card.get("site") or ""),
            "address": str(card.get("address") or card.get("municipality") or ""),
        },
    )


def location_request_call(options: RenderOptions) -> TelegramCall:
    """A message with a one-tap "share my location" keyboard button."""
    keyboard = ReplyKeyboardMarkup(
        [[KeyboardButton(options.text("share_location"), request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    return text_call(options.text("location_prompt"), keyboard)


def _custom_calls(custom: dict[str, Any], options: RenderOptions) -> list[TelegramCall]:
    kind = payload_type(custom)
    if kind is PayloadType.OFFER_DETAILS and isinstance(custom.get("offer"), dict):
        venue = venue_call(custom["offer"])
        return [venue] if venue else []
    if kind is PayloadType.REQUEST_LOCATION and options.private_chat:
        return [location_request_call(options)]
    # offer_list: the text before it already lists the offers; unknown kinds: nothing to show.
    return []


def render(messages: Sequence[dict[str, Any]], options: RenderOptions) -> list[TelegramCall]:
    """All Telegram calls for one answer of the assistant, in order."""
    calls: list[TelegramCall] = []
    for message in messages:
        text = str(message.get("text") or "")
        if text.strip():
            chunks = split_text(text)
            keyboard = inline_keyboard(message.get("buttons") or [], options.callback_data)
            calls += [text_call(chunk) for chunk in chunks[:-1]]
            calls.append(text_call(chunks[-1], keyboard))
        custom = message.get("custom")
        if isinstance(custom, dict):
            calls += _custom_calls(custom, options)
    if options.remove_reply_keyboard:
        _remove_reply_keyboard(calls)
    return calls


def _remove_reply_keyboard(calls: list[TelegramCall]) -> None:
    """Puts ReplyKeyboardRemove on the first text without a keyboard of its own.

    A message carries one keyboard at most, so a text that has inline buttons cannot also take
    the location keyboard away; the keyboard is one-time anyway and folds up by itself.
    """
    for call in calls:
        if call.method == "send_message" and "reply_markup" not in call.kwargs:
            call.kwargs["reply_markup"] = ReplyKeyboardRemove()
            return
