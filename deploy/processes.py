"""The assistant's processes: their commands and environment, and helpers to start them.

Used by the launcher (`make run`, deploy/launch.py), the end-to-end tests and the benchmarks.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from conversation_store.settings import ConversationStoreSettings
from project_paths import REPO_ROOT, data_dir

ROOT = REPO_ROOT
MODEL = ROOT / "models" / "ki-assistant.tar.gz"
ENDPOINTS = ROOT / "endpoints.yml"
CLUSTER_ENDPOINTS = ROOT / "deploy" / "endpoints.cluster.yml"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
API_TOKEN_VARIABLE = "RASA_API_TOKEN"  # read by deploy/rasa_server.py
APP_PYTHON = str(ROOT / ".venv" / "bin" / "python")


@dataclass(frozen=True)
class ServerSettings:
    """Where the servers listen: `from_env` reads RASA_HOST, RASA_PORT, RASA_TOKEN, ..."""

    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    rasa_token: str | None = None
    action_port: int = 5055
    cors_origins: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServerSettings:
        env = os.environ if environ is None else environ
        return cls(
            rasa_host=env.get("RASA_HOST", "127.0.0.1"),
            rasa_port=int(env.get("RASA_PORT", "5005")),
            rasa_token=env.get("RASA_TOKEN") or None,
            action_port=int(env.get("ACTION_PORT", "5055")),
            cors_origins=env.get("RASA_CORS_ORIGINS", ""),
        )

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"


def action_server_command(port: int) -> list[str]:
    return [APP_PYTHON, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]


def rasa_command(
    settings: ServerSettings, model: Path = MODEL, endpoints: Path = ENDPOINTS
) -> list[str]:
    """`rasa run` with the HTTP API; loopback only unless a token protects it.

    The token itself goes to Rasa in its environment (`rasa_environment`), never in argv.

    `endpoints`: endpoints.yml (one process) or deploy/endpoints.cluster.yml (replicas).
    """
    if settings.rasa_host not in LOOPBACK and not settings.rasa_token:
        raise SystemExit(
            f"RASA_HOST={settings.rasa_host} exposes Rasa's HTTP API beyond this machine: "
            "set RASA_TOKEN so that /model/parse and the tracker API require it."
        )
    cmd = [
        str(ROOT / ".venv-rasa" / "bin" / "python"),
        "-m",
        "deploy.rasa_server",  # the token comes from RASA_API_TOKEN, not the command line
        "run",
        "--enable-api",
        "--model",
        str(model),
        "--interface",
        settings.rasa_host,
        "--port",
        str(settings.rasa_port),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(ROOT / "credentials.yml"),
    ]
    if settings.cors_origins:
        cmd += ["--cors", *settings.cors_origins.split(",")]
    return cmd


def rasa_environment(env: Mapping[str, str], token: str | None) -> dict[str, str]:
    """Rasa's own environment: the API token for deploy/rasa_server.py."""
    out = dict(env)
    if token:
        out[API_TOKEN_VARIABLE] = token
    return out


def api_token(environ: Mapping[str, str] | None = None) -> str:
    """RASA_TOKEN, else a random token kept in `<data dir>/rasa-api.token` (mode 0600).

    Rasa's HTTP API (trackers, /model/parse, model replacement) never runs without a token:
    otherwise any local process could read or replace conversations.
    """
    env = os.environ if environ is None else environ
    if env.get("RASA_TOKEN"):
        return env["RASA_TOKEN"]
    path = data_dir(env) / "rasa-api.token"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(token + "\n")
    return token


def retention_command() -> list[str]:
    """The retention job: erases idle conversations at start and every few hours."""
    return [APP_PYTHON, "-m", "conversation_store", "schedule"]


