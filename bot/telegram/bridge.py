"""One turn of a Telegram user with the assistant: pseudonymize, ask through the core, plan calls.

Knows nothing of PTB's `Update`: handlers extract what a turn needs and deliver the planned
calls. The channel core (bot/conversation.py) keeps turns in order and carries out erasure; the
bridge keeps only Telegram's own state, in memory and keyed by pseudonym: the language last
answered in (for the bridge's own texts) and long button payloads.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.conversation import ConversationCore, Turn
from bot.handoff import HandoffDesk
from bot.payload_signing import PayloadSigner
from bot.pseudonym import Pseudonyms, load_key
from bot.rasa_client import RasaUnavailable
from bot.telegram.callback_data import SIGNING_PURPOSE, PayloadStore
from bot.telegram.language import LanguageMemory, telegram_language
from bot.telegram.message_rate import MessageRate
from bot.telegram.pending import PendingTurns
from bot.telegram.rendering import RenderOptions, TelegramCall, render, text_call
from bot.telegram.settings import TelegramSettings
from conversation_store.store import ConversationStore, ErasureFailed
from staff_desk.vocabulary import Channel

logger = logging.getLogger(__name__)

PRIVATE = "private"


def telegram_turn(
    sender: str,
    text: str,
    language_code: str | None = None,
    chat_type: str = PRIVATE,
    location: tuple[float, float] | None = None,
    payload: bool = False,
    chat_id: int | None = None,
) -> Turn:
    """A core turn from what Telegram tells about a message; `payload`: the bridge made `text`.

    `chat_id` is where staff answers go after a handoff (private chats only).
    """
    address = str(chat_id) if chat_id is not None and chat_type == PRIVATE else None
    return Turn(
        sender, text, telegram_language(language_code), chat_type, location, payload, address
    )


class Bridge:
    """The bridge's logic between Telegram handlers and the channel core."""

    def __init__(
        self,
        core: ConversationCore,
        pseudonyms: Pseudonyms,
        memory: LanguageMemory | None = None,
        payloads: PayloadStore | None = None,
        pending: PendingTurns | None = None,
        rate: MessageRate | None = None,
    ) -> None:
        self.core = core
        self.pseudonyms = pseudonyms
        self.memory = memory or LanguageMemory(core.catalog)
        self.payloads = payloads or PayloadStore()
        self.pending = pending or PendingTurns()
        self.rate = rate or MessageRate()
        core.on_erase += [self.memory.forget, self.payloads.forget_owner]

    @classmethod
    def from_settings(cls, settings: TelegramSettings) -> Bridge:
        rasa = settings.rasa.client()
        memory = LanguageMemory()
        desk = HandoffDesk.from_env(Channel.TELEGRAM)
        core = ConversationCore(rasa, ConversationStore.from_env(), memory.catalog, desk=desk)
        key = load_key()
        # Signed with the persistent key: buttons keep working after a restart.
        payloads = PayloadStore(signer=PayloadSigner(key, SIGNING_PURPOSE))
        rate = MessageRate(settings.messages_per_minute)
        return cls(core, Pseudonyms(key), memory, payloads, rate=rate)

    def sender(self, user_id: int, chat_id: int | None = None, chat_type: str = PRIVATE) -> str:
        """The pseudonymous Rasa sender of a user in a chat.

        A user's private chat is their own conversation; in a group the same user has another
        one per group (a pseudonym of user and chat), so nothing said in private (a shared
        location, the distances from it, the topic) is ever used in a group's answers.
        """
        if chat_type == PRIVATE or chat_id is None:
            return self.pseudonyms(user_id)
        return self.pseudonyms(f"{user_id}@{chat_id}")

    def lock(self, sender: str) -> asyncio.Lock:
        return self.core.lock(sender)

    def language(self, sender: str | None, telegram_language: str | None) -> str:
        return self.memory.language(sender, telegram_language)

    def bridge_text(self, sender: str | None, telegram_language: str | None, key: str) -> str:
        """A bridge text ("unavailable", "unsupported", ...) in the user's language."""
        return self.memory.text(self.language(sender, telegram_language), key)

    async def ask(
        self, turn: Turn, language_code: str | None, remove_reply_keyboard: bool = False
    ) -> list[TelegramCall]:
        """The calls answering `turn`: the assistant's answer, or the "unavailable" text."""
        try:
            answer = await self.core.ask(turn)
        except RasaUnavailable:
            text = self.bridge_text(turn.sender, language_code, "unavailable")
            return [text_call(text)]
        if not answer.deleted:
            self.memory.remember(turn.sender, answer.language)
        language = answer.language or self.language(turn.sender, language_code)
        options = RenderOptions(
            text=lambda key: self.memory.text(language, key),
            callback_data=lambda payload: self.payloads.callback_data(payload, turn.sender),
            private_chat=turn.chat_type == PRIVATE,
            remove_reply_keyboard=remove_reply_keyboard,
        )
        return render(answer.messages, options)

    async def answer(self, turn: Turn) -> list[dict[str, Any]] | None:
        """The assistant's visible messages for `turn`, or None when unavailable (inline)."""
        try:
            return (await self.core.ask(turn)).messages
        except RasaUnavailable:
            return None

    async def forget(self, senders: list[str]) -> bool:
        """Erases conversations in the stores and the bridge's state; False when it failed."""
        try:
            await self.core.erase(senders)
        except ErasureFailed:
            return False
        return True

    async def aclose(self) -> None:
        await self.core.aclose()
