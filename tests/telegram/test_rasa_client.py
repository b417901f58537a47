"""The shared Rasa REST client (bot/rasa_client.py) against a fake Rasa."""

from __future__ import annotations

import pytest

from bot.rasa_client import DEFAULT_TIMEOUT_S, RasaClient, RasaConnection, RasaUnavailable
from bot.telegram.settings import TelegramSettings
from bot.webchat.settings import WebchatSettings
from deploy.processes import free_port
from tests.fake_rasa import FakeRasa, Hang


async def test_send_posts_sender_message_and_metadata(fake_rasa: FakeRasa) -> None:
    client = RasaClient(fake_rasa.url)
    try:
        messages = await client.send("tg-abc", "Hallo", {"language_hint": "ar"})
    finally:
        await client.aclose()
    assert messages == [{"recipient_id": "tg-abc", "text": "echo: Hallo"}]
    assert fake_rasa.requests == [
        {"sender": "tg-abc", "message": "Hallo", "metadata": {"language_hint": "ar"}}
    ]
    assert fake_rasa.tokens == [None]


async def test_token_is_sent_as_query_parameter(fake_rasa: FakeRasa) -> None:
    client = RasaClient(fake_rasa.url + "/", token="t0k")
    try:
        await client.send("tg-abc", "Hallo")
    finally:
        await client.aclose()
    assert fake_rasa.tokens == ["t0k"]


@pytest.mark.parametrize("failure", [500, Hang(1.0), []], ids=["error", "timeout", "empty"])
async def test_failures_are_one_exception(fake_rasa: FakeRasa, failure: object) -> None:
    fake_rasa.reply = lambda body: failure  # type: ignore[assignment,return-value]
    client = RasaClient(fake_rasa.url, timeout_s=0.3)
    try:
        with pytest.raises(RasaUnavailable):
            await client.send("tg-abc", "Hallo")
    finally:
        await client.aclose()


async def test_rasa_not_running_is_unavailable() -> None:
    client = RasaClient(f"http://127.0.0.1:{free_port()}")
    try:
        with pytest.raises(RasaUnavailable):
            await client.send("tg-abc", "Hallo")
    finally:
        await client.aclose()


def test_both_channels_read_one_rasa_connection() -> None:
    env = {"TELEGRAM_TOKEN": "1:abc", "RASA_URL": " http://rasa:5005 ", "RASA_TOKEN": "t0k"}
    env["RASA_TIMEOUT"] = "7.5"
    expected = RasaConnection("http://rasa:5005", "t0k", 7.5)
    assert TelegramSettings.from_env(env).rasa == WebchatSettings.from_env(env).rasa == expected
    assert RasaConnection.from_env({}) == RasaConnection("http://127.0.0.1:5005", None, 30.0)
    assert DEFAULT_TIMEOUT_S == 30.0


async def test_client_from_a_connection_sends_its_token(fake_rasa: FakeRasa) -> None:
    client = RasaConnection(fake_rasa.url, token="t0k", timeout_s=5).client()
    try:
        await client.send("tg-abc", "Hallo")
    finally:
        await client.aclose()
    assert fake_rasa.tokens == ["t0k"]
