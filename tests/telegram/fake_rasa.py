"""A scripted stand-in for Rasa's REST channel and tracker API, on a free loopback port.

Tests set `reply` (a function from the request body to the answer) and read `requests` and
`forgotten`. An answer is a list of messages, an HTTP status to fail with, or `Hang(seconds)`.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse


@dataclass(frozen=True)
class Hang:
    """Answer only after `seconds` (longer than the bridge's timeout: Rasa "down")."""

    seconds: float


Answer = list[dict[str, Any]] | int | Hang
Reply = Callable[[dict[str, Any]], Answer]


def echo(body: dict[str, Any]) -> Answer:
    """The default script: "echo: <message>"."""
    return [{"recipient_id": body["sender"], "text": f"echo: {body['message']}"}]


class FakeRasa:
    """The fake server; `url` is what the bridge gets as RASA_URL."""

    def __init__(self) -> None:
        self.reply: Reply = echo
        self.requests: list[dict[str, Any]] = []
        self.forgotten: list[str] = []
        self.tokens: list[str | None] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeRasa:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def messages(self) -> list[str]:
        with self._lock:
            return [r["message"] for r in self.requests]

    async def wait_for_requests(self, count: int, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"Rasa got {self.messages()}, expected {count} requests")
            await asyncio.sleep(0.01)
        return self.requests

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        rasa = self

        class Handler(BaseHTTPRequestHandler):
            def _send(self, status: int, payload: Any) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _body(self) -> Any:
                length = int(self.headers.get("Content-Length") or 0)
                return json.loads(self.rfile.read(length) or b"null")

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                url = urlparse(self.path)
                if url.path != "/webhooks/rest/webhook":
                    self._send(404, {})
                    return
                body = self._body()
                with rasa._lock:
                    rasa.requests.append(body)
                    rasa.tokens.append(parse_qs(url.query).get("token", [None])[0])
                answer = rasa.reply(body)
                if isinstance(answer, Hang):
                    time.sleep(answer.seconds)
                    answer = []
                if isinstance(answer, int):
                    self._send(answer, {"error": "scripted failure"})
                else:
                    self._send(200, answer)

            def do_PUT(self) -> None:  # noqa: N802
                parts = urlparse(self.path).path.strip("/").split("/")
                # /conversations/<sender>/tracker/events
                if (
                    len(parts) == 4
                    and parts[0] == "conversations"
                    and parts[2:]
                    == [
                        "tracker",
                        "events",
                    ]
                ):
                    events = self._body()
                    with rasa._lock:
                        rasa.forgotten.append(unquote(parts[1]))
                    self._send(200, {"sender_id": parts[1], "events": events})
                    return
                self._send(404, {})

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        return Handler
