"""`conversations`, the staff/retention CLI, as installed (real SQLite store)."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from demand_report.report import build_figures
from deploy.processes import ROOT
from tests.demand_report.seed import seed_history
from tests.tracker_rows import TrackerRows

CLI = str(ROOT / ".venv" / "bin" / "conversations")


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "KI_DATA_DIR": str(tmp_path), **env}
    environment.pop("TRACKER_DB_URL", None)
    return subprocess.run([CLI, *args], env=environment, capture_output=True, text=True)


def test_purge_erases_idle_conversations_and_dry_run_only_counts(tmp_path: Path) -> None:
    rows = TrackerRows(f"sqlite:///{tmp_path / 'conversations.sqlite3'}")
    try:
        rows.add("web-old", events=3, timestamp=time.time() - 100 * 86400)
        rows.add("web-new", events=2)
        dry = run(tmp_path, "purge", "--dry-run")
        assert dry.returncode == 0 and "1 conversations idle for over 90 days" in dry.stdout
        assert rows.count() == 5
        done = run(tmp_path, "purge")
        assert done.returncode == 0 and "erased 1 conversations (3 events)" in done.stdout
        assert (rows.count("web-old"), rows.count("web-new")) == (0, 2)
        assert run(tmp_path, "purge", "--days", "0").returncode == 2
    finally:
        rows.dispose()


def test_erase_on_demand(tmp_path: Path) -> None:
    rows = TrackerRows(f"sqlite:///{tmp_path / 'conversations.sqlite3'}")
    try:
        rows.add("tg-abc", events=4)
        result = run(tmp_path, "erase", "tg-abc")
        assert result.returncode == 0
        assert rows.count("tg-abc") == 0
    finally:
        rows.dispose()


def test_purge_keeps_the_finished_weeks_counts_of_the_demand_report(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'conversations.sqlite3'}"
    rows = TrackerRows(url)
    try:
        first_week = seed_history(rows)  # late November 2026: idle for over a day
        done = run(tmp_path, "purge", "--days", "1")
        assert done.returncode == 0, done.stderr
        assert sum(rows.count(sender) for sender in first_week) == 0
    finally:
        rows.dispose()
    # The conversations are gone; their weeks' counts were kept before the purge.
    counts = build_figures(url).questions_by_week
    assert (counts["2026-11-23"], counts["2026-11-30"]) == (7, 4)
