"""One web chat turn: ask the assistant through the channel core, shape the answer for the widget.

Knows nothing of HTTP (see bot.webchat.app). Its own state is in memory and keyed by pseudonym:
the recently sent answers (a retried message is answered once). A message is a payload only
when it carries the host's signature (a button the host sent, the widget's language list and
location button); anything else is typed text, which the core never lets pass as a payload.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.conversation import ConversationCore, Turn
from bot.payload_signing import PayloadSigner
from bot.pseudonym import Pseudonyms
from bot.webchat.recent import RecentAnswers
from bot.webchat.replies import for_widget
from bot.webchat.validation import IncomingMessage

logger = logging.getLogger(__name__)

CHAT_TYPE = "web"
SENDER_PREFIX = "web"  # pseudonyms look like web-<24 hex>
SIGNING_PURPOSE = "webchat-buttons"


class WebChat:
    """The host's logic between HTTP handlers and the channel core."""

    def __init__(
        self, core: ConversationCore, pseudonyms: Pseudonyms, signer: PayloadSigner
    ) -> None:
        self.core = core
        self.pseudonyms = pseudonyms
        self.signer = signer
        self.recent = RecentAnswers()
        core.on_erase.append(self.recent.forget)

    def sender(self, session: str) -> str:
        """The pseudonymous Rasa sender of a browser session (the raw id never reaches Rasa)."""
        return self.pseudonyms(session)

    def turn(self, sender: str, message: IncomingMessage) -> Turn:
        payload = self.signer.verify(message.text)
        text = message.text if payload is None else payload
        return Turn(
            sender, text, message.language, CHAT_TYPE, message.location, payload is not None
        )

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
                "messages": for_widget(answer.messages, self.signer.sign),
                "language": language,
                "direction": self.core.catalog.languages[language].direction if language else None,
                "deleted": answer.deleted,
                "handoff_open": answer.handoff_open,  # the widget polls for staff answers
            }
            if not answer.deleted:
                self.recent.put(sender, message.client_id, body)
            return body

    async def replies(self, session: str) -> dict[str, Any]:
        """Staff answers (and the closing notice) not yet shown, and whether the conversation
        is still with staff: the widget asks while a ticket is open and on every visit.

        Raises:
            DeskUnavailable: the staff desk's database could not be read.
        """
        desk = self.core.desk
        if desk is None:
            return {"messages": [], "handoff_open": False}
        messages, still_open = await desk.take_replies(self.sender(session))
        shown = [{"text": m.text, "author": m.author.value} for m in messages]
        return {"messages": shown, "handoff_open": still_open}

    async def forget(self, session: str) -> None:
        """Erases the session's conversation ("delete my conversation" in the widget).

        Raises:
            ErasureFailed: not erased; nothing may be reported as deleted.
        """
        sender = self.sender(session)
        async with self.core.lock(sender):
            await self.core.erase([sender])
        logger.info("web conversation of %s deleted on request", sender)
