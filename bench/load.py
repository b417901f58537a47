"""Throughput, latency and memory under load: bare `rasa init` bot, the assistant in one
process, and the cluster with 1 and 2 Rasa replicas, all in the same run.

Each conversation is a new sender that sends a 6-message mix one message after the other
(waiting for each answer, as a person does), for several rounds; N conversations run at once.
Per target and concurrency it prints messages/s (all messages / wall time), p50/p95 of the
round trip per message, errors, and the resident memory of every Rasa process afterwards.
Then the ratios of the goals (issue "Scale out"): single-process vs. the bare bot, 2 replicas
vs. 1 at the highest concurrency, memory per replica.

`--profile` also samples the single-process Rasa server and action server with py-spy during
an extra run at 10 concurrent conversations and prints where the time goes (our code's share,
top functions by own time); the raw stacks are kept under var/bench/.

Needs the trained model (`make train`); the cluster targets need PostgreSQL, Redis, RabbitMQ
and HAProxy as for `make run-cluster`. The bare bot is made once with `rasa init` (trained
here, kept under var/bench/bare-bot).

Run:  .venv/bin/python bench/load.py [--concurrency 1 10 50] [--min-messages 180] [--profile]
          [--targets bare single cluster1 cluster2]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import percentile, rss_mib  # noqa: E402
from deploy.cluster import ClusterSettings, ensure_database, running_cluster, seed_offers  # noqa: E402
from deploy.processes import (  # noqa: E402
    free_port,
    running_assistant,
    stop_processes,
    wait_until_up,
)

RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
BENCH_DIR = ROOT / "var" / "bench"
BARE_BOT = BENCH_DIR / "bare-bot"
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
RABBITMQ_URL = os.environ.get("RABBITMQ_URL") or "amqp://guest:guest@127.0.0.1:5672/%2F"

# What the moodbot of `rasa init` understands: a conversation through its stories.
BARE_MIX = ("hi", "I am sad", "yes", "I am great", "are you a bot?", "bye")
# The assistant's mix, as real users write: a greeting, searches with town and age (NLU,
# action server, database), a follow-up with only a town, another language, thanks.
ASSISTANT_MIXES = (
    (
        "Hallo",
        "Ich suche einen Deutschkurs",
        "Erkelenz",
        "Kita in Wegberg für meine Tochter, sie ist 3 Jahre alt",
        "Wo melde ich mein Kind in der Schule an? Wir wohnen in Heinsberg",
        "Danke, tschüss",
    ),
    (
        "Hello",
        "Where can I find a German course in Hückelhoven?",
        "Is there a Kita in Gangelt for my son, he is 2?",
        "Geilenkirchen",
        "Where can I get counselling in Wassenberg?",
        "Thank you",
    ),
)


@dataclass
class Case:
    """One target at one concurrency: each message's round trip and what went wrong."""

    target: str
    concurrency: int
    wall_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def messages(self) -> int:
        return len(self.latencies_ms) + self.errors

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.wall_s if self.wall_s else 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else math.nan

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 0.95)


@dataclass
class Target:
    """A running bot: where to send messages and which processes are its Rasa servers."""

    url: str
    rasa_pids: list[int]
    mixes: Sequence[Sequence[str]]
    other_pids: dict[str, int] = field(default_factory=dict)


async def conversation(
    client: httpx.AsyncClient, url: str, mix: Sequence[str], rounds: int, case: Case
) -> None:
    for _ in range(rounds):
        sender = f"load-{uuid.uuid4().hex[:12]}"
        for text in mix:
            start = time.perf_counter()
            try:
                r = await client.post(url, json={"sender": sender, "message": text}, timeout=180)
                ok = r.status_code == 200 and bool(r.json())
            except (httpx.HTTPError, ValueError):
                ok = False
            if ok:
                case.latencies_ms.append((time.perf_counter() - start) * 1000)
            else:
                case.errors += 1


