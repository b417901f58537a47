"""The channel core: one conversation turn with the assistant, the same for every channel.

A channel (Telegram, web chat) turns its transport's input into a `Turn`, calls `ask`, and
renders the `Answer`. The core keeps a user's turns in the order they were sent (one lock per
pseudonymous sender, other senders served concurrently), reads what the assistant decided from
the message contract (reply language, erasure request, handoff to a person) and carries out
erasure through the conversation store, telling the user whether it worked. While a
conversation has an open ticket at the staff desk, what the user types goes to the ticket
instead of the assistant (bot/handoff.py). Channels keep only transport and
rendering; they never read the tracker or match texts.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.handoff import DeskUnavailable, HandoffDesk
from bot.rasa_client import RasaClient, RasaUnavailable
from contract.messages import HandoffRequest, read_turn
from conversation_store.store import ConversationStore, ErasureFailed
from locales.catalog import DEFAULT_LANGUAGE, Catalog
from staff_desk.tickets import TicketView

logger = logging.getLogger(__name__)

RETRY_ERASURE_PAYLOAD = "/affirm"  # the confirmation stays pending until the erasure worked
INTENT_PREFIX = "/"  # Rasa reads a message starting with it as "/intent{entities}", skipping NLU


def as_typed_text(text: str) -> str:
    """`text` such that Rasa reads it as words, never as an intent payload.

    Rasa strips the message and takes it as `/intent{"slot": value}` when it then starts with
    "/": a user typing `/ask_kita{"child_age": "1e400"}` would set any slot, and a typed
    `/restart` would reset the conversation without a word. Leading slashes (and the spaces
    around them) go, so NLU reads "restart" like any other word; text of slashes only stays
    (it names no intent).
    """
    start = 0
    while start < len(text) and (text[start].isspace() or text[start] == INTENT_PREFIX):
        start += 1
    return text[start:] if start < len(text) else text


@dataclass(frozen=True)
class Turn:
    """What the user said and where: everything the assistant may learn about them."""

    sender: str  # pseudonym
    text: str
    language_hint: str | None = None
    chat_type: str = "private"
    location: tuple[float, float] | None = None
    # True only for a payload the channel made itself (a command, a shared location) or got
    # back verified from a button the assistant sent; anything else is typed text.
    payload: bool = False
    # Where staff answers reach the user (a Telegram chat id); never sent to the assistant.
    reply_address: str | None = None

    @property
    def message(self) -> str:
        """What Rasa gets: a payload as it is, typed text never taken for one."""
        return self.text if self.payload else as_typed_text(self.text)

    def metadata(self) -> dict[str, Any]:
        """The REST channel metadata the actions read (language hint, chat type, location)."""
        metadata: dict[str, Any] = {"chat_type": self.chat_type}
        if self.language_hint:
            metadata["language_hint"] = self.language_hint
        if self.location is not None:
            metadata["location"] = {"lat": self.location[0], "lon": self.location[1]}
        return metadata


@dataclass(frozen=True)
class Answer:
    """The assistant's answer to one turn, as the channels render it."""

    messages: list[dict[str, Any]]  # REST channel messages; channel-only payloads removed
    language: str | None  # the language the assistant answered in
    deleted: bool = False  # the conversation was erased (the channel clears its own copy)
    erasure_failed: bool = False  # an erasure was asked for and did not work
    handoff_open: bool = False  # the conversation is with staff now (the widget polls)


