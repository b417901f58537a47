"""The last wall for /api: an unexpected error is still an answer the widget can read.

Starlette turns an uncaught exception into a bare 500 in its outermost layer, outside the
origin guard, so the answer has no CORS headers and the browser hands the widget nothing but a
network error. Inside the guard, this middleware answers instead: a localized "not available,
try again" with Retry-After, and logs the traceback (never the request: it holds the message).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)


class ErrorGuard:
    """ASGI middleware for paths under `prefix`; `failed` builds the (localized) 500 answer."""

    def __init__(
        self, app: ASGIApp, failed: Callable[[Request], Response], prefix: str = "/api/"
    ) -> None:
        self.app = app
        self.failed = failed
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            logger.exception("unexpected error answering %s %s", scope["method"], scope["path"])
            if started:
                raise  # half an answer is out: nothing sensible can follow it
            await self.failed(Request(scope))(scope, receive, send)
