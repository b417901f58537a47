"""The scaffolding the tests' fake servers share: an HTTP server on a free loopback port.

Each fake (Rasa, Telegram's Bot API) is a `LocalHttpServer` with its own request handler. The
server runs in a daemon thread, so a test that forgets `stop()` cannot hang the run, and binds
port 0, so parallel or repeated tests never fight over a port. `JsonRequestHandler` holds what
every handler needs: JSON out, the request body in, and no access log in the test output.
"""

from __future__ import annotations

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

HOST = "127.0.0.1"


class JsonRequestHandler(BaseHTTPRequestHandler):
    """A request handler with JSON helpers; subclasses add the `do_<METHOD>`s."""

    def send_json(self, status: int, payload: Any) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length)

    def read_json(self) -> Any:
        """The JSON body; an empty body is `None`."""
        return json.loads(self.read_body() or b"null")

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # one line per request would drown the test output


class _Server(ThreadingHTTPServer):
    # The bridge serves 64 updates at once, each with a few API calls: with the default
    # listen backlog of 5 a burst of connections is refused, which no real Bot API does.
    request_queue_size = 256


class LocalHttpServer:
    """A `ThreadingHTTPServer` on a free loopback port, started and stopped by the test."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self._server = _Server((HOST, 0), handler)
        self._server.daemon_threads = True
        self._server.handle_error = self._handle_error  # type: ignore[method-assign]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        """`http://127.0.0.1:<port>`, without a trailing slash."""
        return f"http://{HOST}:{self._server.server_address[1]}"

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stops serving and frees the port; calling it twice is fine (tests stop a fake early
        to simulate an outage, and the fixture stops it again)."""
        if self._thread.is_alive():
            self._server.shutdown()  # blocks forever unless serve_forever is running
        self._server.server_close()

    def _handle_error(self, request: Any, client_address: Any) -> None:
        # A client that gave up (a timed-out request, a long poll cancelled at shutdown) makes
        # the server write to a closed socket: expected, not worth a traceback. Anything else
        # is a bug in the fake or a failed check in a handler, and should be seen.
        if isinstance(sys.exc_info()[1], OSError):
            return
        ThreadingHTTPServer.handle_error(self._server, request, client_address)
