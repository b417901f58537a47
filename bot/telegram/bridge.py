"""One turn of a Telegram user with the assistant: pseudonymize, ask Rasa, plan the answer.

Knows nothing of PTB's `Update`: handlers extract what a turn needs and deliver the planned
calls. Holds the bridge's only state, all in memory and all keyed by pseudonym: the language
last seen, long button payloads, and one lock per user so that a user's messages reach Rasa
in the order they were sent while other users are served concurrently.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass
from typing import Any

from bot.pseudonym import Pseudonyms, load_key
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.telegram.callback_data import PayloadStore
from bot.telegram.language import (
    LanguageMemory,
    language_in_answer,
    language_in_payload,
    telegram_language,
)
from bot.telegram.rendering import RenderOptions, TelegramCall, render, text_call
from bot.telegram.settings import TelegramSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Turn:
    """What the user said and where: everything the assistant may learn about them."""

    sender: str  # pseudonym
    text: str
    telegram_language: str | None = None
    chat_type: str = "private"
    location: tuple[float, float] | None = None

    @property
    def private(self) -> bool:
        return self.chat_type == "private"

    def metadata(self) -> dict[str, Any]:
        """The REST channel metadata the actions read (language hint, chat type, location)."""
        metadata: dict[str, Any] = {"chat_type": self.chat_type}
        hint = telegram_language(self.telegram_language)
        if hint:
            metadata["language_hint"] = hint
        if self.location is not None:
            metadata["location"] = {"lat": self.location[0], "lon": self.location[1]}
        return metadata


class Bridge:
    """The bridge's logic between Telegram handlers and Rasa."""

    def __init__(
        self,
        rasa: RasaClient,
        pseudonyms: Pseudonyms,
        memory: LanguageMemory | None = None,
        payloads: PayloadStore | None = None,
    ) -> None:
        self.rasa = rasa
        self.pseudonyms = pseudonyms
        self.memory = memory or LanguageMemory()
        self.payloads = payloads or PayloadStore()
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        catalog = self.memory.catalog
        # How the assistant confirms a deletion, in every language: the bridge then erases
        # what Rasa still stores and its own state (see `_after_answer`).
        self._deletion_done = {catalog.text(code, "delete.done") for code in catalog.codes}

    @classmethod
    def from_settings(cls, settings: TelegramSettings) -> Bridge:
        rasa = RasaClient(settings.rasa_url, settings.rasa_token, settings.rasa_timeout_s)
        return cls(rasa, Pseudonyms(load_key()))

    def sender(self, user_id: int) -> str:
        return self.pseudonyms(user_id)

    def lock(self, sender: str) -> asyncio.Lock:
        """The lock that keeps one user's turns in order (dropped when nobody holds it)."""
        lock = self._locks.get(sender)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[sender] = lock
        return lock

    def language(self, sender: str | None, telegram_language: str | None) -> str:
        return self.memory.language(sender, telegram_language)

    def bridge_text(self, sender: str | None, telegram_language: str | None, key: str) -> str:
        """A bridge text ("unavailable", "unsupported", ...) in the user's language."""
        return self.memory.text(self.language(sender, telegram_language), key)

    async def ask(self, turn: Turn, remove_reply_keyboard: bool = False) -> list[TelegramCall]:
        """The calls answering `turn`: the assistant's answer, or the "unavailable" text."""
        self.memory.remember(turn.sender, language_in_payload(turn.text))
        try:
            messages = await self.rasa.send(turn.sender, turn.text, turn.metadata())
        except RasaUnavailable:
            text = self.bridge_text(turn.sender, turn.telegram_language, "unavailable")
            return [text_call(text)]
        self.memory.remember(turn.sender, language_in_answer(messages))
        language = self.language(turn.sender, turn.telegram_language)
        options = RenderOptions(
            text=lambda key: self.memory.text(language, key),
            callback_data=lambda payload: self.payloads.callback_data(payload, turn.sender),
            private_chat=turn.private,
            remove_reply_keyboard=remove_reply_keyboard,
        )
        calls = render(messages, options)
        await self._after_answer(turn.sender, messages)
        return calls

    async def answer(self, turn: Turn) -> list[dict[str, Any]] | None:
        """The assistant's raw messages for `turn`, or None when it is unavailable (inline)."""
        try:
            return await self.rasa.send(turn.sender, turn.text, turn.metadata())
        except RasaUnavailable:
            return None

    async def forget(self, sender: str) -> None:
        """Erases the user's conversation in Rasa and everything the bridge holds about them."""
        self.memory.forget(sender)
        self.payloads.forget_owner(sender)
        try:
            await self.rasa.forget(sender)
        except RasaUnavailable:
            # The assistant already restarted the conversation; the stored events stay until
            # the next deletion. Loud, because an erasure request was not fully honoured.
            logger.error("could not remove the conversation of %s from the tracker", sender)

    async def _after_answer(self, sender: str, messages: list[dict[str, Any]]) -> None:
        if any(m.get("text") in self._deletion_done for m in messages):
            logger.info("deletion confirmed by %s", sender)
            await self.forget(sender)

    async def aclose(self) -> None:
        await self.rasa.aclose()
