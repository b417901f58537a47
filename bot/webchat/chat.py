"""One web chat turn: ask the assistant through the channel core, shape the answer for the widget.

Knows nothing of HTTP (see bot.webchat.app). Its own state is in memory and keyed by pseudonym:
the recently sent answers (a retried message is answered once).
"""

from __future__ import annotations

import logging
from typing import Any

from bot.conversation import ConversationCore, Turn
from bot.pseudonym import Pseudonyms
from bot.webchat.recent import RecentAnswers
from bot.webchat.replies import for_widget
from bot.webchat.validation import IncomingMessage

logger = logging.getLogger(__name__)

CHAT_TYPE = "web"
SENDER_PREFIX = "web"  # pseudonyms look like web-<24 hex>


class WebChat:
    """The host's logic between HTTP handlers and the channel core."""

    def __init__(self, core: ConversationCore, pseudonyms: Pseudonyms) -> None:
        self.core = core
        self.pseudonyms = pseudonyms
        self.recent = RecentAnswers()
        core.on_erase.append(self.recent.forget)

    def sender(self, session: str) -> str:
        """The pseudonymous Rasa sender of a browser session (the raw id never reaches Rasa)."""
        return self.pseudonyms(session)

    @staticmethod
    def turn(sender: str, message: IncomingMessage) -> Turn:
        return Turn(sender, message.text, message.language, CHAT_TYPE, message.location)

    async def answer(self, message: IncomingMessage) -> dict[str, Any]:
        """The widget's answer: messages, the conversation's language and direction, deletion.

        Raises:
            RasaUnavailable: the assistant did not answer.
        """
        sender = self.sender(message.session)
        async with self.core.lock(sender):
            cached = self.recent.get(sender, message.client_id)
            if cached is not None:
                return cached
            answer = await self.core.ask(self.turn(sender, message))
            language = answer.language
            body = {
                "messages": for_widget(answer.messages),
                "language": language,
                "direction": self.core.catalog.languages[language].direction if language else None,
                "deleted": answer.deleted,
            }
            if not answer.deleted:
                self.recent.put(sender, message.client_id, body)
            return body

    async def forget(self, session: str) -> None:
        """Erases the session's conversation ("delete my conversation" in the widget).

        Raises:
            ErasureFailed: not erased; nothing may be reported as deleted.
        """
        sender = self.sender(session)
        async with self.core.lock(sender):
            await self.core.erase([sender])
        logger.info("web conversation of %s deleted on request", sender)