async def run_case(target: Target, name: str, concurrency: int, min_messages: int) -> Case:
    mix_len = len(target.mixes[0])
    rounds = max(3, math.ceil(min_messages / (mix_len * concurrency)))
    case = Case(name, concurrency)
    limits = httpx.Limits(max_connections=concurrency + 5, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits) as client:
        start = time.perf_counter()
        await asyncio.gather(
            *(
                conversation(client, target.url, target.mixes[i % len(target.mixes)], rounds, case)
                for i in range(concurrency)
            )
        )
        case.wall_s = time.perf_counter() - start
    return case


async def warm_up(target: Target) -> None:
    """Every message of every mix once: models, caches and connections warm."""
    scratch = Case("warm-up", 1)
    async with httpx.AsyncClient() as client:
        for mix in target.mixes:
            await conversation(client, target.url, mix, 1, scratch)
    if scratch.errors:
        raise RuntimeError(f"warm-up: {scratch.errors} messages got no answer")


# --- the targets -------------------------------------------------------------------------


def ensure_bare_bot() -> Path:
    """The moodbot of `rasa init`, trained once (about two minutes on two cores)."""
    models = BARE_BOT / "models"
    if not any(models.glob("*.tar.gz")):
        BARE_BOT.mkdir(parents=True, exist_ok=True)
        print("training the bare `rasa init` bot once ...", flush=True)
        subprocess.run(
            [str(RASA), "init", "--no-prompt", "--init-dir", str(BARE_BOT)],
            cwd=BARE_BOT,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return models


@contextmanager
def bare_bot(logs: Path) -> Iterator[Target]:
    models = ensure_bare_bot()
    port = free_port()
    logs.mkdir(parents=True, exist_ok=True)
    with (logs / "bare-rasa.log").open("ab") as out:
        proc = subprocess.Popen(
            [str(RASA), "run", "--model", str(models), "--port", str(port), "-i", "127.0.0.1"],
            cwd=BARE_BOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", 600, [proc])
        yield Target(f"http://127.0.0.1:{port}/webhooks/rest/webhook", [proc.pid], (BARE_MIX,))
    finally:
        stop_processes([proc])


def seed(database_url: str) -> None:
    """The sample offers into a new database (as `make run-cluster` does)."""
    seed_offers({**os.environ, "DATABASE_URL": database_url})


@contextmanager
def single_process(logs: Path) -> Iterator[Target]:
    """As `make run`: one Rasa, one action server, SQLite offer and tracker stores."""
    logs.mkdir(parents=True, exist_ok=True)
    db = f"sqlite:///{logs.parent / 'offers.sqlite3'}"
    seed(db)
    with running_assistant(db, logs) as running:
        action_proc, rasa_proc = running.processes
        yield Target(
            f"{running.rasa_url}/webhooks/rest/webhook",
            [rasa_proc.pid],
            ASSISTANT_MIXES,
            {"actions": action_proc.pid},
        )


@contextmanager
def postgres_database(prefix: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    ensure_database(url)
    try:
        yield url
    finally:
        admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def cluster(replicas: int) -> Callable[[Path], AbstractContextManager[Target]]:
    @contextmanager
    def start(logs: Path) -> Iterator[Target]:
        """`make run-cluster`'s plan: replicas behind HAProxy on PostgreSQL, Redis, RabbitMQ."""
        with (
            postgres_database("bench_offers") as offers,
            postgres_database("bench_conversations") as conversations,
        ):
            seed(offers)
            settings = ClusterSettings(
                rasa_replicas=replicas,
                action_replicas=replicas,
                rasa_port=free_port(),
                action_port=free_port(),
                database_url=offers,
                tracker_db_url=conversations.replace("postgresql+psycopg://", "postgresql://"),
                redis_url=REDIS_URL,
                rabbitmq_url=RABBITMQ_URL,
            )
            with running_cluster(settings, logs) as running:
                pids = [p.pid for n, p in running.processes.items() if n.startswith("rasa")]
                yield Target(f"{running.rasa_url}/webhooks/rest/webhook", pids, ASSISTANT_MIXES)

    return start


TARGETS: dict[str, Callable[[Path], AbstractContextManager[Target]]] = {
    "bare": bare_bot,
    "single": single_process,
    "cluster1": cluster(1),
    "cluster2": cluster(2),
}


# --- profile -----------------------------------------------------------------------------

FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^():]+)(?::\d+)?\)$")


