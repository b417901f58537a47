"""Settings from the environment, and `python -m bot.telegram` as deploy/launch.py starts it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time

import pytest

from bot.rasa_client import DEFAULT_RASA_URL
from bot.telegram.settings import DEFAULT_BASE_URL, TelegramSettings
from deploy.processes import ROOT
from tests.fake_rasa import FakeRasa
from tests.telegram.conftest import FIRST_NAME, USER_ID, USERNAME, message_update
from tests.telegram.fake_bot_api import TOKEN, FakeBotApi


def test_defaults_poll_a_local_rasa() -> None:
    settings = TelegramSettings.from_env({"TELEGRAM_TOKEN": "1:abc"})
    assert settings.base_url == DEFAULT_BASE_URL == "https://api.telegram.org/bot"
    assert settings.rasa.url == DEFAULT_RASA_URL == "http://127.0.0.1:5005"
    assert settings.rasa.token is None
    assert not settings.webhook_mode
    assert settings.messages_per_minute == 30
    per_minute = TelegramSettings.from_env(
        {"TELEGRAM_TOKEN": "1:abc", "TELEGRAM_MESSAGES_PER_MINUTE": "12"}
    )
    assert per_minute.messages_per_minute == 12


def test_webhook_settings() -> None:
    settings = TelegramSettings.from_env(
        {
            "TELEGRAM_TOKEN": "1:abc",
            "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot",
            "TELEGRAM_WEBHOOK_URL": "https://ki.example.org/tg/hook",
            "TELEGRAM_WEBHOOK_SECRET": "abc_123",
            "TELEGRAM_WEBHOOK_PORT": "9000",
            "TELEGRAM_WEBHOOK_LISTEN": "0.0.0.0",
            "RASA_URL": "http://rasa:5005",
            "RASA_TOKEN": "t0k",
        }
    )
    assert settings.webhook_mode
    assert settings.webhook_path == "tg/hook"
    assert (settings.webhook_secret, settings.webhook_port) == ("abc_123", 9000)
    assert settings.webhook_listen == "0.0.0.0"
    assert settings.base_url == "http://127.0.0.1:8081/bot"
    assert (settings.rasa.url, settings.rasa.token) == ("http://rasa:5005", "t0k")


def test_webhook_without_a_configured_secret_gets_a_random_one() -> None:
    env = {"TELEGRAM_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_URL": "https://ki.example.org/hook"}
    first, second = TelegramSettings.from_env(env), TelegramSettings.from_env(env)
    assert len(first.webhook_secret) >= 32
    assert first.webhook_secret != second.webhook_secret
    assert TelegramSettings(token="1:abc").webhook_secret  # never an open webhook


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"TELEGRAM_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_URL": "http://ki.example.org/hook"},
        {"TELEGRAM_TOKEN": "1:abc", "TELEGRAM_WEBHOOK_SECRET": "no spaces allowed"},
        {"TELEGRAM_TOKEN": "1:abc", "TELEGRAM_MESSAGES_PER_MINUTE": "0"},
    ],
    ids=["no token", "plain http webhook", "invalid secret", "no messages a minute"],
)
def test_misconfiguration_stops_with_a_message(env: dict[str, str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        TelegramSettings.from_env(env)
    assert "TELEGRAM_" in str(stopped.value)


async def test_module_runs_answers_and_stops_on_sigterm(
    fake_api: FakeBotApi, fake_rasa: FakeRasa, tmp_path
) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": fake_api.base_url,
        "RASA_URL": fake_rasa.url,
        "PSEUDONYM_KEY_FILE": str(tmp_path / "data" / "pseudonym.key"),
    }
    env.pop("PSEUDONYM_KEY", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.telegram"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        fake_api.enqueue(message_update("Hallo"))
        [sent] = await fake_api.wait_for("sendMessage", timeout=30)
        assert sent.text == "echo: Hallo"
        assert (tmp_path / "data" / "pseudonym.key").exists()
    finally:
        process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        while process.poll() is None and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        if process.poll() is None:
            process.kill()
        output = process.communicate()[0].decode(errors="replace")
    assert process.returncode == 0, output
    assert "Telegram bridge running" in output
    for private in (TOKEN, str(USER_ID), FIRST_NAME, USERNAME, "Hallo"):
        assert private not in output, f"{private!r} in the output"
