"""The widget in headless Chromium (Debian's, driven by Playwright) against the real assistant.

The tests of this module share one page and run in order, like one visitor: open the demo page,
ask in German, press quick replies, reload, switch to Arabic, try an injection, check
accessibility with axe-core, delete the conversation. Screenshots go to var/screenshots/.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import httpx
import pytest

from locales.catalog import default_catalog
from tests.running_assistant import Assistant
from tests.tracker_rows import TrackerRows
from tests.webchat.conftest import pseudonym, start_host, stop

pytestmark = [pytest.mark.browser, pytest.mark.rasa]

T = default_catalog().text
ANSWER_TIMEOUT_MS = 60_000  # the first answers after Rasa starts can take a while
INJECTION = "<img src=x onerror=alert(1)>"
# axe-core as shipped inside a PyPI package (nothing is downloaded when the tests run)
AXE_JS = files("axe_playwright_python") / "axe.min.js"

SHADOW = "document.querySelector('#ki-chat-widget').shadowRoot"


@pytest.fixture(scope="module")
def host_url(assistant: Assistant, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # The host erases from the same tracker store the assistant writes to.
    logs = tmp_path_factory.mktemp("webchat") / "host.log"
    process, url = start_host(assistant.rasa_url, logs, TRACKER_DB_URL=assistant.tracker_db_url)
    yield url
    stop(process)


DIALOGS: list[str] = []  # alert()s the page opened: an injection that ran would show here
PAGE_ERRORS: list[str] = []


@pytest.fixture(scope="module")
def page(browser: Any, host_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1100, "height": 820}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT_MS)

    def on_dialog(dialog: Any) -> None:
        DIALOGS.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: PAGE_ERRORS.append(str(error)))
    page.goto(f"{host_url}/")
    yield page
    context.close()


def expect() -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def shot(page: Any, screenshots: Path, name: str) -> None:
    page.screenshot(path=str(screenshots / f"webchat-{name}.png"))


def say(page: Any, text: str) -> Any:
    """Types `text`, sends it with Enter; returns the locator of the first answer bubble."""
    answers = page.locator(".kic-bot")
    before = answers.count()
    page.locator("#kic-input").fill(text)
    page.locator("#kic-input").press("Enter")
    first = answers.nth(before)
    expect()(first).to_be_visible()
    return first


def last_answer_after(page: Any, locator_count: int) -> Any:
    answer = page.locator(".kic-bot").nth(locator_count)
    expect()(answer).to_be_visible()
    return answer


def active_element(page: Any) -> dict[str, str]:
    return page.evaluate(
        f"() => {{ const a = {SHADOW}.activeElement; "
        "return a ? {id: a.id, cls: a.className} : {id: '', cls: ''}; }"
    )


def stored_state(page: Any) -> dict[str, Any]:
    raw = page.evaluate(
        "() => { const k = Object.keys(localStorage).find(k => k.endsWith(':state'));"
        " return k ? localStorage.getItem(k) : null; }"
    )
    return json.loads(raw) if raw else {}


def test_keyboard_opens_the_chat_and_a_german_question_gets_a_german_answer(
    page: Any, screenshots: Path
) -> None:
    launcher = page.locator(".kic-launcher")
    expect()(launcher).to_have_text(T("de", "webchat.launcher"))
    launcher.focus()
    page.keyboard.press("Enter")
    expect()(page.locator(".kic-panel")).to_be_visible()
    assert active_element(page)["id"] == "kic-input"
    expect()(page.locator(".kic-panel")).to_have_attribute("lang", "de")
    expect()(page.locator(".kic-title")).to_have_text("Fragen? Chat mit dem Integrationszentrum")

    answer = say(page, "Hallo!")
    expect()(answer).to_contain_text(T("de", "greet.hello"))
    expect()(page.locator(".kic-status")).to_have_text(T("de", "webchat.status.online"))
    shot(page, screenshots, "01-german-answer")

    page.keyboard.press("Tab")
    assert "kic-send" in active_element(page)["cls"]
    page.keyboard.press("Escape")
    expect()(page.locator(".kic-panel")).to_be_hidden()
    assert "kic-launcher" in active_element(page)["cls"]
    page.keyboard.press("Enter")
    expect()(page.locator(".kic-panel")).to_be_visible()


def test_quick_replies_send_their_payload_and_show_their_title(
    page: Any, screenshots: Path
) -> None:
    kita = T("de", "topic.kita")
    before = page.locator(".kic-bot").count()
    page.locator(".kic-reply", has_text=kita).first.click()
    expect()(page.locator(".kic-user").last).to_contain_text(kita)
    answer = last_answer_after(page, before)
    expect()(answer).to_contain_text(T("de", "ask.municipality", topic=kita))

    wegberg = page.locator(".kic-reply", has_text="Wegberg")
    expect()(wegberg).to_have_count(1)  # the greeting's buttons are gone with their turn
    before = page.locator(".kic-bot").count()
    wegberg.focus()
    page.keyboard.press("Enter")  # a quick reply works from the keyboard too
    answer = last_answer_after(page, before)
    expect()(answer).to_contain_text(T("de", "ask.child_age"))
    shot(page, screenshots, "02-quick-replies")


def test_reload_keeps_the_conversation(page: Any, screenshots: Path) -> None:
    bubbles = page.locator(".kic-msg").count()
    session = stored_state(page)["session"]
    page.reload()
    expect()(page.locator(".kic-panel")).to_be_visible()  # it was open: it stays open
    expect()(page.locator(".kic-msg")).to_have_count(bubbles)
    expect()(page.locator(".kic-bot").first).to_contain_text(T("de", "greet.hello"))
    assert stored_state(page)["session"] == session

    answer = say(page, "4")  # the conversation goes on where it was: the child's age
    expect()(answer).to_contain_text(T("de", "procedure.heading_kita", municipality="Wegberg"))
    expect()(page.locator(".kic-card").first).to_be_visible()
    map_link = page.locator(".kic-card a").first
    expect()(map_link).to_have_attribute("target", "_blank")
    expect()(map_link).to_have_attribute("rel", "noopener noreferrer")
    assert map_link.get_attribute("href").startswith("https://www.openstreetmap.org/")
    shot(page, screenshots, "03-after-reload-offer-cards")


def test_switching_to_arabic_turns_the_widget_right_to_left(page: Any, screenshots: Path) -> None:
    page.locator("button[aria-controls=kic-langs]").click()
    before = page.locator(".kic-bot").count()
    page.locator(".kic-langbutton[lang=ar]").click()
    expect()(page.locator(".kic-panel")).to_have_attribute("dir", "rtl")
    answer = last_answer_after(page, before)
    expect()(answer).to_contain_text(T("ar", "language.changed"))
    expect()(page.locator(".kic-panel")).to_have_attribute("lang", "ar")
    expect()(page.locator(".kic-title")).to_have_text(T("ar", "webchat.title"))
    assert answer.get_attribute("dir") == "auto"
    assert answer.evaluate("e => getComputedStyle(e).direction") == "rtl"

    answer = say(page, "أين دورة لغة ألمانية في هاينسبرغ؟")
    assert answer.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.locator(".kic-panel").evaluate("e => getComputedStyle(e).direction") == "rtl"
    shot(page, screenshots, "04-arabic-rtl")


def test_volunteer_mode_from_the_language_list_answers_in_two_languages(
    page: Any, screenshots: Path
) -> None:
    # The conversation is in Arabic (the test before); German is the second language.
    page.locator("button[aria-controls=kic-langs]").click()
    before = page.locator(".kic-bot").count()
    page.locator(".kic-volunteer").click()
    expect()(page.locator("#kic-langs")).to_be_hidden()
    expect()(page.locator(".kic-user").last).to_contain_text(T("ar", "volunteer.button"))
    on = T("ar", "volunteer.switched_on", own="العربية", partner="Deutsch").split(":")[0]
    expect()(last_answer_after(page, before)).to_contain_text(on)

    # Every answer now comes in Arabic and then in German, under the language's own name.
    answer = say(page, "مرحبا")
    expect()(answer).to_contain_text("— Deutsch —")
    expect()(answer).to_contain_text("— العربية —")
    shot(page, screenshots, "05-volunteer-mode")

    # The same button switches it off.
    page.locator("button[aria-controls=kic-langs]").click()
    before = page.locator(".kic-bot").count()
    page.locator(".kic-volunteer").click()
    expect()(last_answer_after(page, before)).to_contain_text(T("ar", "volunteer.switched_off"))


def test_an_injection_string_is_shown_as_text(page: Any, screenshots: Path) -> None:
    say(page, INJECTION)
    mine = page.locator(".kic-user").last
    expect()(mine).to_contain_text(INJECTION)
    counts = page.evaluate(
        f"() => [{SHADOW}.querySelectorAll('img').length, document.images.length]"
    )
    assert counts == [0, 0]
    assert DIALOGS == []
    assert PAGE_ERRORS == []
    shot(page, screenshots, "05-injection-as-text")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations of the page with the widget (shadow DOM too)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " targets: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def test_axe_finds_no_serious_accessibility_problems(page: Any, screenshots: Path) -> None:
    assert axe_violations(page) == []
    page.locator("button[aria-controls=kic-langs]").click()
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    page.locator("button[aria-controls=kic-privacy]").click()
    expect()(page.locator("#kic-privacy")).to_be_visible()
    assert axe_violations(page) == []
    shot(page, screenshots, "06-privacy-notice")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    assert axe_violations(page) == []  # the closed widget on the demo page


def test_delete_my_conversation_erases_it_here_and_in_rasa(
    page: Any, assistant: Assistant, screenshots: Path
) -> None:
    page.locator(".kic-launcher").click()
    session = stored_state(page)["session"]
    sender = pseudonym(session)
    events = httpx.get(
        f"{assistant.rasa_url}/conversations/{sender}/tracker", params=assistant.api_params
    ).json()["events"]
    assert any(e.get("event") == "user" for e in events)

    page.locator("button[aria-controls=kic-privacy]").click()
    page.locator("#kic-privacy .kic-danger").first.click()
    page.locator(".kic-confirm .kic-danger").click()
    expect()(page.locator(".kic-note")).to_have_text(T("ar", "webchat.delete.done"))
    expect()(page.locator(".kic-msg")).to_have_count(0)
    state = stored_state(page)
    assert state["history"] == [] and state["session"] != session
    # Read in the store itself: no row of the conversation is left.
    rows = TrackerRows(assistant.tracker_db_url)
    try:
        assert rows.count(sender) == 0
    finally:
        rows.dispose()
    shot(page, screenshots, "07-deleted")