OUR_PACKAGES = {
    "actions", "bot", "contract", "conversation_store", "db_support", "deploy", "locales",
    "nlu", "offer_db", "project_paths", "staff_desk",
}  # fmt: skip


def our_module(file: str) -> str | None:
    """The repository module a frame's file belongs to, or None for libraries.

    py-spy names files relative to the import path ("nlu/components/language_id.py",
    "rasa/core/agent.py"), or absolute where they are not below it.
    """
    path = Path(file)
    if path.is_absolute():
        if "site-packages" in path.parts or not path.is_relative_to(ROOT):
            return None
        path = path.relative_to(ROOT)
    if str(path) == "deploy/rasa_server.py":
        return None  # the entry point: under every stack
    return str(path) if path.parts and path.parts[0] in OUR_PACKAGES else None


# Where Rasa's own time goes, by a function on the stack (inclusive).
RASA_AREAS = {
    "understanding the message (NLU graph)": "parse_message (rasa/core/processor.py",
    "checking the action server's answer": "_validate_action_result",
    "tracker store (read and write)": "rasa/core/tracker_store.py",
    "predicting the next action": "predict_next_with_tracker_if_should",
    "calling the action server": "(rasa/utils/endpoints.py",
}


def summarize_profile(raw: Path, label: str, top: int = 15) -> None:
    """Our code's inclusive share and the functions with the most own samples."""
    total = 0
    own: collections.Counter[str] = collections.Counter()
    ours: collections.Counter[str] = collections.Counter()
    areas: collections.Counter[str] = collections.Counter()
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        total += count
        leaf = FRAME.match(frames[-1])
        own[f"{leaf['func']} ({Path(leaf['file']).name})" if leaf else frames[-1]] += count
        matched = [FRAME.match(f) for f in frames]
        modules = {name for m in matched if m and (name := our_module(m["file"]))}
        for module in modules:
            ours[module] += count
        for area, marker in RASA_AREAS.items():
            if marker in stack:
                areas[area] += count
    print(f"\nprofile of {label}: {total} samples (busy threads only)")
    if not total:
        return
    print("  our modules, inclusive share of busy time:")
    for module, count in ours.most_common(10):
        print(f"    {100 * count / total:5.1f} %  {module}")
    if areas:
        print("  Rasa's areas, inclusive share:")
        for area, count in areas.most_common():
            print(f"    {100 * count / total:5.1f} %  {area}")
    print("  functions by own time:")
    for func, count in own.most_common(top):
        print(f"    {100 * count / total:5.1f} %  {func[:110]}")


