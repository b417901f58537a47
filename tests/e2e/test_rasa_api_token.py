"""Rasa's HTTP API needs its token, and the token is never on a command line (issue 9 #10)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import httpx
import pytest

from deploy.processes import ServerSettings, api_token, rasa_command
from tests.e2e.conftest import Assistant, new_sender

pytestmark = pytest.mark.rasa


def test_the_tracker_api_refuses_without_the_token(assistant: Assistant) -> None:
    sender = new_sender()
    assistant.say(sender, "Hallo")
    url = f"{assistant.rasa_url}/conversations/{sender}/tracker"
    assert httpx.get(url, timeout=30).status_code == 401
    assert httpx.get(url, params={"token": "wrong"}, timeout=30).status_code == 401
    assert httpx.get(url, params=assistant.api_params, timeout=30).status_code == 200
    assert httpx.put(f"{assistant.rasa_url}/model", json={}, timeout=30).status_code == 401


def test_the_token_is_in_no_process_list(assistant: Assistant) -> None:
    """`ps` shows every user every command line; the token must not be in one."""
    seen = 0
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes()
        except OSError:
            continue  # the process ended meanwhile
        seen += 1
        assert assistant.api_token.encode() not in args
    assert seen > 2
    assert "--auth-token" not in rasa_command(ServerSettings())


def test_without_rasa_token_a_private_token_is_made_once(tmp_path: Path) -> None:
    env = {"KI_DATA_DIR": str(tmp_path)}
    first = api_token(env)
    assert len(first) >= 32 and api_token(env) == first
    mode = stat.S_IMODE(os.stat(tmp_path / "rasa-api.token").st_mode)
    assert mode == 0o600
    assert api_token({**env, "RASA_TOKEN": "given"}) == "given"
