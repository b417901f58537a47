"""`python -m admin` as `make run` starts it, used in Chromium: first account from the
environment, login, a field error, an answer to a ticket, a delete by sqladmin's script (CSRF
header); screenshots in var/screenshots/."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from deploy.processes import ROOT, channel_commands, free_port, wait_until_up
from offer_db.engine import make_engine as make_offer_engine
from offer_db.migrate import upgrade as upgrade_offers
from offer_db.models import Offer
from staff_desk.engine import make_engine as make_staff_engine
from staff_desk.migrate import upgrade_engine as upgrade_staff
from staff_desk.tickets import NewTicket, Tickets
from staff_desk.vocabulary import Channel
from tests.admin.conftest import _sample_offer_data, staff_messages
from tests.browser_support import SCREENSHOTS, chromium_or_skip
from tests.webchat.conftest import stop

pytestmark = pytest.mark.browser
USER, PASSWORD = "erste-admin", "ein-langes-Start-Passwort"


def test_make_run_starts_the_admin() -> None:
    commands = dict(channel_commands({}))
    assert commands["admin"][-2:] == ["-m", "admin"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    chromium = chromium_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium),
            args=["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str, dict[str, int]]]:
    """The admin process on a free port over a fresh SQLite database with sample data."""
    url = f"sqlite:///{tmp_path / 'offers.sqlite3'}"
    upgrade_offers(url)
    offers, staff = make_offer_engine(url), make_staff_engine(url)
    upgrade_staff(staff)
    site_id, offer_id = _sample_offer_data(offers)
    ticket, _ = Tickets(staff).open(
        NewTicket(sender="tg-1", channel=Channel.WEB, language="uk", topic="language_course")
    )
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "KI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": url,
        "ADMIN_PORT": str(port),
        "ADMIN_INITIAL_USER": USER,
        "ADMIN_INITIAL_PASSWORD": PASSWORD,
    }
    env.pop("STAFF_DB_URL", None)
    log = tmp_path / "admin.log"
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "admin"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz", 60, [process])
        yield base, url, {"site": site_id, "offer": offer_id, "ticket": ticket.id}
    finally:
        stop(process)
        offers.dispose()
        staff.dispose()
    assert PASSWORD not in log.read_text()


def test_staff_log_in_see_a_field_error_answer_and_delete_in_chromium(
    browser: Any, served: tuple[str, str, dict[str, int]]
) -> None:
    base, url, ids = served
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/admin/offer/list")
    assert page.url.endswith("/admin/login")
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", "falsches-Passwort-123")
    page.click("button[type=submit]")
    assert page.locator("text=Invalid credentials").first.is_visible()
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", PASSWORD)
    page.screenshot(path=str(SCREENSHOTS / "admin-login.png"))
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")

    page.goto(f"{base}/admin/site/edit/{ids['site']}")
    page.fill("input[name=postcode]", "4183X")
    page.click("input[type=submit][name=save] >> nth=0")
    error = page.locator("input[name=postcode] ~ .invalid-feedback")
    error.wait_for()
    assert error.inner_text() == "ist keine Postleitzahl (5 Ziffern)"
    page.screenshot(path=str(SCREENSHOTS / "admin-postcode-error.png"), full_page=True)

    page.goto(f"{base}/admin/ticket/details/{ids['ticket']}")
    page.fill("textarea[name=text]", "Привіт! Курс починається в понеділок.")
    page.click("text=Antwort senden")
    page.locator("#ticket-messages >> text=Курс починається").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "admin-ticket.png"), full_page=True)
    staff = make_staff_engine(url)
    try:
        assert staff_messages(staff, ids["ticket"])[-1][:2] == (
            "staff",
            "Привіт! Курс починається в понеділок.",
        )
    finally:
        staff.dispose()

    # sqladmin deletes by a jQuery DELETE request: the CSRF header must ride along.
    page.goto(f"{base}/admin/offer/details/{ids['offer']}")
    page.click("a[data-bs-target='#modal-delete']")
    # sqladmin gives the button its URL once the modal has faded in ('shown.bs.modal').
    page.wait_for_function("document.querySelector('#modal-delete-button').dataset.url")
    page.click("#modal-delete-button")
    page.wait_for_url(f"{base}/admin/offer/list")
    offers = make_offer_engine(url)
    try:
        with Session(offers) as session:
            assert session.get(Offer, ids["offer"]) is None
    finally:
        offers.dispose()
    page.close()