async def profiled_run(target: Target, seconds: int, out_dir: Path) -> None:
    """py-spy on every process of `target` while 10 conversations run."""
    py_spy = ROOT / ".venv" / "bin" / "py-spy"
    pids = {"rasa": target.rasa_pids[0], **target.other_pids}
    recorders = {}
    for name, pid in pids.items():
        raw = out_dir / f"profile-{name}.txt"
        recorders[name] = (
            subprocess.Popen(
                [str(py_spy), "record", "--pid", str(pid), "--duration", str(seconds)]
                + ["--rate", "200", "--format", "raw", "--output", str(raw)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
            raw,
        )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await run_case(target, "profile", 10, 60)
    for name, (proc, raw) in recorders.items():
        proc.wait(timeout=120)
        if raw.exists():
            summarize_profile(raw, f"single-process {name}")
            print(f"  raw stacks: {raw.relative_to(ROOT)}")
        else:
            print(f"py-spy wrote nothing for {name} (exit {proc.returncode})")


# --- report ------------------------------------------------------------------------------


def print_report(cases: list[Case], memory: dict[str, list[float]]) -> None:
    header = ("target", "conc", "msgs", "err", "msg/s", "p50 ms", "p95 ms")
    print("\n{:9} {:>4} {:>5} {:>4} {:>7} {:>8} {:>8}".format(*header))
    for c in cases:
        print(
            f"{c.target:9} {c.concurrency:4d} {c.messages:5d} {c.errors:4d} "
            f"{c.throughput:7.1f} {c.p50:8.1f} {c.p95:8.1f}"
        )
    print("\nRasa resident memory after the run (MiB per process):")
    for name, values in memory.items():
        print(f"  {name:9} " + ", ".join(f"{v:.0f}" for v in values))
    by = {(c.target, c.concurrency): c for c in cases}
    levels = sorted({c.concurrency for c in cases})
    if all(("bare", n) in by and ("single", n) in by for n in levels):
        print("\nsingle-process vs. bare bot (goals: throughput ≥ 1.0×, p50 ≤ 1.2×):")
        for n in levels:
            bare, single = by[("bare", n)], by[("single", n)]
            print(
                f"  {n:3d} concurrent: throughput {single.throughput / bare.throughput:.2f}×, "
                f"p50 {single.p50 / bare.p50:.2f}×"
            )
    top = levels[-1] if levels else 0
    if ("cluster1", top) in by and ("cluster2", top) in by:
        ratio = by[("cluster2", top)].throughput / by[("cluster1", top)].throughput
        print(f"\n2 replicas vs. 1 at {top} concurrent: {ratio:.2f}× (goal ≥ 1.4×)")
    replicas = [v for k, vs in memory.items() if k.startswith("cluster") for v in vs]
    if replicas:
        print(f"largest Rasa replica: {max(replicas):.0f} MiB (goal ≤ 1,331 MiB = 1.3 GB)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--targets", nargs="+", choices=list(TARGETS), default=list(TARGETS))
    parser.add_argument(
        "--min-messages", type=int, default=180, help="at least this many messages per case"
    )
    parser.add_argument("--profile", action="store_true", help="py-spy the single process")
    parser.add_argument("--profile-seconds", type=int, default=40)
    args = parser.parse_args(argv)

    if any(name.startswith("cluster") for name in args.targets):
        # As `make run-cluster` does: installs Debian's HAProxy where it can, else says how.
        subprocess.run([str(ROOT / "scripts" / "ensure_haproxy.sh")], check=True)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []
    memory: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="load-", dir=BENCH_DIR) as tmp:
        for name in args.targets:
            print(f"starting {name} ...", flush=True)
            started = time.perf_counter()
            with TARGETS[name](Path(tmp) / name / "logs") as target:
                print(f"  up in {time.perf_counter() - started:.0f} s", flush=True)
                asyncio.run(warm_up(target))
                for n in args.concurrency:
                    case = asyncio.run(run_case(target, name, n, args.min_messages))
                    cases.append(case)
                    print(
                        f"  {n:3d} concurrent: {case.messages} messages, {case.errors} errors, "
                        f"{case.throughput:.1f} msg/s, p50 {case.p50:.0f} ms, "
                        f"p95 {case.p95:.0f} ms",
                        flush=True,
                    )
                memory[name] = [rss_mib(pid) for pid in target.rasa_pids]
                if args.profile and name == "single":
                    asyncio.run(profiled_run(target, args.profile_seconds, BENCH_DIR))
    print_report(cases, memory)
    return 1 if any(c.errors for c in cases) else 0


if __name__ == "__main__":
    sys.exit(main())
