"""Fixtures of the staff admin tests: a migrated database (SQLite and PostgreSQL) with one
staff account, sample offer data and a ticket; the admin app in-process; logging in."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette 1.x prefers httpx2 for its TestClient
    from starlette.testclient import TestClient

from admin.accounts import create_user
from admin.app import create_app
from admin.settings import AdminSettings
from offer_db.engine import make_engine as make_offer_engine
from offer_db.migrate import upgrade as upgrade_offers
from offer_db.models import Offer, Provider, Site
from staff_desk.engine import make_engine as make_staff_engine
from staff_desk.engine import make_session_factory
from staff_desk.migrate import upgrade_engine as upgrade_staff
from staff_desk.tickets import NewTicket, Tickets
from staff_desk.vocabulary import Channel

USER = "kiteam"
PASSWORD = "richtig-langes-Passwort-1"
BASE = "http://127.0.0.1"


@dataclass(frozen=True)
class AdminDatabase:
    url: str
    offer_engine: Engine
    staff_engine: Engine
    settings: AdminSettings
    ticket_id: int
    site_id: int
    offer_id: int


def _sample_offer_data(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session, session.begin():
        provider = Provider(external_id="P-1", name="VHS Test")
        site = Site(
            external_id="S-1",
            provider=provider,
            name="Schule am Markt",
            street="Markt 1",
            postcode="41836",
            municipality="Hückelhoven",
            lat=51.055,
            lon=6.224,
        )
        offer = Offer(
            external_id="O-1",
            provider=provider,
            site=site,
            category="counseling",
            title="Beratung am Markt",
            verified_on=dt.date(2026, 11, 1),
            verified_by="Test",
        )
        session.add_all([provider, site, offer])
        session.flush()
        return site.id, offer.id


@pytest.fixture(scope="module")
def admin_db(module_db_url: str) -> Iterator[AdminDatabase]:
    upgrade_offers(module_db_url)
    offer_engine = make_offer_engine(module_db_url)
    staff_engine = make_staff_engine(module_db_url)
    upgrade_staff(staff_engine)
    create_user(make_session_factory(staff_engine), USER, PASSWORD)
    site_id, offer_id = _sample_offer_data(offer_engine)
    ticket, _ = Tickets(staff_engine).open(
        NewTicket(
            sender="web-abc123",
            channel=Channel.WEB,
            language="ar",
            topic="kita",
            municipality="Wegberg",
            context=("أبحث عن روضة في فيغبرغ",),
        )
    )
    settings = AdminSettings(database_url=module_db_url, secret_key="test-secret-key")
    yield AdminDatabase(
        module_db_url, offer_engine, staff_engine, settings, ticket.id, site_id, offer_id
    )
    offer_engine.dispose()
    staff_engine.dispose()


@pytest.fixture
def make_client(admin_db: AdminDatabase) -> Iterator[Any]:
    """Builds a TestClient of a fresh admin app; settings can be overridden."""
    clients: list[TestClient] = []

    def build(**overrides: Any) -> TestClient:
        settings = replace(admin_db.settings, **overrides)
        app = create_app(settings, admin_db.offer_engine, admin_db.staff_engine)
        client = TestClient(app, base_url=BASE, follow_redirects=False).__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Any) -> TestClient:
    return make_client()


def csrf_token(page: httpx.Response) -> str:
    """The token the admin put into the page (meta tag)."""
    match = re.search(r'<meta name="csrf-token" content="([^"]+)"', page.text)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client: TestClient, password: str = PASSWORD, user: str = USER) -> httpx.Response:
    page = client.get("/admin/login")
    assert page.status_code == 200
    return client.post(
        "/admin/login",
        data={"username": user, "password": password, "csrf_token": csrf_token(page)},
    )


@pytest.fixture
def logged_in(client: TestClient) -> TestClient:
    response = login(client)
    assert response.status_code == 302, response.text
    return client


class _FormReader(HTMLParser):
    """The values a browser would send from the first POST form of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.in_form = self.done = False
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post" and not self.done:
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") != "submit":
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.values[name] = a.get("value") or "y"
            else:
                self.values[name] = a.get("value", "")
        elif tag == "select":
            self.select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self.select and ("selected" in a):
            self.values[self.select] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.values[self.textarea] += data


def form_of(page: httpx.Response) -> dict[str, str]:
    """The current values of the page's first POST form (with its CSRF token)."""
    reader = _FormReader()
    reader.feed(page.text)
    return reader.values


def field_errors(page: httpx.Response, field: str) -> list[str]:
    """The error texts shown under `field` (sqladmin: invalid-feedback after the input)."""
    start = page.text.find(f'name="{field}"')
    assert start >= 0, f"no field {field}"
    end = page.text.find("form-group", start)
    block = page.text[start : end if end > 0 else None]
    return [
        " ".join(e.split()) for e in re.findall(r"invalid-feedback[^>]*>(.*?)</div>", block, re.S)
    ]


def staff_messages(engine: Engine, ticket_id: int) -> list[tuple[str, str, bool]]:
    from staff_desk.models import TicketMessage

    with Session(engine) as session:
        rows = session.execute(
            select(TicketMessage.author, TicketMessage.text, TicketMessage.delivered)
            .where(TicketMessage.ticket_id == ticket_id)
            .order_by(TicketMessage.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]
