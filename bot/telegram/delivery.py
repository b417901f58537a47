"""Carrying out planned calls in a chat, and the typing indicator while the assistant thinks."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence

from telegram import Bot, ReplyParameters
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.telegram.rendering import TelegramCall

# Telegram shows "typing…" for 5 seconds, or until the next message arrives.
TYPING_REFRESH_S = 4.5


async def deliver(
    bot: Bot, chat_id: int, calls: Sequence[TelegramCall], reply_to: int | None = None
) -> None:
    """Sends `calls` in order; the first quotes message `reply_to` (groups: who is answered)."""
    for i, call in enumerate(calls):
        kwargs = dict(call.kwargs)
        if reply_to is not None and i == 0:
            kwargs["reply_parameters"] = ReplyParameters(reply_to, allow_sending_without_reply=True)
        await getattr(bot, call.method)(chat_id=chat_id, **kwargs)


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int) -> AsyncIterator[None]:
    """Shows "typing…" in the chat until the block ends (a slow first answer can take seconds)."""

    async def show_typing() -> None:
        # Only a courtesy: a failed chat action must not fail the answer.
        with contextlib.suppress(TelegramError):
            await bot.send_chat_action(chat_id, ChatAction.TYPING)

    async def keep_typing() -> None:
        while True:
            await asyncio.sleep(TYPING_REFRESH_S)
            await show_typing()

    # The first indicator before the question goes out, so it never lands after the answer.
    await show_typing()
    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