def channel_commands(environ: Mapping[str, str] | None = None) -> list[tuple[str, list[str]]]:
    """The channels started beside the assistant: the web chat host always, Telegram when
    TELEGRAM_TOKEN is set, and the staff admin (ADMIN_HOST:ADMIN_PORT, loopback by default)."""
    env = os.environ if environ is None else environ
    channels = [("webchat", [APP_PYTHON, "-m", "bot.webchat"])]
    if env.get("TELEGRAM_TOKEN"):
        channels.append(("telegram", [APP_PYTHON, "-m", "bot.telegram"]))
    channels.append(("admin", [APP_PYTHON, "-m", "admin"]))
    return channels


def child_env(
    action_port: int,
    store: ConversationStoreSettings,
    environ: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment of every child: ours, plus the stores' variables for endpoints.yml."""
    env = dict(os.environ if environ is None else environ)
    env.setdefault("ACTION_SERVER_URL", f"http://127.0.0.1:{action_port}/webhook")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("RASA_TELEMETRY_ENABLED", "false")  # nothing leaves the machine
    # The action server has no authentication: only Rasa on this machine may call it.
    env.setdefault("SANIC_HOST", "127.0.0.1")
    env.update(store.rasa_environment())
    env["PYTHONPATH"] = str(ROOT)
    if store.tracker_db_url.startswith("sqlite:///"):
        # SQLite cannot create the folder of its file.
        Path(store.tracker_db_url.removeprefix("sqlite:///")).parent.mkdir(
            parents=True, exist_ok=True
        )
    data_dir(env).mkdir(parents=True, exist_ok=True)
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


def stop_processes(procs: Sequence[subprocess.Popen[bytes]], grace_s: float = 30) -> None:
    """SIGTERM to all, then SIGKILL to whoever is still there after `grace_s` (no orphans)."""
    for p in procs:
        if p.poll() is None:
            p.terminate()
    deadline = time.monotonic() + grace_s
    for p in procs:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


@dataclass(frozen=True)
class RunningAssistant:
    """URLs and processes of an assistant started by `running_assistant`."""

    rasa_url: str
    action_url: str
    processes: tuple[subprocess.Popen[bytes], ...]
    tracker_db_url: str
    api_token: str | None = None  # Rasa's HTTP API token (`?token=`), when one was set


@contextmanager
def running_assistant(
    database_url: str,
    logs: Path,
    extra_env: dict[str, str] | None = None,
    tracker_db_url: str | None = None,
    api_token: str | None = None,
) -> Iterator[RunningAssistant]:
    """Action server and Rasa on free loopback ports, against `database_url`; stopped on exit.

    Conversations go to `tracker_db_url` (default: a SQLite file in `logs`). Used by the
    end-to-end tests and the benchmarks; output goes to `logs/<name>.log`.
    """
    action_port, rasa_port = free_port(), free_port()
    logs.mkdir(parents=True, exist_ok=True)
    store = ConversationStoreSettings(
        tracker_db_url=tracker_db_url or f"sqlite:///{logs / 'conversations.sqlite3'}",
        redis_url=(extra_env or {}).get("REDIS_URL"),
    )
    env = child_env(action_port, store)
    env.update({"DATABASE_URL": database_url})
    env["ACTION_SERVER_URL"] = f"http://127.0.0.1:{action_port}/webhook"
    env.update(extra_env or {})
    settings = ServerSettings(rasa_port=rasa_port, action_port=action_port)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for name, cmd, process_env in (
            ("actions", action_server_command(action_port), env),
            ("rasa", rasa_command(settings), rasa_environment(env, api_token)),
        ):
            out = (logs / f"{name}.log").open("ab")
            procs.append(
                subprocess.Popen(
                    cmd, cwd=ROOT, env=process_env, stdout=out, stderr=subprocess.STDOUT
                )
            )
        wait_until_up(f"http://127.0.0.1:{action_port}/health", 120, procs)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", 600, procs)
        yield RunningAssistant(
            settings.rasa_url,
            f"http://127.0.0.1:{action_port}",
            tuple(procs),
            store.tracker_db_url,
            api_token,
        )
    finally:
        stop_processes(procs)
