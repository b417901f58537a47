"""`make run` starts the host beside the assistant; `python -m bot.webchat` serves on its port."""

from __future__ import annotations

from pathlib import Path

import httpx

from deploy.processes import channel_commands
from tests.fake_rasa import FakeRasa
from tests.webchat.conftest import start_host, stop


def test_launcher_starts_the_web_chat_host() -> None:
    names = [name for name, _ in channel_commands({})]
    assert "webchat" in names


def test_host_process_serves_the_demo_page_and_proxies(tmp_path: Path, fake_rasa: FakeRasa) -> None:
    process, url = start_host(fake_rasa.url, tmp_path / "webchat.log")
    try:
        assert "widget.js" in httpx.get(f"{url}/").text
        r = httpx.post(
            f"{url}/api/messages",
            json={"session": "f" * 32, "message": "Hallo", "language": "de"},
            headers={"Origin": url},
        )
        assert r.json()["messages"] == [{"text": "echo: Hallo"}]
        assert r.headers["access-control-allow-origin"] == url
    finally:
        stop(process)
    log = (tmp_path / "webchat.log").read_text()
    assert "f" * 32 not in log  # the browser's session id is never logged
