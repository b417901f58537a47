"""The host's HTTP side (Starlette): demo page, widget files, and the /api the widget calls.

Routes:
  GET    /                  demo page (a Kreis Heinsberg look-alike with the widget)
  GET    /widget.js, .css   the widget
  GET    /healthz           the host is up (says nothing about Rasa)
  GET    /api/texts/{code}  the widget's texts in one language, plus the language list
  POST   /api/messages      one user message → the assistant's answer
  POST   /api/replies       staff answers waiting for this session (after a handoff)
  DELETE /api/conversation  erase the conversation in Rasa
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.conversation import ConversationCore
from bot.handoff import DeskUnavailable, HandoffDesk
from bot.payload_signing import PayloadSigner
from bot.pseudonym import Pseudonyms, load_key
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.rate_limit import RateLimiter
from bot.webchat.chat import SENDER_PREFIX, SIGNING_PURPOSE, WebChat
from bot.webchat.clients import client_address
from bot.webchat.errors import ErrorGuard
from bot.webchat.origins import OriginGuard
from bot.webchat.settings import WebchatSettings
from bot.webchat.texts import accepted_languages, choose_language, error_text, widget_texts
from bot.webchat.validation import (
    ApiError,
    language_from_body,
    max_body_bytes,
    parse_message,
    parse_session,
)
from conversation_store.store import ConversationStore, ErasureFailed
from locales.catalog import Catalog, default_catalog

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"
# The demo page runs no inline code, so it can forbid everything but its own files.
DEMO_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
STATIC_MAX_AGE_S = 300  # short: a fixed widget reaches every page within minutes
RETRY_AFTER_S = "5"  # when Rasa is down: the widget waits at least this long before retrying
BUSY_RETRY_AFTER_S = "3"  # when too many requests wait for Rasa already


class StaticHeaders:
    """Security and cache headers for everything outside /api."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                content_type = dict(headers).get(b"content-type", b"")
                extra = {
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"no-referrer",
                    b"cache-control": f"public, max-age={STATIC_MAX_AGE_S}".encode(),
                }
                if content_type.startswith(b"text/html"):
                    extra[b"content-security-policy"] = DEMO_CSP.encode()
                headers += list(extra.items())
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Api:
    """The /api handlers, bound to one WebChat and its limits."""

    def __init__(self, chat: WebChat, settings: WebchatSettings, catalog: Catalog) -> None:
        self.chat = chat
        self.settings = settings
        self.catalog = catalog
        self.limiter = RateLimiter(settings.messages_per_minute, 60.0)
        self.ip_limiter = RateLimiter(settings.messages_per_minute_per_ip, 60.0)
        # Polls are not messages: their own budget, a few times the widget's pace.
        self.poll_limiter = RateLimiter(max(6, round(4 * 60 / settings.poll_seconds)), 60.0)
        self.in_flight = 0  # requests of this host waiting for Rasa now

    def language(self, request: Request, *candidates: str | None) -> str:
        """The language for the host's own messages: the widget's, else the browser's."""
        browser = accepted_languages(request.headers.get("accept-language"))
        return choose_language(self.catalog, *candidates, *browser)

    def error(self, request: Request, err: ApiError, *languages: str | None) -> JSONResponse:
        language = self.language(request, *languages)
        body = {
            "error": err.code,
            "message": error_text(self.catalog, language, err.code, **err.params),
        }
        return JSONResponse(body, status_code=err.status, headers=err.headers)

    def forbidden(self, request: Request) -> Response:
        return self.error(request, ApiError(403, "forbidden"))

    def failed(self, request: Request) -> Response:
        """An unexpected error (see bot.webchat.errors): the widget retries after a while."""
        unavailable = ApiError(500, "unavailable", headers={"Retry-After": RETRY_AFTER_S})
        return self.error(request, unavailable)

    async def texts(self, request: Request) -> Response:
        code = str(request.path_params["code"]).lower()
        if not self.catalog.supports(code):
            return self.error(request, ApiError(404, "unknown_language"))
        days = self.chat.core.store.settings.retention_days
        limit = self.settings.max_message_chars
        poll = self.settings.poll_seconds
        body = widget_texts(self.catalog, code, limit, days, self.chat.signer.sign, poll)
        return JSONResponse(body, headers={"Cache-Control": f"public, max-age={STATIC_MAX_AGE_S}"})

    async def read_body(self, request: Request) -> bytes:
        """The body, read only up to the largest sensible size (no memory for a huge upload)."""
        limit = max_body_bytes(self.settings.max_message_chars)
        too_long = ApiError(413, "too_long", {"max": self.settings.max_message_chars})
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_long
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_long
            chunks.append(chunk)
        return b"".join(chunks)

    async def messages(self, request: Request) -> Response:
        try:
            raw = await self.read_body(request)
        except ApiError as err:
            return self.error(request, err)  # unread: the browser's language
        try:
            self._limit_client(request)
            message = parse_message(raw, self.settings.max_message_chars)
            self._limit(message.session)
            if self.in_flight >= self.settings.max_in_flight:
                # Queueing more would only make everyone wait longer: say so at once.
                raise ApiError(503, "busy", headers={"Retry-After": BUSY_RETRY_AFTER_S})
        except ApiError as err:
            return self.error(request, err, language_from_body(raw))
        self.in_flight += 1
        try:
            answer = await self.chat.answer(message)
        except RasaUnavailable:
            unavailable = ApiError(503, "unavailable", headers={"Retry-After": RETRY_AFTER_S})
            return self.error(request, unavailable, message.language)
        finally:
            self.in_flight -= 1
        return JSONResponse(answer, headers={"Cache-Control": "no-store"})

    async def replies(self, request: Request) -> Response:
        """Staff answers for the session (a POST: the session id stays out of URLs and logs)."""
        try:
            raw = await self.read_body(request)
        except ApiError as err:
            return self.error(request, err)
        try:
            session, language = parse_session(raw)
            self._hit(self.poll_limiter, session)
        except ApiError as err:
            return self.error(request, err, language_from_body(raw))
        try:
            body = await self.chat.replies(session)
        except DeskUnavailable:
            unavailable = ApiError(503, "unavailable", headers={"Retry-After": RETRY_AFTER_S})
            return self.error(request, unavailable, language)
        return JSONResponse(body, headers={"Cache-Control": "no-store"})

    async def delete_conversation(self, request: Request) -> Response:
        try:
            raw = await self.read_body(request)
        except ApiError as err:
            return self.error(request, err)
        try:
            self._limit_client(request)
            session, language = parse_session(raw)
            self._limit(session)
        except ApiError as err:
            return self.error(request, err, language_from_body(raw))
        try:
            await self.chat.forget(session)
        except ErasureFailed:
            # Never "deleted" when it was not: the widget shows this and keeps its copy.
            failed = self.catalog.text(self.language(request, language), "webchat.delete.failed")
            body = {"error": "delete_failed", "message": failed}
            return JSONResponse(body, status_code=503, headers={"Cache-Control": "no-store"})
        return JSONResponse({"deleted": True}, headers={"Cache-Control": "no-store"})

    def _limit(self, session: str) -> None:
        self._hit(self.limiter, session)

    def _limit_client(self, request: Request) -> None:
        """The per-address limit: a client making a fresh session per request meets this one."""
        peer = request.client.host if request.client else None
        forwarded = request.headers.getlist("x-forwarded-for")
        self._hit(self.ip_limiter, client_address(peer, forwarded, self.settings.trusted_proxies))

    @staticmethod
    def _hit(limiter: RateLimiter, key: str) -> None:
        wait_s = limiter.hit(key)
        if wait_s:
            retry = RateLimiter.retry_after_header(wait_s)
            raise ApiError(429, "rate_limited", headers={"Retry-After": retry})


