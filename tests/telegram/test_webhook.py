"""Webhook mode: registered with its secret, and requests without that secret are refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from deploy.processes import free_port
from tests.fake_rasa import FakeRasa
from tests.telegram.conftest import RunningBridge, message_update, running_bridge
from tests.telegram.fake_bot_api import FakeBotApi
from tests.tracker_rows import TrackerRows

SECRET = "s3cret-Token_value"
PUBLIC_URL = "https://bot.example.org/telegram/hook"


@pytest.fixture
async def webhook_bridge(
    fake_api: FakeBotApi, fake_rasa: FakeRasa, tracker_rows: TrackerRows
) -> AsyncIterator[tuple[RunningBridge, str]]:
    """The bridge in webhook mode; yields it and the local URL its server listens on."""
    port = free_port()
    async with running_bridge(
        fake_api,
        fake_rasa.url,
        tracker_rows.url,
        webhook_url=PUBLIC_URL,
        webhook_secret=SECRET,
        webhook_listen="127.0.0.1",
        webhook_port=port,
    ) as running:
        # setWebhook is called before PTB's server listens: wait until it does.
        url = f"http://127.0.0.1:{port}/telegram/hook"
        async with httpx.AsyncClient() as client:
            for _ in range(500):
                try:
                    await client.get(url)
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.01)
        yield running, url


async def test_webhook_is_registered_with_the_secret_and_polling_is_off(
    webhook_bridge: tuple[RunningBridge, str],
) -> None:
    telegram, _ = webhook_bridge
    [registered] = telegram.api.calls_of("setWebhook")
    assert registered.params["url"] == PUBLIC_URL
    assert registered.params["secret_token"] == SECRET
    assert telegram.api.calls_of("getUpdates") == []


@pytest.mark.parametrize("header", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}])
async def test_update_without_the_right_secret_is_refused_and_rasa_not_called(
    webhook_bridge: tuple[RunningBridge, str], fake_rasa: FakeRasa, header: dict[str, str]
) -> None:
    telegram, url = webhook_bridge
    update = {"update_id": 1, **message_update("Hallo")}
    async with httpx.AsyncClient() as client:
        response = await client.post(url, json=update, headers=header)
    assert response.status_code == 403
    assert fake_rasa.requests == []
    assert telegram.api.calls_of("sendMessage") == []


async def test_update_with_the_secret_is_answered(
    webhook_bridge: tuple[RunningBridge, str], fake_rasa: FakeRasa
) -> None:
    telegram, url = webhook_bridge
    update = {"update_id": 1, **message_update("Hallo")}
    async with httpx.AsyncClient() as client:
        response = await client.post(
            url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
    assert response.status_code == 200
    [sent] = await telegram.api.wait_for("sendMessage")
    assert sent.text == "echo: Hallo"
    assert fake_rasa.messages() == ["Hallo"]
