"""The widget's "talk to a person" in headless Chromium, end to end.

Real Rasa and action server (the session's `assistant`), the web chat host and the Telegram
bridge as the processes `make run` starts (`python -m bot.webchat`, `python -m bot.telegram`),
sharing one staff desk database; Telegram's servers are the local fake Bot API. A visitor asks for
a person in Arabic, confirms; the ticket appears in the staff group; a member's reply there
appears in the widget (it polls while the ticket is open); `/close` tells the visitor and the
assistant answers again. Screenshots go to var/screenshots/.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deploy.processes import ROOT
from locales.catalog import default_catalog
from tests.running_assistant import Assistant
from tests.telegram.fake_bot_api import BOT_USER, TOKEN, ApiCall, FakeBotApi
from tests.webchat.conftest import TEST_KEY, start_host, stop

pytestmark = [pytest.mark.browser, pytest.mark.rasa]

T = default_catalog().text
ANSWER_TIMEOUT_MS = 60_000
STAFF_CHAT = -1004445556667
MEMBER = 8880001
STAFF_ANSWER = "Guten Tag! Frau Yilmaz ruft Sie morgen an. Bitte schreiben Sie uns Ihre Nummer."


def expect() -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


@pytest.fixture(scope="module")
def fake_api() -> Iterator[FakeBotApi]:
    api = FakeBotApi().start()
    api.members[(STAFF_CHAT, MEMBER)] = "administrator"
    yield api
    api.stop()


@pytest.fixture(scope="module")
def desk_env(tmp_path_factory: pytest.TempPathFactory, assistant: Assistant) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("handoff")
    return {
        "STAFF_DB_URL": f"sqlite:///{folder / 'desk.sqlite3'}",
        "TRACKER_DB_URL": assistant.tracker_db_url,
        "KI_DATA_DIR": str(folder),
    }


@pytest.fixture(scope="module")
def bridge(
    fake_api: FakeBotApi, assistant: Assistant, desk_env: dict[str, str]
) -> Iterator[subprocess.Popen[bytes]]:
    """`python -m bot.telegram` with the staff group, polling the fake Bot API."""
    log = Path(desk_env["KI_DATA_DIR"]) / "telegram.log"
    env = {
        **os.environ,
        **desk_env,
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": fake_api.base_url,
        "TELEGRAM_STAFF_CHAT_ID": str(STAFF_CHAT),
        "TELEGRAM_STAFF_POLL_SECONDS": "0.5",
        "RASA_URL": assistant.rasa_url,
        "PSEUDONYM_KEY": TEST_KEY.decode(),
    }
    env.pop("TELEGRAM_WEBHOOK_URL", None)
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "bot.telegram"],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while not fake_api.calls_of("getUpdates"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise AssertionError(f"the bridge did not start: {log.read_text()[-2000:]}")
        time.sleep(0.05)
    yield process
    stop(process)


@pytest.fixture(scope="module")
def host_url(assistant: Assistant, desk_env: dict[str, str]) -> Iterator[str]:
    logs = Path(desk_env["KI_DATA_DIR"]) / "host.log"
    process, url = start_host(assistant.rasa_url, logs, WEBCHAT_POLL_SECONDS="1", **desk_env)
    yield url
    stop(process)


def wait_for_call(api: FakeBotApi, where: Any, after: int = 0, timeout: float = 30.0) -> ApiCall:
    """The first sendMessage matching `where` among the calls from index `after` on."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [c for c in api.calls_of("sendMessage")[after:] if where(c)]
        if found:
            return found[0]
        time.sleep(0.05)
    made = [c.text[:60] for c in api.calls_of("sendMessage")]
    raise AssertionError(f"no such sendMessage within {timeout} s: {made}")


def staff_reply(api: FakeBotApi, text: str, post: ApiCall) -> int:
    message: dict[str, Any] = {
        "message_id": int(time.time() * 1000) % 10**9,
        "date": int(time.time()),
        "chat": {"id": STAFF_CHAT, "type": "supergroup", "title": "KI Team"},
        "from": {"id": MEMBER, "is_bot": False, "first_name": "Mitarbeiterin"},
        "text": text,
        "reply_to_message": {**post.result, "from": BOT_USER},
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    return api.enqueue({"message": message})


def test_a_staff_reply_appears_in_the_widget_and_close_gives_the_bot_back(
    browser: Any,
    host_url: str,
    bridge: subprocess.Popen[bytes],
    fake_api: FakeBotApi,
    screenshots: Path,
) -> None:
    context = browser.new_context(viewport={"width": 1100, "height": 820}, locale="ar")
    page = context.new_page()
    page.set_default_timeout(ANSWER_TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        start = len(fake_api.calls_of("sendMessage"))  # this test's calls come after
        page.goto(f"{host_url}/")
        page.locator(".kic-launcher").click()
        bots = page.locator(".kic-bot")

        # Arabic first, then the widget's own "talk to a person" button.
        page.locator("button[aria-controls=kic-langs]").click()
        page.locator(".kic-langbutton[lang=ar]").click()
        expect()(page.locator(".kic-panel")).to_have_attribute("dir", "rtl")
        expect()(bots.last).to_contain_text(T("ar", "language.changed"))
        page.locator(".kic-tool", has_text=T("ar", "webchat.human.button")).click()
        expect()(bots.last).to_contain_text(T("ar", "human.confirm"))
        page.locator(".kic-reply", has_text=T("ar", "human.yes")).click()
        expect()(bots.last).to_contain_text(T("ar", "handoff.opened").split("\n")[0])
        expect()(page.locator(".kic-handoff")).to_be_visible()
        expect()(page.locator(".kic-log")).not_to_contain_text(T("ar", "clarify.did_you_mean"))
        expect()(page.locator(".kic-handoff")).to_have_text(T("ar", "webchat.human.open"))

        post = wait_for_call(
            fake_api, lambda c: c.chat_id == STAFF_CHAT and "Web-Chat" in c.text, start
        )
        assert "Arabisch (ar)" in post.text

        # The visitor writes while the ticket is open: it goes to staff, the bot is silent.
        count = bots.count()
        page.locator("#kic-input").fill("أحتاج مساعدة في التسجيل")
        page.locator("#kic-input").press("Enter")
        wait_for_call(fake_api, lambda c: "أحتاج مساعدة في التسجيل" in c.text, start)
        page.wait_for_timeout(1500)
        expect()(bots).to_have_count(count)

        staff_reply(fake_api, STAFF_ANSWER, post)
        staff = page.locator(".kic-staff")
        expect()(staff).to_contain_text(STAFF_ANSWER, timeout=20_000)
        expect()(page.locator(".kic-panel")).to_have_attribute("dir", "rtl")
        page.screenshot(path=str(screenshots / "webchat-handoff-staff-answer.png"))

        staff_reply(fake_api, "/close", post)
        expect()(bots.last).to_contain_text(T("ar", "handoff.closed"), timeout=20_000)
        expect()(page.locator(".kic-handoff")).to_be_hidden()
        count = bots.count()
        page.locator("#kic-input").fill("أين دورة لغة ألمانية في هاينسبرغ؟")
        page.locator("#kic-input").press("Enter")
        expect()(bots).not_to_have_count(count, timeout=ANSWER_TIMEOUT_MS)  # answers again
        page.screenshot(path=str(screenshots / "webchat-handoff-closed.png"))
        assert errors == []
    finally:
        context.close()
