"""Wiring: the PTB Application with its handlers, and running it by polling or webhook.

Polling (no TELEGRAM_WEBHOOK_URL) needs nothing but the token: for development and small
installations. Webhook mode runs PTB's built-in server (tornado) on TELEGRAM_WEBHOOK_LISTEN:PORT
behind an HTTPS proxy; it answers 403 to any request without the secret token header that
Telegram sends, so forged updates never reach Rasa.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.telegram import handlers
from bot.telegram.bridge import Bridge
from bot.telegram.commands import COMMAND_INTENTS, publish_commands
from bot.telegram.inline import on_inline_query
from bot.telegram.ratelimit import PatientRateLimiter
from bot.telegram.settings import TelegramSettings
from bot.telegram.staff_group import StaffGroup

logger = logging.getLogger(__name__)

ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.INLINE_QUERY,
]
# Users are served concurrently (a slow answer for one must not hold up the others); each
# user's own turns stay in order through the Bridge's per-user lock.
CONCURRENT_UPDATES = 64
BOOTSTRAP_RETRIES = 5
MAX_BACKOFF_S = 60.0


def build_application(settings: TelegramSettings, bridge: Bridge) -> Application:  # type: ignore[type-arg]
    """The Application with every handler; the first matching handler takes an update."""
    application = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.base_url)
        .rate_limiter(PatientRateLimiter())
        .concurrent_updates(CONCURRENT_UPDATES)
        .build()
    )
    application.bot_data["bridge"] = bridge
    message = filters.UpdateType.MESSAGE
    staff = staff_group(settings, bridge)
    if staff is not None:
        application.bot_data["staff"] = staff
        # First: everything in the staff group is for the staff desk (or ignored), never Rasa.
        chat = filters.Chat(chat_id=staff.chat_id)
        application.add_handler(MessageHandler(chat, staff.on_update))
    application.add_handlers(
        [
            MessageHandler(filters.UpdateType.EDITED_MESSAGE, handlers.on_edited),
            CommandHandler(list(COMMAND_INTENTS), handlers.on_command, filters=message),
            MessageHandler(message & filters.COMMAND, handlers.on_unknown_command),
            MessageHandler(message & filters.TEXT, handlers.on_text),
            MessageHandler(message & filters.LOCATION, handlers.on_location),
            MessageHandler(message & ~filters.StatusUpdate.ALL, handlers.on_unsupported),
            CallbackQueryHandler(handlers.on_button),
            InlineQueryHandler(on_inline_query),
        ]
    )
    application.add_error_handler(handlers.on_error)
    return application


def staff_group(settings: TelegramSettings, bridge: Bridge) -> StaffGroup | None:
    """The staff desk in Telegram, when a staff group is set and the core has a desk."""
    desk = bridge.core.desk
    if settings.staff_chat_id is None or desk is None:
        return None
    desk.on_activity.append(lambda: staff.wake())
    staff = StaffGroup(
        desk.tickets, settings.staff_chat_id, bridge.core.catalog, settings.staff_poll_s
    )
    return staff


async def _initialize(application: Application, stop: asyncio.Event) -> bool:  # type: ignore[type-arg]
    """getMe until Telegram answers: the launcher stops the whole assistant when a channel
    exits, so a network hiccup at start must not end the bridge. False when stopped first."""
    backoff = 1.0
    while not stop.is_set():
        try:
            await application.initialize()
            return True
        except InvalidToken:
            raise SystemExit("TELEGRAM_TOKEN was refused by Telegram") from None
        except NetworkError as exc:
            logger.warning("Telegram not reachable (%s), retrying in %.0f s", exc, backoff)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_S)
    return False


async def _start_receiving(application: Application, settings: TelegramSettings) -> None:  # type: ignore[type-arg]
    updater = application.updater
    assert updater is not None  # the default builder makes one
    if settings.webhook_mode:
        await updater.start_webhook(
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            url_path=settings.webhook_path,
            webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret,
            allowed_updates=ALLOWED_UPDATES,
            bootstrap_retries=BOOTSTRAP_RETRIES,
        )
        logger.info("receiving updates by webhook on port %d", settings.webhook_port)
    else:
        await updater.start_polling(
            allowed_updates=ALLOWED_UPDATES, bootstrap_retries=BOOTSTRAP_RETRIES
        )
        logger.info("receiving updates by polling")


async def run(
    settings: TelegramSettings, stop: asyncio.Event, bridge: Bridge | None = None
) -> None:
    """Runs the bridge until `stop` is set (SIGTERM in production, the test's end in tests)."""
    bridge = bridge or Bridge.from_settings(settings)
    application = build_application(settings, bridge)
    try:
        if not await _initialize(application, stop):
            return
        await publish_commands(application.bot, bridge.memory)
        await _start_receiving(application, settings)
        await application.start()
        logger.info("Telegram bridge running as @%s", application.bot.username)
        staff: StaffGroup | None = application.bot_data.get("staff")
        if staff is not None:
            staff_loop = asyncio.create_task(staff.run(application.bot, stop))
        await stop.wait()
        if staff is not None:
            await staff_loop
    finally:
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
        await bridge.aclose()
