"""The Telegram bridge's settings, read once from the environment (defaults work locally)."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlparse

from bot.rasa_client import RasaConnection
from bot.telegram.message_rate import MESSAGES_PER_MINUTE

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as secret_token


def random_secret() -> str:
    return secrets.token_urlsafe(32)  # only characters Telegram allows in a secret token


@dataclass(frozen=True)
class TelegramSettings:
    """Everything the bridge needs to run; `from_env` reads it."""

    token: str
    base_url: str = DEFAULT_BASE_URL
    rasa: RasaConnection = field(default_factory=RasaConnection)
    webhook_url: str | None = None
    # Without a configured secret a random one is fine: it is registered with setWebhook at
    # every start, and a webhook must never accept unsigned updates.
    webhook_secret: str = field(default_factory=random_secret)
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443
    # The KI staff's Telegram group (the staff desk); None: tickets only in the staff admin.
    staff_chat_id: int | None = None
    staff_poll_s: float = 5.0  # how often the database is checked for answers from the admin
    messages_per_minute: int = MESSAGES_PER_MINUTE  # per chat (bot.telegram.message_rate)

    @property
    def webhook_mode(self) -> bool:
        return bool(self.webhook_url)

    @property
    def webhook_path(self) -> str:
        """The path the webhook server listens on: the public URL's, so a proxy passes it as is."""
        return urlparse(self.webhook_url or "").path.strip("/")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> TelegramSettings:
        """Reads TELEGRAM_* (incl. TELEGRAM_STAFF_CHAT_ID, TELEGRAM_MESSAGES_PER_MINUTE), RASA_URL,
        RASA_TOKEN, RASA_TIMEOUT;
        fails when the token is unset."""
        env = dict(os.environ) if env is None else env
        token = env.get("TELEGRAM_TOKEN", "").strip()
        if not token:
            raise SystemExit("TELEGRAM_TOKEN is not set: create a bot with @BotFather first")
        webhook_url = env.get("TELEGRAM_WEBHOOK_URL", "").strip() or None
        if webhook_url and not webhook_url.startswith("https://"):
            # Telegram delivers webhooks over HTTPS only; a typo here would silently get nothing.
            raise SystemExit("TELEGRAM_WEBHOOK_URL must be an https:// URL")
        staff_chat = env.get("TELEGRAM_STAFF_CHAT_ID", "").strip()
        if staff_chat and not re.fullmatch(r"-?\d+", staff_chat):
            raise SystemExit("TELEGRAM_STAFF_CHAT_ID must be the group's numeric id (-100...)")
        per_minute_text = env.get("TELEGRAM_MESSAGES_PER_MINUTE", "").strip()
        if per_minute_text and not re.fullmatch(r"[1-9]\d*", per_minute_text):
            raise SystemExit("TELEGRAM_MESSAGES_PER_MINUTE must be a whole number above 0")
        per_minute = int(per_minute_text) if per_minute_text else MESSAGES_PER_MINUTE
        secret = env.get("TELEGRAM_WEBHOOK_SECRET") or random_secret()
        if not SECRET_TOKEN.fullmatch(secret):
            raise SystemExit("TELEGRAM_WEBHOOK_SECRET: 1-256 characters of A-Z a-z 0-9 _ -")
        return cls(
            token=token,
            base_url=env.get("TELEGRAM_BASE_URL", "").strip() or DEFAULT_BASE_URL,
            rasa=RasaConnection.from_env(env),
            webhook_url=webhook_url,
            webhook_secret=secret,
            webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN") or "127.0.0.1",
            webhook_port=int(env.get("TELEGRAM_WEBHOOK_PORT") or 8443),
            staff_chat_id=int(staff_chat) if staff_chat else None,
            staff_poll_s=float(env.get("TELEGRAM_STAFF_POLL_SECONDS") or 5.0),
            messages_per_minute=per_minute,
        )
