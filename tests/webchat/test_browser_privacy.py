"""What the widget leaves in the browser (issue 9 #14): no exact shared location, no keystrokes.

localStorage outlives the visit and is readable by every script of the embedding page; on a
shared computer (a library, a counselling office) the next user finds it. The exact position
is kept in memory only (coarsened to about 1 km while its message waits to be sent, gone once
sent), and the half-typed draft lives in sessionStorage (this tab only).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from locales.catalog import default_catalog
from tests.fake_rasa import FakeRasa, echo
from tests.webchat.conftest import start_host, stop

pytestmark = pytest.mark.browser
T = default_catalog().text
HOME = {"latitude": 51.0654321, "longitude": 6.0987654}
EXACT = ("51.065", "6.098", "6.099")  # any trace of the position beyond 2 decimals


@pytest.fixture
def host_url(fake_rasa: FakeRasa, tmp_path: Path) -> Iterator[str]:
    process, url = start_host(fake_rasa.url, tmp_path / "host.log")
    yield url
    stop(process)


def local_storage(page: Any) -> str:
    """Everything the widget keeps in localStorage, as one string."""
    return str(page.evaluate("() => JSON.stringify(Object.assign({}, localStorage))"))


def stored_history(page: Any) -> list[dict[str, Any]]:
    raw = page.evaluate(
        "() => { const k = Object.keys(localStorage).find(k => k.endsWith(':state'));"
        " return k ? localStorage.getItem(k) : null; }"
    )
    return json.loads(raw)["history"] if raw else []


def location_script(body: dict[str, Any]) -> Any:
    if body["message"] == "/inform":
        return [{"text": "In Ihrer Nähe:"}]
    return [{"text": "Wo wohnen Sie?"}, {"custom": {"type": "request_location", "language": "de"}}]


def ask_and_share_location(page: Any, host_url: str) -> None:
    page.goto(f"{host_url}/")
    page.locator(".kic-launcher").click()
    page.locator("#kic-input").fill("Kita")
    page.locator("#kic-input").press("Enter")
    page.locator(".kic-reply", has_text=T("de", "webchat.location.button")).click()


def test_a_shared_location_is_sent_exactly_and_not_kept_in_the_browser(
    browser: Any, host_url: str, fake_rasa: FakeRasa
) -> None:
    from playwright.sync_api import expect

    fake_rasa.reply = location_script
    context = browser.new_context(geolocation=HOME, permissions=["geolocation"])
    page = context.new_page()
    try:
        ask_and_share_location(page, host_url)
        expect(page.locator(".kic-bot").last).to_contain_text("In Ihrer Nähe:")
        assert fake_rasa.requests[-1]["metadata"]["location"] == {"lat": 51.06543, "lon": 6.09877}
        stored = local_storage(page)
        assert not any(trace in stored for trace in EXACT), stored
        assert all("location" not in e for e in stored_history(page))
    finally:
        context.close()


def test_a_location_waiting_to_be_sent_is_kept_only_to_about_a_kilometre(
    browser: Any, host_url: str, fake_rasa: FakeRasa
) -> None:
    from playwright.sync_api import expect

    fake_rasa.reply = location_script
    context = browser.new_context(geolocation=HOME, permissions=["geolocation"])
    page = context.new_page()
    try:
        page.goto(f"{host_url}/")
        page.locator(".kic-launcher").click()
        page.locator("#kic-input").fill("Kita")
        page.locator("#kic-input").press("Enter")
        button = page.locator(".kic-reply", has_text=T("de", "webchat.location.button"))
        expect(button).to_be_visible()
        fake_rasa.reply = lambda body: 500  # the assistant goes down before the location is sent
        button.click()
        expect(page.locator(".kic-user .kic-flag")).to_be_visible()
        [waiting] = [e for e in stored_history(page) if e.get("pending")]
        assert waiting["location"] == {"lat": 51.07, "lon": 6.1}
        assert not any(trace in local_storage(page) for trace in EXACT)

        fake_rasa.reply = location_script  # back: after a reload, the coarse position is sent
        page.reload()
        expect(page.locator(".kic-bot").last).to_contain_text("In Ihrer Nähe:")
        assert fake_rasa.requests[-1]["metadata"]["location"] == {"lat": 51.07, "lon": 6.1}
        assert all("location" not in e for e in stored_history(page))
    finally:
        context.close()


def test_a_draft_is_kept_for_the_tab_only_not_in_local_storage(
    browser: Any, host_url: str, fake_rasa: FakeRasa
) -> None:
    from playwright.sync_api import expect

    fake_rasa.reply = echo
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{host_url}/")
        page.locator(".kic-launcher").click()
        page.locator("#kic-input").press_sequentially("Mein Mann heißt Yusuf")
        assert "Yusuf" not in local_storage(page)
        page.reload()  # the same tab keeps what was typed
        expect(page.locator("#kic-input")).to_have_value("Mein Mann heißt Yusuf")
        assert "Yusuf" not in local_storage(page)

        other_tab = context.new_page()  # same browser, same localStorage: no draft there
        other_tab.goto(f"{host_url}/")
        other_tab.locator(".kic-launcher").click()
        expect(other_tab.locator("#kic-input")).to_have_value("")

        page.locator("#kic-input").press("Enter")  # sent: the draft is gone
        expect(page.locator(".kic-bot").last).to_contain_text("echo: Mein Mann heißt Yusuf")
        page.reload()
        expect(page.locator("#kic-input")).to_have_value("")
    finally:
        context.close()
