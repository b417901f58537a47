"""A scripted stand-in for Rasa's REST channel and tracker API, on a free loopback port.

Tests set `reply` (request body → answer) and `slots`, and read `requests`, `forgotten` and
`tracker_reads`. An answer is a list of messages or an HTTP status to fail with.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlparse

Answer = list[Any] | int  # any list: tests also send Rasa answers the host must filter
Reply = Callable[[dict[str, Any]], Answer]


def echo(body: dict[str, Any]) -> Answer:
    """The default script: "echo: <message>"."""
    return [{"recipient_id": body["sender"], "text": f"echo: {body['message']}"}]


class FakeRasa:
    """The fake server; `url` is what the host gets as RASA_URL."""

    def __init__(self) -> None:
        self.reply: Reply = echo
        self.slots: dict[str, Any] = {}
        self.slots_status = 200
        self.forget_status = 200
        self.requests: list[dict[str, Any]] = []
        self.forgotten: list[str] = []
        self.tracker_reads: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
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

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        rasa = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # quiet test output

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

            def _sender(self) -> str:
                return unquote(urlparse(self.path).path.split("/")[2])

            def do_POST(self) -> None:
                if urlparse(self.path).path != "/webhooks/rest/webhook":
                    self._send(404, {})
                    return
                body = self._body()
                rasa.requests.append(body)
                answer = rasa.reply(body)
                if isinstance(answer, int):
                    self._send(answer, {"error": "scripted failure"})
                else:
                    self._send(200, answer)

            def do_GET(self) -> None:
                path = urlparse(self.path).path
                if path.startswith("/conversations/") and path.endswith("/tracker"):
                    rasa.tracker_reads.append(self._sender())
                    self._send(rasa.slots_status, {"slots": rasa.slots})
                else:
                    self._send(404, {})

            def do_PUT(self) -> None:
                path = urlparse(self.path).path
                if path.startswith("/conversations/") and path.endswith("/tracker/events"):
                    assert self._body() == []
                    if rasa.forget_status == 200:
                        rasa.forgotten.append(self._sender())
                    self._send(rasa.forget_status, {})
                else:
                    self._send(404, {})

        return Handler
