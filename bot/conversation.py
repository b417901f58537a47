"""The channel core: one conversation turn with the assistant, the same for every channel.

A channel (Telegram, web chat) turns its transport's input into a `Turn`, calls `ask`, and
renders the `Answer`. The core keeps a user's turns in the order they were sent (one lock per
pseudonymous sender, other senders served concurrently), reads what the assistant decided from
the message contract (reply language, erasure request) and carries out erasure through the
conversation store, telling the user whether it worked. Channels keep only transport and
rendering; they never read the tracker or match texts.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.rasa_client import RasaClient, RasaUnavailable
from contract.messages import read_turn
from conversation_store.store import ConversationStore, ErasureFailed
from locales.catalog import DEFAULT_LANGUAGE, Catalog

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


@dataclass
class ConversationCore:
    """Ordering, asking and erasing for one channel process."""

    rasa: RasaClient
    store: ConversationStore
    catalog: Catalog
    # Channel state to drop with a conversation (language memory, button payloads, caches).
    on_erase: list[Callable[[str], None]] = field(default_factory=list)
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

        Raises:
            RasaUnavailable: the assistant did not answer.
        """
        raw = await self.rasa.send(turn.sender, turn.message, turn.metadata())
        outcome = read_turn(raw)
        language = outcome.language if self.catalog.supports(outcome.language) else None
        if not outcome.erase_requested:
            return Answer(outcome.messages, language)
        return await self._erase_on_request(turn.sender, language or DEFAULT_LANGUAGE)

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


__all__ = ["Answer", "ConversationCore", "RasaUnavailable", "Turn"]
