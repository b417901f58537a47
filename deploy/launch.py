"""`make run`: starts the assistant's processes in order and keeps them running.

Order: action server, Rasa (both must answer their health check), then the channels (web chat
host, Telegram bridge when configured) and the retention job. A process that exits is started
again with a growing pause; a required one (Rasa, action server) that keeps failing stops
everything and the launcher exits 1, so a supervisor (systemd, a container runtime) can restart
the whole. An optional one (a channel) that keeps failing is given up alone: a refused Telegram
token must not take the web chat down. On SIGTERM/SIGINT every child gets SIGTERM and, after a
grace period, SIGKILL to its whole process group: nothing is left behind.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from conversation_store.settings import ConversationStoreSettings
from deploy.processes import (
    ROOT,
    ServerSettings,
    action_server_command,
    api_token,
    channel_commands,
    child_env,
    rasa_command,
    rasa_environment,
    retention_command,
    wait_until_up,
)

logger = logging.getLogger("launch")

MAX_RESTARTS = 5  # within RESTART_WINDOW_S, then the service is given up
RESTART_WINDOW_S = 300.0
GRACE_S = 20.0


@dataclass
class Service:
    """One child process and its restart history."""

    name: str
    cmd: list[str]
    required: bool
    health_url: str | None = None
    env: dict[str, str] | None = None  # instead of the supervisor's, when set
    process: subprocess.Popen[bytes] | None = None
    restarts: list[float] = field(default_factory=list)
    given_up: bool = False


class Supervisor:
    """Starts, watches, restarts and stops the services."""

    def __init__(
        self,
        env: dict[str, str],
        max_restarts: int = MAX_RESTARTS,
        first_pause_s: float = 2.0,
        grace_s: float = GRACE_S,
    ) -> None:
        self.env = env
        self.services: list[Service] = []
        self.stopping = threading.Event()
        self.max_restarts = max_restarts
        self.first_pause_s = first_pause_s
        self.grace_s = grace_s

    def pause_s(self, service: Service) -> float:
        """2, 4, 8, ... seconds (at most 30) between restarts of a service."""
        return min(30.0, self.first_pause_s * 2.0 ** len(service.restarts))

    def start(self, service: Service) -> None:
        # Own process group: a stop reaches the child's own children too.
        service.process = subprocess.Popen(
            service.cmd, cwd=ROOT, env=service.env or self.env, start_new_session=True
        )
        if service not in self.services:
            self.services.append(service)
        logger.info("started %s (pid %d)", service.name, service.process.pid)

    def start_and_wait(self, service: Service, timeout_s: float) -> None:
        self.start(service)
        if service.health_url:
            procs = [s.process for s in self.services if s.process is not None]
            wait_until_up(service.health_url, timeout_s, procs)

    def watch(self, poll_s: float = 1.0) -> int:
        """Restarts what exits; returns the exit code once stopped or a required part failed."""
        while not self.stopping.wait(poll_s):
            for service in self.services:
                process = service.process
                if service.given_up or process is None or process.poll() is None:
                    continue
                logger.error("%s exited with %s", service.name, process.returncode)
                now = time.monotonic()
                service.restarts = [t for t in service.restarts if now - t < RESTART_WINDOW_S]
                if len(service.restarts) >= self.max_restarts:
                    if service.required:
                        logger.error("%s keeps failing: stopping the assistant", service.name)
                        return 1
                    logger.error("%s keeps failing: given up, the rest runs on", service.name)
                    service.given_up = True
                    continue
                pause = self.pause_s(service)
                service.restarts.append(now)
                if self.stopping.wait(pause):
                    break
                self.start(service)
        return 0

    def stop(self) -> None:
        """SIGTERM to every group, SIGKILL after the grace period."""
        self.stopping.set()
        running = [s.process for s in self.services if s.process and s.process.poll() is None]
        for p in running:
            _signal_group(p, signal.SIGTERM)
        deadline = time.monotonic() + self.grace_s
        for p in running:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                logger.error("pid %d ignored SIGTERM: killed", p.pid)
                _signal_group(p, signal.SIGKILL)
                p.wait()


def start_channels_and_watch(supervisor: Supervisor, env: Mapping[str, str], ready: str) -> int:
    """Starts the channels and the retention job, prints `ready` and supervises until a stop.

    Call it once Rasa answers: the channels' first messages must not meet a closed port.
    Returns the launcher's exit status (`Supervisor.watch`).
    """
    for name, cmd in channel_commands(env):
        supervisor.start(Service(name, cmd, required=False))
    supervisor.start(Service("retention", retention_command(), required=False))
    print(ready, flush=True)
    return supervisor.watch()


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = ServerSettings.from_env()
    store = ConversationStoreSettings.from_env()
    env = child_env(settings.action_port, store)
    env.setdefault("RASA_URL", settings.rasa_url)
    # Only Rasa holds its API token; the channels use the REST channel, which needs none.
    token = api_token()
    env.pop("RASA_TOKEN", None)
    supervisor = Supervisor(env)

    def on_signal(*_: object) -> None:
        supervisor.stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    status = 1
    try:
        actions = Service(
            "actions",
            action_server_command(settings.action_port),
            required=True,
            health_url=f"http://127.0.0.1:{settings.action_port}/health",
        )
        rasa = Service(
            "rasa",
            rasa_command(settings),
            required=True,
            health_url=f"{settings.rasa_url}/",
            env=rasa_environment(env, token),
        )
        supervisor.start_and_wait(actions, 120)
        supervisor.start_and_wait(rasa, 300)
        status = start_channels_and_watch(
            supervisor,
            env,
            f"assistant ready: REST channel {settings.rasa_url}/webhooks/rest/webhook; "
            f"conversations kept {store.retention_days} days after the last message",
        )
    except (RuntimeError, TimeoutError) as exc:
        logger.error("the assistant did not start: %s", exc)
    finally:
        supervisor.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
