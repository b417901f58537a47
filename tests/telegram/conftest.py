"""Fixtures for the Telegram bridge: a fake Bot API, a fake Rasa, and the real bridge between.

`telegram` runs the bridge exactly as `python -m bot.telegram` does (`bot.telegram.app.run`,
polling), pointed at the fakes. Update builders make the JSON Telegram would send; every user
has a first name, a username and an id that the log test looks for.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest

from bot.conversation import ConversationCore
from bot.handoff import HandoffDesk
from bot.pseudonym import Pseudonyms
from bot.rasa_client import RasaClient, RasaConnection
from bot.telegram.app import run
from bot.telegram.bridge import Bridge
from bot.telegram.settings import TelegramSettings
from conversation_store.settings import ConversationStoreSettings
from conversation_store.store import ConversationStore
from locales.catalog import default_catalog
from staff_desk.engine import make_engine
from staff_desk.vocabulary import Channel
from tests.fake_rasa import FakeRasa
from tests.telegram.fake_bot_api import BOT_USER, BOT_USERNAME, TOKEN, FakeBotApi
from tests.tracker_rows import TrackerRows

USER_ID = 987654321
FIRST_NAME = "Zainab"
USERNAME = "zainab_k"
GROUP_ID = -1001234567890
PSEUDONYM_KEY = b"test-pseudonym-key"
_message_ids = itertools.count(1)


def user(language_code: str | None = "de", user_id: int = USER_ID) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": user_id,
        "is_bot": False,
        "first_name": FIRST_NAME,
        "username": USERNAME,
    }
    if language_code:
        data["language_code"] = language_code
    return data


def chat(chat_type: str = "private", user_id: int = USER_ID) -> dict[str, Any]:
    if chat_type == "private":
        return {"id": user_id, "type": "private", "first_name": FIRST_NAME, "username": USERNAME}
    return {"id": GROUP_ID, "type": chat_type, "title": "Ehrenamt Heinsberg"}


def message(
    text: str | None = None,
    language_code: str | None = "de",
    chat_type: str = "private",
    user_id: int = USER_ID,
    **content: Any,
) -> dict[str, Any]:
    """A message from the test user; commands and @mentions get their entities."""
    msg: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat(chat_type, user_id),
        "from": user(language_code, user_id),
        **content,
    }
    if text is not None:
        msg["text"] = text
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
        mention = f"@{BOT_USERNAME}"
        if mention in text and not text.startswith("/"):
            entities.append(
                {"type": "mention", "offset": _utf16_offset(text, mention), "length": len(mention)}
            )
        if entities:
            msg["entities"] = entities
    return msg


def _utf16_offset(text: str, part: str) -> int:
    return len(text[: text.index(part)].encode("utf-16-le")) // 2


def message_update(text: str | None = None, **kwargs: Any) -> dict[str, Any]:
    return {"message": message(text, **kwargs)}


def bot_message(
    text: str = "…", chat_type: str = "private", user_id: int = USER_ID
) -> dict[str, Any]:
    """A message the bot sent earlier (to reply to, or holding buttons)."""
    return {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat(chat_type, user_id),
        "from": BOT_USER,
        "text": text,
    }


def callback_update(
    data: str, language_code: str | None = "de", user_id: int = USER_ID
) -> dict[str, Any]:
    return {
        "callback_query": {
            "id": f"cq{next(_message_ids)}",
            "from": user(language_code, user_id),
            "chat_instance": "ci-1",
            "data": data,
            "message": bot_message(user_id=user_id),
        }
    }


def inline_update(query: str, language_code: str | None = "de") -> dict[str, Any]:
    return {
        "inline_query": {
            "id": f"iq{next(_message_ids)}",
            "from": user(language_code),
            "query": query,
            "offset": "",
            "chat_type": "sender",
        }
    }


@pytest.fixture
def fake_api() -> Iterator[FakeBotApi]:
    api = FakeBotApi().start()
    yield api
    api.stop()


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    rasa = FakeRasa().start()
    yield rasa
    rasa.stop()


@dataclass
class RunningBridge:
    """The bridge running against the fakes, with what the tests need to talk to it."""

    api: FakeBotApi
    bridge: Bridge
    settings: TelegramSettings

    def sender(self, user_id: int = USER_ID, chat_type: str = "private") -> str:
        """The pseudonym of the test user in their private chat, or in the test group."""
        chat_id = user_id if chat_type == "private" else GROUP_ID
        return self.bridge.sender(user_id, chat_id, chat_type)

    async def send(self, update: dict[str, Any]) -> int:
        """Queues an update for the bridge; returns its update_id."""
        return self.api.enqueue(update)

    def button(self, payload: str, user_id: int = USER_ID) -> str:
        """The callback data of a button the bridge showed with `payload` (signed or keyed)."""
        return self.bridge.payloads.callback_data(payload, self.sender(user_id))


def make_bridge(
    rasa_url: str, tracker_db_url: str, timeout_s: float = 2.0, desk_url: str | None = None
) -> Bridge:
    """The bridge's parts; `desk_url`: the staff desk's database (None: no handoff)."""
    rasa = RasaClient(rasa_url, timeout_s=timeout_s)
    store = ConversationStore(ConversationStoreSettings(tracker_db_url))
    desk = HandoffDesk.from_env(Channel.TELEGRAM, make_engine(desk_url)) if desk_url else None
    core = ConversationCore(rasa, store, default_catalog(), desk=desk)
    return Bridge(core, Pseudonyms(PSEUDONYM_KEY))


@asynccontextmanager
async def running_bridge(
    api: FakeBotApi, rasa_url: str, tracker_db_url: str, **settings: Any
) -> AsyncIterator[RunningBridge]:
    """Runs `bot.telegram.app.run` until the block ends; ready once it receives updates."""
    rasa = RasaConnection(rasa_url, timeout_s=settings.pop("rasa_timeout_s", 2.0))
    desk_url = settings.pop("desk_url", None)
    config = TelegramSettings(token=TOKEN, base_url=api.base_url, rasa=rasa, **settings)
    bridge = make_bridge(rasa_url, tracker_db_url, config.rasa.timeout_s, desk_url)
    stop = asyncio.Event()
    task = asyncio.create_task(run(config, stop, bridge))
    ready = "setWebhook" if config.webhook_mode else "getUpdates"
    deadline = time.monotonic() + 10
    while not api.calls_of(ready):
        if task.done():
            task.result()  # raises what stopped the bridge
            raise AssertionError("the bridge ended before it was ready")
        if time.monotonic() > deadline:
            raise AssertionError(f"the bridge did not call {ready}")
        await asyncio.sleep(0.01)
    try:
        yield RunningBridge(api, bridge, config)
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)


@pytest.fixture
async def telegram(
    fake_api: FakeBotApi, fake_rasa: FakeRasa, tracker_rows: TrackerRows
) -> AsyncIterator[RunningBridge]:
    """The bridge, polling the fake Bot API and asking the fake Rasa."""
    async with running_bridge(fake_api, fake_rasa.url, tracker_rows.url) as running:
        yield running
