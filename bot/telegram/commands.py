"""The bot's commands: which intent each one sends, and the menu in every language."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand
from telegram.error import TelegramError

from bot.telegram.language import LanguageMemory
from locales.catalog import DEFAULT_LANGUAGE

logger = logging.getLogger(__name__)

# Command → the message sent to Rasa (an intent payload, which skips NLU).
COMMAND_INTENTS: dict[str, str] = {
    "start": "/greet",  # the greeting offers the language choice
    "language": "/change_language",
    "help": "/help",
    "human": "/request_human",
    "delete": "/delete_my_data",  # the assistant asks to confirm first
    "volunteer": "/volunteer_mode",  # answers in two languages; the same command ends it
}
# Unknown commands (and typed intent payloads like "/inform{...}") get the help text.
UNKNOWN_COMMAND_INTENT = "/help"


def command_menu(memory: LanguageMemory, language: str) -> list[BotCommand]:
    """The command menu in `language` (descriptions from locales/telegram/<code>.yml)."""
    return [
        BotCommand(command, memory.text(language, f"command.{command}"))
        for command in COMMAND_INTENTS
    ]


async def publish_commands(bot: Bot, memory: LanguageMemory) -> None:
    """setMyCommands for each language the assistant speaks, German for everyone else.

    Telegram shows the menu matching the user's app language. A failure only costs the menu,
    so it is logged rather than stopping the bridge.
    """
    try:
        for code in memory.catalog.codes:
            await bot.set_my_commands(command_menu(memory, code), language_code=code)
        await bot.set_my_commands(command_menu(memory, DEFAULT_LANGUAGE))
    except TelegramError as exc:
        logger.warning("could not publish the command menu: %s", exc)
