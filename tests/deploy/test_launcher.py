"""The launcher supervises real child processes: restarts, giving up, exit code, no orphans."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from deploy.launch import Service, Supervisor

PY = sys.executable


def supervisor() -> Supervisor:
    return Supervisor(dict(os.environ), max_restarts=3, first_pause_s=0.05, grace_s=1.0)


def watch_in_background(sup: Supervisor) -> tuple[threading.Thread, list[int]]:
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(sup.watch(poll_s=0.05)), daemon=True)
    thread.start()
    return thread, result


def test_a_failing_channel_is_given_up_alone_and_the_rest_runs_on(tmp_path: Path) -> None:
    """A refused Telegram token makes the bridge exit at once: the web chat must stay up."""
    sup = supervisor()
    starts = tmp_path / "starts"
    crashing = f"open({str(starts)!r}, 'a').write('x'); raise SystemExit(3)"
    sup.start(Service("telegram", [PY, "-c", crashing], required=False))
    sup.start(Service("webchat", [PY, "-c", "import time; time.sleep(60)"], required=False))
    thread, result = watch_in_background(sup)
    try:
        deadline = time.monotonic() + 20
        while not sup.services[0].given_up and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sup.services[0].given_up
        assert starts.read_text() == "x" * 4  # first start + 3 restarts
        assert sup.services[1].process is not None and sup.services[1].process.poll() is None
        assert result == []  # still watching
    finally:
        sup.stopping.set()
        thread.join(5)
        sup.stop()
    assert result == [0]


def test_a_required_part_that_keeps_failing_ends_the_launcher_with_exit_code_1() -> None:
    sup = supervisor()
    sup.start(Service("rasa", [PY, "-c", "raise SystemExit(1)"], required=True))
    try:
        assert sup.watch(poll_s=0.05) == 1
    finally:
        sup.stop()


def test_a_crashed_part_is_started_again(tmp_path: Path) -> None:
    sup = supervisor()
    marker = tmp_path / "ran"
    once = (
        f"import os, time, pathlib; p = pathlib.Path({str(marker)!r});"
        "first = not p.exists(); p.write_text('1');"
        "raise SystemExit(1) if first else time.sleep(60)"
    )
    sup.start(Service("actions", [PY, "-c", once], required=True))
    thread, result = watch_in_background(sup)
    try:
        deadline = time.monotonic() + 10
        service = sup.services[0]
        while not service.restarts and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        assert len(service.restarts) == 1
        assert service.process is not None and service.process.poll() is None
    finally:
        sup.stopping.set()
        thread.join(5)
        sup.stop()
    assert result == [0]


def test_stop_kills_a_child_that_ignores_sigterm_and_its_own_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    stubborn = (
        "import signal, subprocess, sys, time;"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN);"
        f"g = subprocess.Popen([sys.executable, '-c', 'import signal, time;"
        f" signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(120)']);"
        f"open({str(pid_file)!r}, 'w').write(str(g.pid));"
        "time.sleep(120)"
    )
    sup = supervisor()
    sup.start(Service("stubborn", [PY, "-c", stubborn], required=False))
    deadline = time.monotonic() + 10
    while not pid_file.exists() or not pid_file.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    grandchild = int(pid_file.read_text())
    started = time.monotonic()
    sup.stop()
    assert time.monotonic() - started < 20  # grace 1 s, then SIGKILL (bounded, not timed)
    assert sup.services[0].process is not None and sup.services[0].process.poll() is not None
    deadline = time.monotonic() + 5
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(grandchild)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie waiting for its (dead) parent's reaper counts as gone.
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "zombie" not in status.read_text()
