"""A scripted stand-in for Rasa's REST channel and tracker API, on a free loopback port.

Shared by the channels' tests (Telegram bridge, web chat host): both talk to Rasa through the
same `bot.rasa_client.RasaClient`, so one fake serves both. It speaks:

- `POST /webhooks/rest/webhook`: records the body (`requests`) and the `token` query parameter
  (`tokens`), answers with `reply(body)`;
- `GET /conversations/<sender>/tracker`: records the sender (`tracker_reads`), answers `slots`
  with status `slots_status`;
- `PUT /conversations/<sender>/tracker/events`: with status `forget_status`; a 200 records the
  sender (`forgotten`), since only then did Rasa forget the conversation.

An answer of `reply` is a list of messages, an HTTP status to fail with, or `Hang(seconds)`.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from tests.local_http_server import JsonRequestHandler, LocalHttpServer


@dataclass(frozen=True)
class Hang:
    """Answer only after `seconds` (longer than the client's timeout: Rasa "down")."""

    seconds: float


# Any list, not only messages: tests also send answers with items the channel must filter out.
Answer = list[Any] | int | Hang
Reply = Callable[[dict[str, Any]], Answer]


def echo(body: dict[str, Any]) -> Answer:
    """The default script: "echo: <message>"."""
    return [{"recipient_id": body["sender"], "text": f"echo: {body['message']}"}]


class FakeRasa(LocalHttpServer):
    """The fake server; `url` is what the channel gets as RASA_URL.

    Tests set `reply`, `slots`, `slots_status` and `forget_status`, and read `requests`,
    `tokens`, `forgotten` and `tracker_reads` (appended from the server's threads, under a lock).
    """

    def __init__(self) -> None:
        self.reply: Reply = echo
        self.slots: dict[str, Any] = {}
        self.slots_status = 200
        self.forget_status = 200
        self.requests: list[dict[str, Any]] = []
        self.tokens: list[str | None] = []
        self.forgotten: list[str] = []
        self.tracker_reads: list[str] = []
        self._lock = threading.Lock()
        super().__init__(self._handler_class())

    def messages(self) -> list[str]:
        """The texts Rasa received, in order."""
        with self._lock:
            return [r["message"] for r in self.requests]

    async def wait_for_requests(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        """Waits until Rasa received `count` messages (the channel answers asynchronously)."""
        deadline = time.monotonic() + timeout
        while len(self.requests) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"Rasa got {self.messages()}, expected {count} requests")
            await asyncio.sleep(0.01)
        return self.requests

    def _handler_class(self) -> type[JsonRequestHandler]:
        rasa = self

        class Handler(JsonRequestHandler):
            def _conversation(self, *rest: str) -> str | None:
                """The sender of `/conversations/<sender>/<rest…>`, or None for other paths."""
                parts = urlparse(self.path).path.strip("/").split("/")
                if (
                    len(parts) == 2 + len(rest)
                    and parts[0] == "conversations"
                    and tuple(parts[2:]) == rest
                ):
                    return unquote(parts[1])
                return None

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                url = urlparse(self.path)
                if url.path != "/webhooks/rest/webhook":
                    self.send_json(404, {})
                    return
                body = self.read_json()
                with rasa._lock:
                    rasa.requests.append(body)
                    rasa.tokens.append(parse_qs(url.query).get("token", [None])[0])
                answer = rasa.reply(body)
                if isinstance(answer, Hang):
                    time.sleep(answer.seconds)
                    answer = []
                if isinstance(answer, int):
                    self.send_json(answer, {"error": "scripted failure"})
                else:
                    self.send_json(200, answer)

            def do_GET(self) -> None:  # noqa: N802
                sender = self._conversation("tracker")
                if sender is None:
                    self.send_json(404, {})
                    return
                with rasa._lock:
                    rasa.tracker_reads.append(sender)
                self.send_json(rasa.slots_status, {"slots": rasa.slots})

            def do_PUT(self) -> None:  # noqa: N802
                sender = self._conversation("tracker", "events")
                if sender is None:
                    self.send_json(404, {})
                    return
                events = self.read_json()
                # Forgetting means replacing the events with none; anything else is a bug.
                assert events == [], events
                if rasa.forget_status != 200:
                    self.send_json(rasa.forget_status, {})
                    return
                with rasa._lock:
                    rasa.forgotten.append(sender)
                self.send_json(200, {"sender_id": sender, "events": events})

        return Handler
