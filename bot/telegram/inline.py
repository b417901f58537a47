"""Inline mode: `@bot kita wegberg 3` in any chat offers the matching offers as venue cards.

Volunteers use it to drop an offer into a conversation with a newcomer: results are listed with
their map pin, and the one chosen is sent as the offer's whole text, the same as the details
message of the chat (the card's `share_text`).

Each query is a conversation of its own (the user's pseudonym + "-inline"), erased from Rasa
right after the answer: a half-typed query must neither change the user's real conversation
nor stay stored.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from typing import Any

from telegram import (
    InlineQueryResultsButton,
    InlineQueryResultVenue,
    InputTextMessageContent,
    Update,
)
from telegram.constants import InlineQueryLimit, InlineQueryResultLimit, MessageLimit
from telegram.ext import ContextTypes

from bot.telegram.bridge import telegram_turn
from bot.telegram.handlers import bridge_of
from contract.messages import PayloadType, payload_type

logger = logging.getLogger(__name__)

MIN_QUERY_LENGTH = 3  # Telegram sends a query per pause in typing: skip "k", "ki"
CACHE_TIME_S = 300  # offers change rarely; cached per user (the button is in their language)
START_PARAMETER = "inline"  # /start inline: the button opens the private chat


def _result_id(card: dict[str, Any]) -> str:
    """A result id (at most 64 bytes) that is stable for the same offer."""
    raw = str(card.get("id") or f"{card.get('title')}|{card.get('address')}")
    if len(raw.encode()) <= InlineQueryResultLimit.MAX_ID_LENGTH:
        return raw
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def offer_cards(messages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The offer cards in the assistant's answer (lists and single offers), without repeats."""
    cards: dict[str, dict[str, Any]] = {}
    for message in messages:
        custom = message.get("custom")
        if not isinstance(custom, dict):
            continue
        found = custom.get("offers") if payload_type(custom) is PayloadType.OFFER_LIST else None
        if payload_type(custom) is PayloadType.OFFER_DETAILS:
            found = [custom.get("offer")]
        for card in found or []:
            if isinstance(card, dict) and card.get("lat") is not None:
                cards.setdefault(_result_id(card), card)
    return list(cards.values())[: InlineQueryLimit.RESULTS]


def shared_card(card: dict[str, Any]) -> InputTextMessageContent | None:
    """What choosing a result sends: the offer's whole text, the same as the details message a
    volunteer forwards from the chat (None: an older card without it sends the venue)."""
    text = card.get("share_text")
    if not isinstance(text, str) or not text.strip():
        return None
    return InputTextMessageContent(text[: MessageLimit.MAX_TEXT_LENGTH])


def venue_results(cards: Sequence[dict[str, Any]]) -> list[InlineQueryResultVenue]:
    """The cards as results listed with their map pin; each sends the shared card's text."""
    return [
        InlineQueryResultVenue(
            id=_result_id(card),
            latitude=float(card["lat"]),
            longitude=float(card["lon"]),
            title=str(card.get("title") or card.get("site") or ""),
            address=str(card.get("address") or card.get("municipality") or ""),
            input_message_content=shared_card(card),
        )
        for card in cards
    ]


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An inline query: the offers the assistant finds for it, plus a way into the chat."""
    query = update.inline_query
    if query is None:
        return
    bridge = bridge_of(context)
    user_sender = bridge.sender(query.from_user.id)
    language = bridge.language(user_sender, query.from_user.language_code)
    button = InlineQueryResultsButton(
        text=bridge.memory.text(language, "inline_open_chat"), start_parameter=START_PARAMETER
    )
    text = query.query.strip()
    results: list[InlineQueryResultVenue] = []
    sender = f"{user_sender}-inline"
    # Typing fast sends a query per keystroke: beyond the cap a query is answered without
    # results instead of holding an update slot (bot/telegram/pending.py).
    if len(text) >= MIN_QUERY_LENGTH and bridge.pending.enter(sender):
        logger.info("inline query from %s", user_sender)
        try:
            async with bridge.lock(sender):
                turn = telegram_turn(sender, text, query.from_user.language_code, "inline")
                messages = await bridge.answer(turn)
                # An inline query is not a conversation: nothing of it is kept (a failure is
                # logged by the store; the retention job removes what is left).
                await bridge.forget([sender])
        finally:
            bridge.pending.leave(sender)
        results = venue_results(offer_cards(messages or []))
    await query.answer(results, cache_time=CACHE_TIME_S, is_personal=True, button=button)