async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


def create_app(
    settings: WebchatSettings,
    rasa: RasaClient | None = None,
    pseudonyms: Pseudonyms | None = None,
    catalog: Catalog | None = None,
    store: ConversationStore | None = None,
    key: bytes | None = None,
    desk: HandoffDesk | None = None,
) -> Starlette:
    """The host application; tests pass their own Rasa client, key, catalog and store.

    `desk`: the staff desk for handoffs to a person (`python -m bot.webchat` passes the one on
    STAFF_DB_URL / DATABASE_URL; None: no handoff).

    `key` (default: the pseudonym key) makes the pseudonyms and signs button payloads.
    """
    catalog = catalog or default_catalog()
    rasa = rasa or settings.rasa.client()
    if pseudonyms is None:
        key = key or load_key()
        pseudonyms = Pseudonyms(key, prefix=SENDER_PREFIX)
    # A persistent key keeps buttons working across restarts; without one (tests that bring
    # their own pseudonyms) payloads are signed with a random key.
    signer = PayloadSigner(key, SIGNING_PURPOSE)
    core = ConversationCore(rasa, store or ConversationStore.from_env(), catalog, desk=desk)
    api = Api(WebChat(core, pseudonyms, signer), settings, catalog)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await core.aclose()

    routes = [
        Route("/healthz", health),
        Route("/api/texts/{code}", api.texts, methods=["GET"]),
        Route("/api/messages", api.messages, methods=["POST"]),
        Route("/api/replies", api.replies, methods=["POST"]),
        Route("/api/conversation", api.delete_conversation, methods=["DELETE"]),
        Mount("/", StaticFiles(directory=STATIC, html=True)),
    ]
    middleware = [
        Middleware(OriginGuard, allowed=settings.allowed_origins, forbidden=api.forbidden),
        Middleware(ErrorGuard, failed=api.failed),  # inside the guard: with CORS headers
        Middleware(StaticHeaders),
        Middleware(GZipMiddleware, minimum_size=500),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
