"""What the benchmarks measure alike: percentiles of latencies and a process's memory."""

from __future__ import annotations

import math
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path


def percentile(values: Sequence[float], q: float) -> float:
    """The `q` quantile (0-1) of `values` by nearest rank; NaN when there are none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children, in MiB (from /proc)."""
    pids = [pid]
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    pids += [int(c) for c in found.stdout.split()]
    total_kib = 0
    for p in pids:
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except FileNotFoundError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
        total_kib += int(match.group(1)) if match else 0
    return total_kib / 1024
