"""Async client for the assistant's Rasa server, shared by every channel (Telegram, web chat).

Channels talk to Rasa only through its REST channel (`/webhooks/rest/webhook`); what the
assistant decided comes with its answer (contract/messages.py), and erasure goes to the
conversation store itself (conversation_store/). Every failure to get an answer is one exception,
`RasaUnavailable`, so a channel needs a single place to tell the user "try again later".
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

logger = logging.getLogger(__name__)

DEFAULT_RASA_URL = "http://127.0.0.1:5005"
DEFAULT_TIMEOUT_S = 30.0  # the first message after a start can take several seconds


class RasaUnavailable(Exception):
    """Rasa (or the action server behind it) did not answer usefully."""


class RasaClient:
    """Sends user messages to Rasa and returns the assistant's messages."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._params = {"token": token} if token else {}
        self._http = httpx.AsyncClient(
            base_url=base_url.rstrip("/"), timeout=timeout_s, transport=transport
        )

    async def send(
        self, sender: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """The assistant's answer to `text` from `sender`: a list of REST channel messages.

        Raises:
            RasaUnavailable: Rasa is down, timed out, failed, or answered nothing at all (which
                is what Rasa does when the action server is down: every turn of this assistant
                says something).
        """
        body: dict[str, Any] = {"sender": sender, "message": text, "metadata": metadata or {}}
        try:
            response = await self._http.post(
                "/webhooks/rest/webhook", json=body, params=self._params
            )
            response.raise_for_status()
            messages = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            logger.warning("rasa request failed for %s: %s", sender, type(exc).__name__)
            raise RasaUnavailable(type(exc).__name__) from exc
        if not isinstance(messages, list) or not messages:
            logger.warning("rasa answered %s with no messages", sender)
            raise RasaUnavailable("empty answer")
        return [m for m in messages if isinstance(m, dict)]

    async def aclose(self) -> None:
        await self._http.aclose()


@dataclass(frozen=True)
class RasaConnection:
    """Where a channel finds Rasa: the one definition every channel's settings embed.

    Attributes:
        url: `RASA_URL`, Rasa's HTTP server (default `http://127.0.0.1:5005`).
        token: `RASA_TOKEN`, Rasa's `--auth-token`, sent as `?token=` (default: none).
        timeout_s: `RASA_TIMEOUT`, seconds to wait for an answer (default 30).
    """

    url: str = DEFAULT_RASA_URL
    token: str | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> RasaConnection:
        """Reads RASA_URL, RASA_TOKEN and RASA_TIMEOUT (default: the process environment)."""
        env = os.environ if environ is None else environ
        return cls(
            url=env.get("RASA_URL", "").strip() or DEFAULT_RASA_URL,
            token=env.get("RASA_TOKEN") or None,
            timeout_s=float(env.get("RASA_TIMEOUT") or DEFAULT_TIMEOUT_S),
        )

    def client(self) -> RasaClient:
        """A client for this Rasa (the channel closes it when it stops)."""
        return RasaClient(self.url, self.token, self.timeout_s)
