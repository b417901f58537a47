"""The Telegram bridge's settings, read once from the environment (defaults work locally)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from urllib.parse import urlparse

from bot.rasa_client import DEFAULT_TIMEOUT_S

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_RASA_URL = "http://127.0.0.1:5005"


@dataclass(frozen=True)
class TelegramSettings:
    """Everything the bridge needs to run; `from_env` reads it."""

    token: str
    base_url: str = DEFAULT_BASE_URL
    rasa_url: str = DEFAULT_RASA_URL
    rasa_token: str | None = None
    rasa_timeout_s: float = DEFAULT_TIMEOUT_S
    webhook_url: str | None = None
    webhook_secret: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = 8443

    @property
    def webhook_mode(self) -> bool:
        return bool(self.webhook_url)

    @property
    def webhook_path(self) -> str:
        """The path the webhook server listens on: the public URL's, so a proxy passes it as is."""
        return urlparse(self.webhook_url or "").path.strip("/")

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> TelegramSettings:
        """Reads TELEGRAM_*, RASA_URL, RASA_TOKEN, RASA_TIMEOUT; fails when the token is unset."""
        env = dict(os.environ) if env is None else env
        token = env.get("TELEGRAM_TOKEN", "").strip()
        if not token:
            raise SystemExit("TELEGRAM_TOKEN is not set: create a bot with @BotFather first")
        webhook_url = env.get("TELEGRAM_WEBHOOK_URL", "").strip() or None
        if webhook_url and not webhook_url.startswith("https://"):
            # Telegram delivers webhooks over HTTPS only; a typo here would silently get nothing.
            raise SystemExit("TELEGRAM_WEBHOOK_URL must be an https:// URL")
        return cls(
            token=token,
            base_url=env.get("TELEGRAM_BASE_URL", "").strip() or DEFAULT_BASE_URL,
            rasa_url=env.get("RASA_URL", "").strip() or DEFAULT_RASA_URL,
            rasa_token=env.get("RASA_TOKEN") or None,
            rasa_timeout_s=float(env.get("RASA_TIMEOUT") or DEFAULT_TIMEOUT_S),
            webhook_url=webhook_url,
            # Without a configured secret a random one is fine: it is registered with
            # setWebhook at every start, and a webhook must never accept unsigned updates.
            webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or secrets.token_urlsafe(32),
            webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN") or "127.0.0.1",
            webhook_port=int(env.get("TELEGRAM_WEBHOOK_PORT") or 8443),
        )