@dataclass
class ConversationCore:
    """Ordering, asking and erasing for one channel process."""

    rasa: RasaClient
    store: ConversationStore
    catalog: Catalog
    # Channel state to drop with a conversation (language memory, button payloads, caches).
    on_erase: list[Callable[[str], None]] = field(default_factory=list)
    # The staff desk (tickets); None: no handoff in this process (some tests).
    desk: HandoffDesk | None = None
    _locks: weakref.WeakValueDictionary[str, asyncio.Lock] = field(
        default_factory=weakref.WeakValueDictionary, init=False, repr=False
    )

    def lock(self, sender: str) -> asyncio.Lock:
        """The lock that keeps one sender's turns in order (dropped when nobody holds it)."""
        lock = self._locks.get(sender)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[sender] = lock
        return lock

    async def ask(self, turn: Turn) -> Answer:
        """The assistant's answer to `turn`; the caller holds `lock(turn.sender)`.

        While the conversation has an open ticket, typed text goes to the ticket and the
        assistant stays silent (an empty answer); buttons and commands still reach it.

        Raises:
            RasaUnavailable: the assistant did not answer.
        """
        ticket = await self._open_ticket(turn.sender)
        if ticket is not None and not turn.payload and self.desk is not None:
            try:
                await self.desk.file_user_message(ticket, turn.text)
                return Answer([], ticket.language, handoff_open=True)
            except DeskUnavailable:
                pass  # better the assistant answers than the message is lost
        raw = await self.rasa.send(turn.sender, turn.message, turn.metadata())
        outcome = read_turn(raw)
        language = outcome.language if self.catalog.supports(outcome.language) else None
        if outcome.handoff is not None:
            return await self._hand_off(turn, outcome.handoff, language, outcome.messages)
        if not outcome.erase_requested:
            return Answer(outcome.messages, language, handoff_open=ticket is not None)
        return await self._erase_on_request(turn.sender, language or DEFAULT_LANGUAGE)

    async def _open_ticket(self, sender: str) -> TicketView | None:
        """The conversation's open ticket; None without a desk or when the desk is down."""
        if self.desk is None:
            return None
        try:
            return await self.desk.open_ticket_of(sender)
        except DeskUnavailable:
            return None

    async def _hand_off(
        self,
        turn: Turn,
        request: HandoffRequest,
        language: str | None,
        messages: list[dict[str, Any]],
    ) -> Answer:
        """Opens the ticket the user confirmed and says when staff answer (or that it failed)."""
        language = language or DEFAULT_LANGUAGE
        key, is_open = "handoff.failed", False
        if self.desk is not None:
            try:
                _, created = await self.desk.open(
                    turn.sender, language, request, turn.reply_address
                )
                key = "handoff.opened" if created else "handoff.already_open"
                is_open = True
            except DeskUnavailable:
                pass
        text = {"text": self.catalog.text(language, key)}
        return Answer([*messages, text], language, handoff_open=is_open)

    async def erase(self, senders: Sequence[str]) -> None:
        """Erases the conversations of `senders` in the stores and the channel's own state.

        Raises:
            ErasureFailed: not (verifiably) erased; nothing may be reported as deleted.
        """
        for sender in senders:
            for forget in self.on_erase:
                forget(sender)
        # The store's client is synchronous: keep the event loop serving other users.
        await asyncio.to_thread(self.store.erase, list(senders))
        if self.desk is not None:
            try:
                await self.desk.erase(senders)  # its tickets (chat ids, texts) and feedback
            except DeskUnavailable as exc:
                raise ErasureFailed(str(exc)) from exc
        logger.info("conversation of %s erased", senders[0] if senders else "-")

    async def _erase_on_request(self, sender: str, language: str) -> Answer:
        try:
            await self.erase([sender])
        except ErasureFailed:
            retry = {
                "title": self.catalog.text(language, "button.retry_delete"),
                "payload": RETRY_ERASURE_PAYLOAD,
            }
            text = self.catalog.text(language, "delete.failed")
            return Answer([{"text": text, "buttons": [retry]}], language, erasure_failed=True)
        return Answer([{"text": self.catalog.text(language, "delete.done")}], language, True)

    async def aclose(self) -> None:
        await self.rasa.aclose()
        await asyncio.to_thread(self.store.dispose)
        if self.desk is not None:
            await asyncio.to_thread(self.desk.dispose)


__all__ = ["Answer", "ConversationCore", "RasaUnavailable", "Turn"]
