"""Latency and memory of the running assistant, through Rasa's REST channel.

Starts the real action server and Rasa on a seeded SQLite database and measures round trips:
a bare greeting and a database search (a Kita question with town and age), for 1 and for 10
concurrent conversations. Prints p50/p95 per case, the search/greeting ratio of the medians
(goal: under 2.5), resident memory of both servers, and optionally a timed full training.

Run:  .venv/bin/python bench/rasa_latency.py [--rounds 60] [--train]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import percentile, rss_mib  # noqa: E402
from deploy.processes import running_assistant  # noqa: E402

GREETING = "Hallo"
SEARCH = "Kita in Wegberg für meine Tochter, sie ist 3 Jahre alt"


async def conversation(client: httpx.AsyncClient, url: str, text: str, rounds: int) -> list[float]:
    """One user sending `text` `rounds` times (a new sender each time: a first message)."""
    timings = []
    for _ in range(rounds):
        body = {"sender": f"bench-{uuid.uuid4().hex[:10]}", "message": text}
        start = time.perf_counter()
        r = await client.post(url, json=body, timeout=120)
        r.raise_for_status()
        assert r.json(), "the assistant sent no answer"
        timings.append((time.perf_counter() - start) * 1000)
    return timings


async def measure(url: str, text: str, concurrency: int, rounds: int) -> list[float]:
    async with httpx.AsyncClient() as client:
        await conversation(client, url, text, 3)  # warm-up
        per_user = max(1, rounds // concurrency)
        results = await asyncio.gather(
            *(conversation(client, url, text, per_user) for _ in range(concurrency))
        )
    return [t for r in results for t in r]


def timed_training() -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run(
            [
                str(ROOT / ".venv-rasa/bin/rasa"),
                "train",
                "--data",
                "nlu/data",
                "dialogue",
                "--domain",
                "domain.yml",
                "--config",
                "config.yml",
                "--out",
                out,
                "--force",
                "--quiet",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=60, help="requests per case")
    parser.add_argument("--train", action="store_true", help="also time a full training")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/offers.sqlite3"
        subprocess.run(
            [str(ROOT / ".venv/bin/offers"), "seed"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            env={"DATABASE_URL": db, "PATH": "/usr/bin:/bin"},
        )
        with running_assistant(db, Path(tmp) / "logs") as running:
            url = f"{running.rasa_url}/webhooks/rest/webhook"
            medians: dict[tuple[str, int], float] = {}
            print(f"{'case':10} {'conc':>4} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}")
            for concurrency in (1, 10):
                for name, text in (("greeting", GREETING), ("search", SEARCH)):
                    t = asyncio.run(measure(url, text, concurrency, args.rounds))
                    medians[(name, concurrency)] = statistics.median(t)
                    p50, p95 = statistics.median(t), percentile(t, 0.95)
                    print(f"{name:10} {concurrency:4d} {len(t):4d} {p50:8.1f} {p95:8.1f}")
            for concurrency in (1, 10):
                ratio = medians[("search", concurrency)] / medians[("greeting", concurrency)]
                label = f"search/greeting median ratio, {concurrency} concurrent"
                print(f"{label}: {ratio:.2f} (goal: < 2.5)")
            action_proc, rasa_proc = running.processes
            rasa_mib, action_mib = rss_mib(rasa_proc.pid), rss_mib(action_proc.pid)
            print(f"memory: rasa {rasa_mib:.0f} MiB, action server {action_mib:.0f} MiB")
    if args.train:
        print(f"full training (NLU + rules): {timed_training():.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
