"""The admin's Starlette app: sqladmin under /admin, a health route, the views and pages."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from sqladmin import Admin
from sqladmin.i18n import I18nConfig
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from admin.audit import StaffAudit
from admin.auth import StaffAuth
from admin.pages import PAGES
from admin.settings import AdminSettings, Network
from admin.site_places import keep_site_places
from admin.views.desk import DESK_VIEWS, TicketAdmin
from admin.views.offers import OFFER_VIEWS
from offer_db.models import Base as OfferBase
from staff_desk.models import Base as StaffBase
from staff_desk.tickets import Tickets

TEMPLATES = Path(__file__).resolve().parent / "templates"
BASE_URL = "/admin"
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",  # no clickjacking of the forms
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",  # pages with conversations stay out of shared caches
}


def sessions_for(offer_engine: Engine, staff_engine: Engine) -> sessionmaker[Session]:
    """One session factory for both databases: each model's table is read from its own engine
    (they are the same database unless STAFF_DB_URL points elsewhere)."""
    sessions = sessionmaker(binds={OfferBase: offer_engine, StaffBase: staff_engine})
    keep_site_places(sessions)
    return sessions


def create_app(settings: AdminSettings, offer_engine: Engine, staff_engine: Engine) -> Starlette:
    async def healthz(_request: Request) -> Response:
        return PlainTextResponse("ok")

    async def home(_request: Request) -> Response:
        return RedirectResponse(f"{BASE_URL}/", status_code=307)

    app = Starlette(
        routes=[Route("/healthz", healthz), Route("/", home)],
        middleware=[
            # Outermost: the login throttle, sqladmin's links and its redirects see the client's
            # address and scheme, as far as a trusted proxy tells them.
            Middleware(ProxyHeadersMiddleware, trusted_hosts=trusted_hosts(settings)),
            Middleware(SecurityHeaders),
        ],
    )
    sessions = sessions_for(offer_engine, staff_engine)
    staff_sessions = sessionmaker(staff_engine)
    admin = Admin(
        app,
        session_maker=sessions,
        base_url=BASE_URL,
        title="KI Heinsberg",
        templates_dir=str(TEMPLATES),
        authentication_backend=StaffAuth(settings, staff_sessions),
        audit_backend=StaffAudit(),
        # sqladmin's own German translation, whatever the browser asks; staff may switch to English.
        i18n_config=I18nConfig(
            default_locale="de", language_header_name=None, language_switcher=["de", "en"]
        ),
    )
    # A subclass per app, so that two apps (tests: SQLite and PostgreSQL) keep their own desk.
    tickets_view = type("TicketAdmin", (TicketAdmin,), {"tickets": Tickets(staff_engine)})
    desk = [tickets_view if view is TicketAdmin else view for view in DESK_VIEWS]
    for view in (*OFFER_VIEWS, *desk, *PAGES):
        admin.add_view(view)
    return app


def trusted_hosts(settings: AdminSettings) -> list[str]:
    """ADMIN_TRUSTED_PROXIES for uvicorn's ProxyHeadersMiddleware: only when the peer is one of
    them are X-Forwarded-For (the client: the first hop from the right that is not one of them)
    and X-Forwarded-Proto believed. None (the default): the headers are ignored, the client is
    the peer. An IPv4 proxy also counts when a dual-stack socket shows it as ::ffff:a.b.c.d."""
    networks: list[Network] = []
    for network in settings.trusted_proxies:
        networks.append(network)
        if network.version == 4:
            mapped = f"::ffff:{network.network_address}/{96 + network.prefixlen}"
            networks.append(ipaddress.ip_network(mapped))
    return [str(network) for network in networks]


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers if scope["type"] == "http" else send)
