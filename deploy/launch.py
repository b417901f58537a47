"""Starts the assistant's processes and keeps them together (used by `make run` and the tests).

Processes: the action server (our environment) and Rasa (its own Python 3.10 environment).
When one of them exits, the others are stopped too, so `make run` never leaves half a system.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "ki-assistant.tar.gz"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Settings:
    """Where the servers listen (environment variables with local defaults)."""

    rasa_host: str = os.environ.get("RASA_HOST", "127.0.0.1")
    rasa_port: int = int(os.environ.get("RASA_PORT", "5005"))
    rasa_token: str | None = os.environ.get("RASA_TOKEN") or None
    action_port: int = int(os.environ.get("ACTION_PORT", "5055"))
    cors_origins: str = os.environ.get("RASA_CORS_ORIGINS", "")


def action_server_command(port: int) -> list[str]:
    return [
        str(ROOT / ".venv" / "bin" / "python"),
        "-m",
        "rasa_sdk",
        "--actions",
        "actions",
        "--port",
        str(port),
    ]


def rasa_command(settings: Settings, model: Path = MODEL) -> list[str]:
    """`rasa run` with the HTTP API; loopback only unless a token protects it."""
    if settings.rasa_host not in LOOPBACK and not settings.rasa_token:
        raise SystemExit(
            f"RASA_HOST={settings.rasa_host} exposes Rasa's HTTP API beyond this machine: "
            "set RASA_TOKEN so that /model/parse and the tracker API require it."
        )
    cmd = [
        str(ROOT / ".venv-rasa" / "bin" / "rasa"),
        "run",
        "--enable-api",
        "--model",
        str(model),
        "--interface",
        settings.rasa_host,
        "--port",
        str(settings.rasa_port),
        "--endpoints",
        str(ROOT / "endpoints.yml"),
        "--credentials",
        str(ROOT / "credentials.yml"),
    ]
    if settings.rasa_token:
        cmd += ["--auth-token", settings.rasa_token]
    if settings.cors_origins:
        cmd += ["--cors", *settings.cors_origins.split(",")]
    return cmd


def optional_services(settings: Settings) -> list[tuple[str, list[str]]]:
    """Channels started beside the assistant when they exist and are configured.

    - the web chat host (bot/webchat: widget, demo page, proxy to Rasa) on WEBCHAT_PORT (8080)
    - the Telegram bridge (bot/telegram) when TELEGRAM_TOKEN is set
    """
    python = str(ROOT / ".venv" / "bin" / "python")
    services = []
    if (ROOT / "bot" / "webchat" / "__main__.py").exists():
        services.append(("webchat", [python, "-m", "bot.webchat"]))
    if os.environ.get("TELEGRAM_TOKEN") and (ROOT / "bot" / "telegram" / "__main__.py").exists():
        services.append(("telegram", [python, "-m", "bot.telegram"]))
    return services


def child_env(action_port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("ACTION_SERVER_URL", f"http://127.0.0.1:{action_port}/webhook")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")  # nothing leaves the machine
    # The action server has no authentication: only Rasa on this machine may call it.
    env.setdefault("SANIC_HOST", "127.0.0.1")
    env["PYTHONPATH"] = str(ROOT)
    return env


def wait_until_up(
    url: str, timeout_s: float, procs: Sequence[subprocess.Popen[bytes]] = ()
) -> None:
    """Polls `url` until it answers 200; fails early when a process already died."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for p in procs:
            if p.poll() is not None:
                raise RuntimeError(f"{p.args[0]} exited with {p.returncode} before {url} came up")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up within {timeout_s:.0f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class RunningAssistant:
    """URLs and processes of an assistant started by `running_assistant`."""

    rasa_url: str
    action_url: str
    processes: tuple[subprocess.Popen[bytes], ...]


@contextmanager
def running_assistant(
    database_url: str, logs: Path, extra_env: dict[str, str] | None = None
) -> Iterator[RunningAssistant]:
    """Action server and Rasa on free loopback ports, against `database_url`; stopped on exit.

    Used by the end-to-end tests and the benchmarks; output goes to `logs/<name>.log`.
    """
    action_port, rasa_port = free_port(), free_port()
    env = child_env(action_port)
    env.update(
        {
            "DATABASE_URL": database_url,
            "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        }
    )
    env.update(extra_env or {})
    settings = Settings(
        rasa_host="127.0.0.1", rasa_port=rasa_port, rasa_token=None, action_port=action_port
    )
    logs.mkdir(parents=True, exist_ok=True)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for name, cmd in (
            ("actions", action_server_command(action_port)),
            ("rasa", rasa_command(settings)),
        ):
            out = (logs / f"{name}.log").open("wb")
            procs.append(
                subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
            )
        wait_until_up(f"http://127.0.0.1:{action_port}/health", 120, procs)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", 300, procs)
        yield RunningAssistant(
            f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", tuple(procs)
        )
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args(argv)
    settings = Settings()
    env = child_env(settings.action_port)
    env.setdefault("RASA_URL", f"http://127.0.0.1:{settings.rasa_port}")
    procs = [
        subprocess.Popen(action_server_command(settings.action_port), cwd=ROOT, env=env),
        subprocess.Popen(rasa_command(settings), cwd=ROOT, env=env),
    ]
    procs += [subprocess.Popen(cmd, cwd=ROOT, env=env) for _, cmd in optional_services(settings)]

    def stop(*_: object) -> None:
        for p in procs:
            if p.poll() is None:
                p.terminate()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        wait_until_up(f"http://127.0.0.1:{settings.action_port}/health", 120, procs)
        wait_until_up(f"http://127.0.0.1:{settings.rasa_port}/", 300, procs)
        print(
            f"assistant ready: REST channel http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook",
            flush=True,
        )
        while all(p.poll() is None for p in procs):
            time.sleep(1)
    finally:
        stop()
        for p in procs:
            p.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
