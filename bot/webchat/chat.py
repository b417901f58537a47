"""One web chat turn: pseudonymize, keep order, ask Rasa, shape the answer for the widget.

Knows nothing of HTTP (see bot.webchat.app). Its only state is in memory and keyed by
pseudonym: one lock per sender (a user's messages reach Rasa in the order they were sent) and
the recently sent answers (a retried message is answered once).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Any

from bot.pseudonym import Pseudonyms
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.webchat.recent import RecentAnswers
from bot.webchat.replies import for_widget, language_in_answer
from bot.webchat.validation import IncomingMessage
from locales.catalog import Catalog

logger = logging.getLogger(__name__)

CHAT_TYPE = "web"
SENDER_PREFIX = "web"  # pseudonyms look like web-<24 hex>


class WebChat:
    """The host's logic between HTTP handlers and Rasa."""

    def __init__(self, rasa: RasaClient, pseudonyms: Pseudonyms, catalog: Catalog) -> None:
        self.rasa = rasa
        self.pseudonyms = pseudonyms
        self.catalog = catalog
        self.recent = RecentAnswers()
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        # How the assistant confirms "delete my data" in every language: then the host also
        # erases what Rasa's tracker store still holds, and tells the widget to clear its copy.
        self._deletion_done = {catalog.text(code, "delete.done") for code in catalog.codes}

    def sender(self, session: str) -> str:
        """The pseudonymous Rasa sender of a browser session (the raw id never reaches Rasa)."""
        return self.pseudonyms(session)

    def _lock(self, sender: str) -> asyncio.Lock:
        lock = self._locks.get(sender)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[sender] = lock
        return lock

    @staticmethod
    def metadata(message: IncomingMessage) -> dict[str, Any]:
        """The REST channel metadata the actions read (language hint, chat type, location)."""
        metadata: dict[str, Any] = {"chat_type": CHAT_TYPE}
        if message.language:
            metadata["language_hint"] = message.language
        if message.location:
            metadata["location"] = {"lat": message.location[0], "lon": message.location[1]}
        return metadata

    async def answer(self, message: IncomingMessage) -> dict[str, Any]:
        """The widget's answer: messages, the conversation's language and direction, deletion.

        Raises:
            RasaUnavailable: the assistant did not answer.
        """
        sender = self.sender(message.session)
        async with self._lock(sender):
            cached = self.recent.get(sender, message.client_id)
            if cached is not None:
                return cached
            raw = await self.rasa.send(sender, message.text, self.metadata(message))
            messages = for_widget(raw)
            deleted = any(m.get("text") in self._deletion_done for m in messages)
            if deleted:
                await self._forget_quietly(sender)
                language = language_in_answer(messages)
            else:
                language = await self._conversation_language(sender) or language_in_answer(messages)
            if not self.catalog.supports(language):
                language = None
            answer = {
                "messages": messages,
                "language": language,
                "direction": self.catalog.languages[language].direction if language else None,
                "deleted": deleted,
            }
            if not deleted:
                self.recent.put(sender, message.client_id, answer)
            return answer

    async def forget(self, session: str) -> None:
        """Erases the session's conversation in Rasa ("delete my conversation").

        Raises:
            RasaUnavailable: Rasa did not confirm; nothing may be reported as deleted.
        """
        sender = self.sender(session)
        async with self._lock(sender):
            self.recent.forget(sender)
            await self.rasa.forget(sender)
        logger.info("web conversation of %s deleted on request", sender)

    async def _conversation_language(self, sender: str) -> str | None:
        """The `language` slot, which every action sets to the language it answered in."""
        try:
            slots = await self.rasa.slots(sender)
        except RasaUnavailable:
            return None
        value = slots.get("language")
        return value if isinstance(value, str) else None

    async def _forget_quietly(self, sender: str) -> None:
        self.recent.forget(sender)
        try:
            await self.rasa.forget(sender)
        except RasaUnavailable:
            # The assistant already restarted the conversation; the old events stay until the
            # next deletion. Loud, because an erasure request was not fully honoured.
            logger.error("could not remove the web conversation of %s from the tracker", sender)
