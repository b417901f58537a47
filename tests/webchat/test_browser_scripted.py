"""The widget in headless Chromium against a scripted Rasa: outages (nothing typed is lost,
retries deliver later), hostile data from the assistant, a shared location, a phone's screen.

The real assistant cannot be switched off and on, nor made to send markup; the fake can.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from locales.catalog import default_catalog
from tests.fake_rasa import FakeRasa, echo
from tests.webchat.conftest import start_host, stop

pytestmark = pytest.mark.browser
T = default_catalog().text
MAX_BACKOFF_MS = 30_000 * 1.25  # widget.js: the longest pause between automatic retries


@pytest.fixture
def host_url(fake_rasa: FakeRasa, tmp_path: Path) -> Iterator[str]:
    process, url = start_host(fake_rasa.url, tmp_path / "host.log")
    yield url
    stop(process)


def test_failed_message_is_kept_across_a_reload_and_sent_when_the_assistant_is_back(
    browser: Any, host_url: str, fake_rasa: FakeRasa, screenshots: Path
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    try:
        page.goto(f"{host_url}/")
        page.locator(".kic-launcher").click()
        fake_rasa.reply = lambda body: 500
        page.locator("#kic-input").fill("Wo gibt es einen Deutschkurs?")
        page.locator("#kic-input").press("Enter")
        notice = page.locator(".kic-notice")
        expect(notice).to_be_visible()
        retrying = default_catalog().messages["de"]["webchat.retrying"]
        expect(notice).to_contain_text(retrying.split("{")[0].strip())
        expect(page.locator(".kic-status")).to_have_text(T("de", "webchat.status.offline"))
        expect(page.locator(".kic-user .kic-flag")).to_have_text(T("de", "webchat.not_sent"))
        page.screenshot(path=str(screenshots / "webchat-08-server-down.png"))

        page.locator("#kic-input").fill("halb getippt")  # a draft survives a reload too
        page.reload()
        expect(page.locator(".kic-user")).to_contain_text("Wo gibt es einen Deutschkurs?")
        expect(page.locator("#kic-input")).to_have_value("halb getippt")

        expect(notice).to_be_visible()  # sent again at once after the reload, failed again
        fake_rasa.reply = echo
        page.locator(".kic-notice button").click()  # "try now" instead of waiting
        expect(page.locator(".kic-bot")).to_have_text(
            [f"{T('de', 'webchat.bot_said')} echo: Wo gibt es einen Deutschkurs?"]
        )
        expect(page.locator(".kic-notice")).to_be_hidden()
        expect(page.locator(".kic-status")).to_have_text(T("de", "webchat.status.online"))
        expect(page.locator(".kic-flag")).to_have_count(0)
        assert {r["message"] for r in fake_rasa.requests} == {"Wo gibt es einen Deutschkurs?"}
    finally:
        context.close()


def test_bot_text_with_markup_and_links_is_rendered_as_text(
    browser: Any, host_url: str, fake_rasa: FakeRasa
) -> None:
    from playwright.sync_api import expect

    fake_rasa.reply = lambda body: [
        {
            "text": "<b>fett</b> <script>alert(1)</script> javascript:alert(1) "
            "https://example.org/anmeldung?x=1. Ende",
            "buttons": [{"title": "<i>Knopf</i>", "payload": "/greet"}],
        },
        {
            "custom": {
                "type": "offer_details",
                "offer": {
                    "title": "<img src=x onerror=alert(2)>",
                    "address": "Straße 1",
                    "map_url": "javascript:alert(3)",
                },
            }
        },
    ]
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        page.goto(f"{host_url}/")
        page.locator(".kic-launcher").click()
        page.locator("#kic-input").fill("Hallo")
        page.locator("#kic-input").press("Enter")
        bubble = page.locator(".kic-bot").first
        expect(bubble).to_contain_text("<b>fett</b> <script>alert(1)</script>")
        links = bubble.locator("a")
        expect(links).to_have_count(1)  # only the https URL, without the sentence's full stop
        assert links.first.get_attribute("href") == "https://example.org/anmeldung?x=1"
        expect(page.locator(".kic-reply")).to_have_text(["<i>Knopf</i>"])
        expect(page.locator(".kic-card-title")).to_have_text("<img src=x onerror=alert(2)>")
        expect(page.locator(".kic-card a")).to_have_count(0)  # no javascript: link
        elements = page.evaluate(
            "() => { const r = document.querySelector('#ki-chat-widget').shadowRoot;"
            " return ['b', 'i', 'img', 'script']"
            ".map(t => r.querySelectorAll('.kic-log ' + t).length); }"
        )
        assert elements == [0, 0, 0, 0]
        assert dialogs == []
    finally:
        context.close()


def test_when_the_host_drops_out_the_widget_says_so_and_delivers_once_it_is_back(
    browser: Any, fake_rasa: FakeRasa, tmp_path: Path, screenshots: Path
) -> None:
    """Deterministic: the page's clock is paused while the host is away, so the widget's own
    retry cannot race the test's "try now" click; then the automatic retry is shown by moving
    the clock on (no waiting on real time)."""
    from playwright.sync_api import expect

    process, url = start_host(fake_rasa.url, tmp_path / "host.log")
    port = int(url.rsplit(":", 1)[1])
    context = browser.new_context(locale="uk-UA")
    page = context.new_page()
    page.clock.install()
    try:
        page.goto(f"{url}/")
        page.locator(".kic-launcher").click()
        expect(page.locator(".kic-status")).to_have_text(T("de", "webchat.status.online"))
        page.clock.pause_at(page.evaluate("Date.now()") + 1000)
        stop(process)  # the connection drops: no answer at all, not even an error

        page.locator("#kic-input").fill("Hallo?")
        page.locator("#kic-input").press("Enter")
        server_down = default_catalog().messages["de"]["webchat.server_down"]
        expect(page.locator(".kic-notice")).to_contain_text(server_down.split("{")[0].strip())
        expect(page.locator(".kic-status")).to_have_text(T("de", "webchat.status.offline"))
        page.screenshot(path=str(screenshots / "webchat-09-connection-lost.png"))

        process, _ = start_host(fake_rasa.url, tmp_path / "host.log", port=port)
        page.locator(".kic-notice button").click()
        expect(page.locator(".kic-bot")).to_have_count(1)
        expect(page.locator(".kic-bot")).to_contain_text("echo: Hallo?")
        expect(page.locator(".kic-status")).to_have_text(T("de", "webchat.status.online"))

        # The automatic retry: away again, back again, and the widget's timer delivers.
        stop(process)
        page.locator("#kic-input").fill("Noch da?")
        page.locator("#kic-input").press("Enter")
        expect(page.locator(".kic-status")).to_have_text(T("de", "webchat.status.offline"))
        process, _ = start_host(fake_rasa.url, tmp_path / "host.log", port=port)
        page.clock.run_for(MAX_BACKOFF_MS)
        expect(page.locator(".kic-bot")).to_have_count(2)
        expect(page.locator(".kic-bot").last).to_contain_text("echo: Noch da?")
        assert [r["message"] for r in fake_rasa.requests] == ["Hallo?", "Noch da?"]
    finally:
        context.close()
        stop(process)


def test_use_my_location_sends_the_position_as_metadata(
    browser: Any, host_url: str, fake_rasa: FakeRasa
) -> None:
    from playwright.sync_api import expect

    fake_rasa.reply = lambda body: (
        [{"text": "Wo wohnen Sie?"}, {"custom": {"type": "request_location", "language": "de"}}]
        if body["message"] != "/inform"
        else [{"text": "In Ihrer Nähe:"}]
    )
    context = browser.new_context(
        geolocation={"latitude": 51.0654321, "longitude": 6.0987654}, permissions=["geolocation"]
    )
    page = context.new_page()
    try:
        page.goto(f"{host_url}/")  # localhost is a secure context: geolocation is offered
        page.locator(".kic-launcher").click()
        page.locator("#kic-input").fill("Kita")
        page.locator("#kic-input").press("Enter")
        page.locator(".kic-reply", has_text=T("de", "webchat.location.button")).click()
        expect(page.locator(".kic-user").last).to_contain_text(T("de", "webchat.location.sent"))
        expect(page.locator(".kic-bot").last).to_contain_text("In Ihrer Nähe:")
        last = fake_rasa.requests[-1]
        assert last["message"] == "/inform"
        assert last["metadata"]["location"] == {"lat": 51.06543, "lon": 6.09877}
    finally:
        context.close()


def test_on_a_phone_the_open_chat_fills_the_screen(
    browser: Any, host_url: str, screenshots: Path
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, locale="fa-IR"
    )
    page = context.new_page()
    try:
        page.goto(f"{host_url}/")
        page.locator(".kic-launcher").click()
        box = page.locator(".kic-panel").bounding_box()
        assert box is not None and box["width"] == 360 and box["height"] >= 700
        page.locator("#kic-input").fill("سلام")
        page.locator("#kic-input").press("Enter")
        expect(page.locator(".kic-bot")).to_contain_text("echo: سلام")
        page.screenshot(path=str(screenshots / "webchat-10-phone.png"))
        page.locator(".kic-close").click()
        expect(page.locator(".kic-launcher")).to_be_visible()
    finally:
        context.close()
