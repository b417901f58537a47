"""CSRF protection for the admin (sqladmin has none): a per-session token on every form post.

Every state-changing request (POST, PUT, PATCH, DELETE) must carry the session's token, either
as the form field `csrf_token` or as the `X-CSRF-Token` header (sqladmin's delete button sends
its request by jQuery); otherwise it is refused with 403 before it reaches sqladmin. The token
reaches the pages without copying sqladmin's templates: HTML responses get a hidden field in
every POST form and a `<meta>` tag plus a line of script that puts the header on jQuery's
requests. Must run inside Starlette's SessionMiddleware (it keeps the token in the session).
"""

from __future__ import annotations

import hmac
import html
import re
import secrets
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_SESSION_KEY = "csrf"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
MAX_BODY = 10 * 1024 * 1024  # the forms are small; this bounds what is buffered to find the token
_POST_FORM = re.compile(rb"<form\b[^>]*\bmethod=[\"']?post\b[^>]*>", re.IGNORECASE)
REFUSED = (
    b'<!doctype html><html lang="de"><meta charset="utf-8"><title>403</title>'
    b"<p>Das Formular ist abgelaufen oder kam nicht von dieser Seite. Bitte die Seite neu laden."
    b'</p><p lang="en">The form has expired or did not come from this site. Please reload.'
    b"</p></html>"
)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CsrfMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session: dict[str, Any] = scope["session"]
        expected = session.get(CSRF_SESSION_KEY)
        if scope["method"] in UNSAFE:
            replay = await _buffered(receive)
            if replay is None or not expected or not await _carries(scope, replay, expected):
                await _refuse(send)
                return
            receive = replay.receive_then(receive)
        if not expected:
            session[CSRF_SESSION_KEY] = new_token()
        await self.app(scope, receive, _TokenInjector(send, session))


async def _carries(scope: Scope, body: _Body, expected: str) -> bool:
    headers = dict(scope["headers"])
    given = headers.get(HEADER.encode(), b"").decode("latin-1")
    if not given:
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await Request(scope, body.receive_then(None)).form()
            value = form.get(FIELD)
            given = value if isinstance(value, str) else ""
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


async def _refuse(send: Send) -> None:
    headers = [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"content-length", b"%d" % len(REFUSED)),
    ]
    await send({"type": "http.response.start", "status": 403, "headers": headers})
    await send({"type": "http.response.body", "body": REFUSED})


class _Body:
    """A request body read once and handed out again, to the check and then to the app."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def receive_then(self, rest: Receive | None) -> Receive:
        sent = False

        async def receive() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": self.data, "more_body": False}
            if rest is None:
                return {"type": "http.disconnect"}
            return await rest()

        return receive


async def _buffered(receive: Receive) -> _Body | None:
    """The whole body, or None when it is larger than MAX_BODY."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return _Body(b"".join(chunks))


class _TokenInjector:
    """Adds the session's token to every HTML page: hidden field in POST forms, meta, script."""

    def __init__(self, send: Send, session: dict[str, Any]) -> None:
        self.send = send
        self.session = session
        self.start: Message | None = None
        self.chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            content_type = MutableHeaders(raw=list(message["headers"])).get("content-type", "")
            if content_type.startswith("text/html"):
                self.start = message
                return
        elif message["type"] == "http.response.body" and self.start is not None:
            self.chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = self._inject(b"".join(self.chunks))
            headers = MutableHeaders(raw=list(self.start["headers"]))
            headers["content-length"] = str(len(body))
            await self.send({**self.start, "headers": headers.raw})
            await self.send({"type": "http.response.body", "body": body})
            return
        await self.send(message)

    def _inject(self, body: bytes) -> bytes:
        # The token may be new (set at login), so it is read when the page is sent.
        token = html.escape(str(self.session.get(CSRF_SESSION_KEY, ""))).encode()
        field = b'<input type="hidden" name="' + FIELD.encode() + b'" value="' + token + b'">'
        body = _POST_FORM.sub(lambda m: m.group(0) + field, body)
        meta = b'<meta name="csrf-token" content="' + token + b'">'
        body = body.replace(b"</head>", meta + b"</head>", 1)
        script = (
            b"<script>if(window.jQuery){jQuery.ajaxSetup({headers:{'X-CSRF-Token':"
            b"document.querySelector('meta[name=csrf-token]').content}});}</script>"
        )
        return body.replace(b"</body>", script + b"</body>", 1)
