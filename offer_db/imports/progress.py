"""A progress bar on stderr for long runs: shown on a terminal, or for more than 500 records."""

from __future__ import annotations

import sys

from tqdm import tqdm

QUIET_UP_TO = 500


def progress_bar(total: int, desc: str) -> tqdm[None]:
    """A tqdm bar that stays silent for small non-interactive runs (tests, cron jobs)."""
    show = sys.stderr.isatty() or total > QUIET_UP_TO
    return tqdm(total=total, desc=desc, file=sys.stderr, disable=not show, unit=" records")
