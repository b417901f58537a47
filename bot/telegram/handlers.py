"""Telegram update handlers: one small coroutine per kind of update.

Every handler extracts what a turn needs, lets the Bridge ask the assistant, and delivers the
answer. Logs name the pseudonym and the kind of event only: never ids, names or texts.
"""

from __future__ import annotations

import logging
import re
from typing import cast

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.telegram.bridge import Bridge, telegram_turn
from bot.telegram.commands import COMMAND_INTENTS, UNKNOWN_COMMAND_INTENT
from bot.telegram.delivery import deliver, typing
from bot.telegram.rendering import text_call

logger = logging.getLogger(__name__)

GREETING = "/greet"
LOCATION_INTENT = "/inform"  # with location metadata: the nearest offers for the current topic


def bridge_of(context: ContextTypes.DEFAULT_TYPE) -> Bridge:
    return cast(Bridge, context.bot_data["bridge"])


def sender_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """The pseudonymous sender of an update's user in its chat (see Bridge.sender)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None:
        return None
    if chat is None:
        return bridge_of(context).sender(user.id)
    return bridge_of(context).sender(user.id, chat.id, chat.type)


def _replies_to_bot(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def addressed_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The text meant for the bot, without the mention; None when the bot is not addressed.

    In private chats every message is for the bot. In groups (volunteers' groups) only a
    message that mentions the bot or replies to one of its messages is.
    """
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text
    addressed = _replies_to_bot(message, bot_id)
    entity_types: list[str | None] = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    for entity, value in message.parse_entities(entity_types).items():
        by_name = (
            entity.type == MessageEntity.MENTION and value.lower() == f"@{bot_username}".lower()
        )
        by_link = entity.type == MessageEntity.TEXT_MENTION and bool(
            entity.user and entity.user.id == bot_id
        )
        if by_name or by_link:
            addressed = True
            text = text.replace(value, " ")
    return re.sub(r"\s+", " ", text).strip() if addressed else None


async def converse(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    text: str,
    kind: str,
    location: tuple[float, float] | None = None,
    remove_reply_keyboard: bool = False,
    payload: bool = True,
) -> None:
    """Sends one turn to the assistant and its answer to the chat, typing meanwhile.

    `payload`: `text` is an intent payload the bridge made (a command, a location, a verified
    button); False for what the user typed, which the core never lets pass as one.
    """
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    bridge = bridge_of(context)
    sender = bridge.sender(user.id, chat.id, chat.type)
    turn = telegram_turn(sender, text, user.language_code, chat.type, location, payload, chat.id)
    logger.info("%s from %s in a %s chat", kind, sender, chat.type)
    message = update.effective_message
    # In a group, quote the message answered, so everyone sees whom the bot talks to.
    reply_to = message.message_id if message and chat.type != ChatType.PRIVATE else None
    if not bridge.rate.admit(sender):
        # A steady stream (a script, a forward loop) must not keep Rasa busy: say so once.
        logger.info("%s from %s dropped: over %d a minute", kind, sender, bridge.rate.per_minute)
        if bridge.rate.tell(sender):
            text = bridge.bridge_text(sender, user.language_code, "too_fast")
            await deliver(context.bot, chat.id, [text_call(text)], reply_to)
        return
    if not bridge.pending.enter(sender):
        # A flood (100 forwarded messages) must not hold every update slot: drop, say so once.
        logger.info("%s from %s dropped: too many waiting", kind, sender)
        if bridge.pending.tell(sender):
            text = bridge.bridge_text(sender, user.language_code, "one_at_a_time")
            await deliver(context.bot, chat.id, [text_call(text)], reply_to)
        return
    try:
        # One user's turns in order: their next message waits until this answer is delivered.
        async with bridge.lock(sender):
            async with typing(context.bot, chat.id):
                calls = await bridge.ask(turn, user.language_code, remove_reply_keyboard)
            await deliver(context.bot, chat.id, calls, reply_to)
    finally:
        bridge.pending.leave(sender)


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A menu command (/start, /language, /help, /human, /delete): sends its intent."""
    message = update.effective_message
    if message is None or not message.text:
        return
    command = message.text.split()[0][1:].split("@")[0].lower()
    await converse(update, context, COMMAND_INTENTS[command], f"command {command}")


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other command: the help text, unless it is meant for another bot in a group."""
    message = update.effective_message
    if message is None or not message.text:
        return
    _, _, target = message.text.split()[0].partition("@")
    # In a private chat every command is for this bot, whatever follows an "@" ("/greet@0.99"
    # got no answer at all); in a group only "/cmd@thisbot" is.
    private = message.chat.type == ChatType.PRIVATE
    if not private and (not target or target.lower() != context.bot.username.lower()):
        return
    await converse(update, context, UNKNOWN_COMMAND_INTENT, "unknown command")


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text message: to the assistant, in groups only when the bot is addressed."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    text = addressed_text(message, context.bot.username, context.bot.id)
    if text is None:
        return
    # A bare "@bot" in a group is a hello.
    await converse(update, context, text or GREETING, "text", payload=not text)


async def on_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A shared location: the nearest offers for the topic being discussed."""
    message = update.effective_message
    if message is None or message.location is None:
        return
    if message.chat.type != ChatType.PRIVATE and not _replies_to_bot(message, context.bot.id):
        return
    where = (message.location.latitude, message.location.longitude)
    await converse(
        update, context, LOCATION_INTENT, "location", location=where, remove_reply_keyboard=True
    )


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A tapped inline button: its Rasa payload goes back to the assistant as the message."""
    query = update.callback_query
    if query is None:
        return
    bridge = bridge_of(context)
    sender = sender_of(update, context) or bridge.sender(query.from_user.id)
    payload = bridge.payloads.payload(query.data or "")
    if payload is None or query.message is None:
        logger.info("expired button from %s", sender)
        text = bridge.bridge_text(sender, query.from_user.language_code, "button_expired")
        await query.answer(text, show_alert=True)
        return
    # Answer at once: Telegram shows a spinner on the button until the query is answered.
    await query.answer()
    await converse(update, context, payload, "button")


async def on_unsupported(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Voice, photo, sticker, document, ...: says kindly what the bot understands."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    private = message.chat.type == ChatType.PRIVATE
    if not private and not _replies_to_bot(message, context.bot.id):
        return  # a photo in a volunteers' group is not for the bot
    spoken = message.voice or message.audio or message.video_note
    key = "unsupported_voice" if spoken else "unsupported_media"
    await _bridge_text(update, context, key, "unsupported message")


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message: the assistant answered the first version, so ask to send it anew."""
    message = update.edited_message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return
    if message.location is not None:
        return  # a live location moving: Telegram sends an edit every few seconds
    await _bridge_text(update, context, "edited", "edited message")


async def _bridge_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, key: str, kind: str
) -> None:
    """Answers with one of the bridge's own texts, in the user's language."""
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    if user is None or chat is None:
        return
    bridge = bridge_of(context)
    sender = bridge.sender(user.id, chat.id, chat.type)
    logger.info("%s from %s", kind, sender)
    reply_to = message.message_id if message and chat.type != ChatType.PRIVATE else None
    text = bridge.bridge_text(sender, user.language_code, key)
    await deliver(context.bot, chat.id, [text_call(text)], reply_to)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs a failed update with its traceback (not the update: it holds names and texts)."""
    kind = type(update).__name__
    if isinstance(update, Update) and update.effective_user is not None:
        sender = sender_of(update, context)
        logger.error("error handling an update from %s", sender, exc_info=context.error)
    else:
        logger.error("error handling a %s", kind, exc_info=context.error)
