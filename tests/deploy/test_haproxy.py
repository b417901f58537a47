"""deploy/haproxy.cfg: HAProxy itself accepts it (`haproxy -c`), and its backends point at the
compose services' real ports and health routes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.deploy.deploy_files import DEPLOY, load_compose
from tests.deploy.test_compose import SECRETS

HAPROXY_CFG = DEPLOY / "haproxy.cfg"
HOW = "Debian's haproxy is missing: scripts/ensure_haproxy.sh installs it (as root)"


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin:/usr/local/sbin")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail(HOW)
    pytest.skip(HOW)


def haproxy_check(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [haproxy_binary(), "-c", "-f", str(config)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def backends(text: str) -> dict[str, str]:
    """backend name → its body."""
    parts = re.split(r"^backend\s+(\S+)\s*$", text, flags=re.M)
    return {parts[i]: parts[i + 1].split("\nfrontend")[0] for i in range(1, len(parts), 2)}


def test_haproxy_accepts_the_config() -> None:
    result = haproxy_check(HAPROXY_CFG)
    assert result.returncode == 0, result.stdout + result.stderr


def test_haproxy_check_rejects_a_broken_config(tmp_path: Path) -> None:
    broken = tmp_path / "broken.cfg"
    text = HAPROXY_CFG.read_text(encoding="utf-8")
    broken.write_text(text.replace("default_backend rasa", "default_backend rasa_typo"))
    assert haproxy_check(broken).returncode != 0


def test_backends_reach_the_compose_services_on_their_ports() -> None:
    services = load_compose(SECRETS)["services"]
    found = backends(HAPROXY_CFG.read_text(encoding="utf-8"))
    expected = {
        "rasa": ("rasa:5005", "GET /"),
        "actions": ("actions:5055", "GET /health"),
        "webchat": ("webchat:8080", "GET /healthz"),
        "telegram": ("telegram:8443", None),
    }
    assert found.keys() == expected.keys()
    for name, (address, check) in expected.items():
        body = found[name]
        assert re.search(rf"server-template \S+ \d+ {re.escape(address)}\b", body), name
        if check:
            assert f"option httpchk {check}\n" in body, name
        assert name in services
    env = {n: s.get("environment", {}) for n, s in services.items()}
    assert env["webchat"]["WEBCHAT_PORT"] == "8080"
    assert env["telegram"]["TELEGRAM_WEBHOOK_PORT"] == "8443"
    assert "5055" in services["actions"]["command"]
    assert "5005" in services["rasa"]["command"]
    # The public path for Telegram is the bridge's webhook path.
    assert "path_beg /telegram/" in HAPROXY_CFG.read_text(encoding="utf-8")


def test_no_retry_can_send_a_message_twice() -> None:
    # A POST that reached Rasa and timed out must not be replayed on another replica.
    text = HAPROXY_CFG.read_text(encoding="utf-8")
    assert re.findall(r"^\s*retry-on (.+)$", text, flags=re.M) == ["conn-failure"]
