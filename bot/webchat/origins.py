"""Which web pages may use the chat API: an allow-list of origins, enforced before any handler.

Browsers attach `Origin` to every cross-origin request and to every POST/DELETE, so a page of
another site gets 403 before anything reaches Rasa, and only allowed pages get CORS headers (a
browser hands an answer without them to no other page). A POST or DELETE without `Origin` comes
from no browser at all (a script): refused too, so only the widget talks to the assistant. A GET
without it is the widget on the host's own page fetching its public texts (browsers send no
`Origin` on a same-origin GET), so it is served.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_PORTS = {"http": 80, "https": 443}
ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS"
ALLOWED_HEADERS = "Content-Type, Accept-Language"
PREFLIGHT_MAX_AGE_S = "600"
WITHOUT_ORIGIN = frozenset({"GET", "HEAD"})  # methods a browser may send without Origin


def normalize_origin(origin: str) -> str:
    """'HTTPS://Example.org:443/' → 'https://example.org'; '' when it is not an http(s) origin."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return ""
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        return ""
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal keeps its brackets
    if port is None or port == DEFAULT_PORTS[parts.scheme]:
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"


def cors_headers(origin: str) -> dict[str, str]:
    """The headers that let the allowed page `origin` read an answer."""
    return {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Expose-Headers": "Retry-After",  # the widget waits as long as told
        "Vary": "Origin",
    }


class OriginGuard:
    """ASGI middleware for paths under `prefix`: 403 for foreign origins, CORS for allowed ones.

    `forbidden` builds the (localized) 403 answer for a request.
    """

    def __init__(
        self,
        app: ASGIApp,
        allowed: frozenset[str],
        forbidden: Callable[[Request], Response],
        prefix: str = "/api/",
    ) -> None:
        self.app = app
        self.allowed = allowed
        self.forbidden = forbidden
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        raw = request.headers.get("origin")
        origin = None if raw is None else normalize_origin(raw)
        if (origin is not None and origin not in self.allowed) or (
            origin is None and request.method not in WITHOUT_ORIGIN
        ):
            await self.forbidden(request)(scope, receive, send)
            return
        if origin is not None and request.method == "OPTIONS":
            await self._preflight(origin)(scope, receive, send)
            return
        # Vary even without CORS: a shared cache must not hand one page's answer to another.
        extra = cors_headers(origin) if origin else {"Vary": "Origin"}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in extra.items()
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    def _preflight(origin: str) -> Response:
        return Response(
            status_code=204,
            headers={
                **cors_headers(origin),
                "Access-Control-Allow-Methods": ALLOWED_METHODS,
                "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                "Access-Control-Max-Age": PREFLIGHT_MAX_AGE_S,
            },
        )
