"""The staff desk in Telegram: the KI staff's group (`TELEGRAM_STAFF_CHAT_ID`).

- Every new ticket (Telegram or web chat) is posted there in German; what the user writes while
  the ticket is open follows as further posts.
- A staff member answers by *replying* to one of these posts: the answer goes to the user
  (Telegram: sent at once; web chat: the widget picks it up). Replying `/close` closes the ticket;
  the user is told in their language and the assistant answers again.
- Only members of that group count (`getChatMember`); anything else in the group (messages that
  are no reply to a ticket post, other chats, non-members) is ignored, and nothing said there
  ever reaches the assistant.

The database is the queue (staff_desk.tickets: what is not yet posted or delivered), so tickets
answered in the staff admin reach Telegram users too, and nothing is lost across a restart. A
loop flushes it every `staff_poll_s` seconds, and at once when the core reports activity. Logs
name ticket numbers only, never texts or ids of people.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re

from telegram import Bot, ReplyParameters, Update
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.telegram.delivery import deliver
from bot.telegram.rendering import text_call
from locales.catalog import Catalog
from staff_desk import staff_texts
from staff_desk.tickets import Tickets, TicketView
from staff_desk.vocabulary import Author, Channel

logger = logging.getLogger(__name__)

TICKET_NUMBER = re.compile(r"#(\d+)")  # every post of the bot about a ticket names it so
CLOSE_COMMAND = "/close"
STAFF_PREFIX = "👤 "  # marks a person's answer in the user's chat (not the assistant's)
MEMBER_STATUSES = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER}


def ticket_number(text: str | None) -> int | None:
    found = TICKET_NUMBER.search(text or "")
    return int(found.group(1)) if found else None


class StaffGroup:
    """Posts tickets to the staff group, takes staff replies, delivers them to Telegram users."""

    def __init__(
        self, tickets: Tickets, chat_id: int, catalog: Catalog, poll_s: float = 5.0
    ) -> None:
        self.tickets = tickets
        self.chat_id = chat_id
        self.catalog = catalog
        self.poll_s = poll_s
        self._flushing = asyncio.Lock()
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Something changed (new ticket, a user message): flush now instead of at the poll."""
        self._wake.set()

    # --- the loop ------------------------------------------------------------------------

    async def run(self, bot: Bot, stop: asyncio.Event) -> None:
        """Flushes until `stop`; a failing database or Telegram only delays the next round."""
        while not stop.is_set():
            try:
                await self.flush(bot)
            except Exception:  # the loop must outlive a database restart
                logger.exception("staff desk flush failed; next try in %.0f s", self.poll_s)
            self._wake.clear()
            waits = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(self._wake.wait())]
            _, pending = await asyncio.wait(
                waits, timeout=self.poll_s, return_when=asyncio.FIRST_COMPLETED
            )
            for task in pending:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def flush(self, bot: Bot) -> None:
        """Posts new tickets and user messages; delivers staff answers and notices to users."""
        async with self._flushing:
            for ticket in await asyncio.to_thread(self.tickets.unposted):
                await self._post_ticket(bot, ticket)
            for ticket, message in await asyncio.to_thread(self.tickets.unforwarded):
                await self._forward(bot, ticket, message.id, message.text)
            for ticket, message in await asyncio.to_thread(
                self.tickets.undelivered, Channel.TELEGRAM
            ):
                await self._deliver(bot, ticket, message.id, message.author, message.text)

    async def _post_ticket(self, bot: Bot, ticket: TicketView) -> None:
        messages = await asyncio.to_thread(self.tickets.messages, ticket.id)
        from_user = [m for m in messages if m.author is Author.USER]
        text = staff_texts.ticket_post(
            ticket.id,
            ticket.language,
            ticket.topic,
            ticket.municipality,
            ticket.summary,
            ticket.channel.value,
            [m.text for m in from_user],
            self.catalog,
        )
        # Plain text: the user's words must not be read as markup.
        post = await bot.send_message(self.chat_id, text)
        await asyncio.to_thread(
            self.tickets.set_staff_post, ticket.id, self.chat_id, post.message_id
        )
        await asyncio.to_thread(self.tickets.mark_delivered, [m.id for m in from_user])
        logger.info("ticket %d posted to the staff group", ticket.id)

    async def _forward(self, bot: Bot, ticket: TicketView, message_id: int, text: str) -> None:
        reply_to = (
            ReplyParameters(ticket.staff_message_id, allow_sending_without_reply=True)
            if ticket.staff_message_id
            else None
        )
        await bot.send_message(
            self.chat_id,
            staff_texts.user_message_post(ticket.id, text),
            reply_parameters=reply_to,
        )
        await asyncio.to_thread(self.tickets.mark_delivered, [message_id])

    async def _deliver(
        self, bot: Bot, ticket: TicketView, message_id: int, author: Author, text: str
    ) -> None:
        if ticket.chat_id is None:
            await asyncio.to_thread(self.tickets.mark_delivered, [message_id])
            return
        shown = f"{STAFF_PREFIX}{text}" if author is Author.STAFF else text
        try:
            await deliver(bot, int(ticket.chat_id), [text_call(shown)])
        except (Forbidden, BadRequest):
            # Blocked the bot, deleted the chat: it will never arrive; tell staff, don't retry.
            logger.info("ticket %d: answer not deliverable", ticket.id)
            await self._tell_staff(bot, staff_texts.NOT_DELIVERED.format(ticket_id=ticket.id))
        await asyncio.to_thread(self.tickets.mark_delivered, [message_id])

    # --- staff replies ---------------------------------------------------------------------

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Any message in the staff group: acts only on a member's reply to a ticket post.

        Edits are ignored (`update.message` only): an edited answer would otherwise reach the
        user a second time.
        """
        message, user, chat = update.message, update.effective_user, update.effective_chat
        if message is None or user is None or chat is None or chat.id != self.chat_id:
            return
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
            return
        number = ticket_number(replied.text)
        text = (message.text or "").strip()
        if number is None or not text:
            return
        if not await self.is_member(context.bot, user.id):
            logger.info("reply to ticket %d by a non-member ignored", number)
            return
        ticket = await asyncio.to_thread(self.tickets.get, number)
        if ticket is None or ticket.staff_chat_id != self.chat_id:
            return
        if text.split()[0].split("@")[0].lower() == CLOSE_COMMAND:
            confirmation = await self._close(ticket)
        else:
            confirmation = await self._answer(ticket, text)
        await self.flush(context.bot)
        await self._tell_staff(
            context.bot, confirmation.format(ticket_id=ticket.id), message.message_id
        )

    async def _close(self, ticket: TicketView) -> str:
        notice = self.catalog.text(ticket.language, "handoff.closed")
        closed = await asyncio.to_thread(self.tickets.close, ticket.id, notice)
        if closed is None:
            return staff_texts.ALREADY_CLOSED
        logger.info("ticket %d closed in the staff group", ticket.id)
        return staff_texts.CLOSED

    async def _answer(self, ticket: TicketView, text: str) -> str:
        answered = await asyncio.to_thread(self.tickets.answer, ticket.id, text)
        if answered is None:
            return staff_texts.ALREADY_CLOSED
        logger.info("ticket %d answered in the staff group", ticket.id)
        if ticket.channel is Channel.TELEGRAM:
            return staff_texts.DELIVERED
        return staff_texts.DELIVERED_LATER

    async def is_member(self, bot: Bot, user_id: int) -> bool:
        """True when `user_id` belongs to the staff group now (asked, never cached)."""
        try:
            member = await bot.get_chat_member(self.chat_id, user_id)
        except TelegramError:
            return False
        if member.status in MEMBER_STATUSES:
            return True
        return member.status == ChatMemberStatus.RESTRICTED and bool(
            getattr(member, "is_member", False)
        )

    async def _tell_staff(self, bot: Bot, text: str, reply_to: int | None = None) -> None:
        with contextlib.suppress(TelegramError):
            params = (
                ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
            )
            await bot.send_message(self.chat_id, text, reply_parameters=params)
