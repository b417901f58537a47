"""`conversations`: the retention job and erasure on demand, for staff and for `make run`.

conversations purge [--days N] [--dry-run]   erase conversations idle longer than N days
conversations schedule [--every-hours H]     purge now and then every H hours (make run)
conversations erase SENDER...                erase these conversations (pseudonymous ids)

Each also covers the staff desk (staff_desk/, on STAFF_DB_URL / DATABASE_URL): erasing a
conversation removes its tickets and feedback; the retention job removes tickets idle longer than
the retention period and takes the sender off older feedback.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError

from conversation_store.settings import ConversationStoreSettings
from conversation_store.store import ConversationStore, ErasureFailed
from demand_report.build import keep_weeks
from staff_desk import erasure as staff_erasure
from staff_desk.engine import make_engine as make_staff_engine
from staff_desk.migrate import upgrade_engine as upgrade_staff_desk

logger = logging.getLogger("conversations")
DEFAULT_EVERY_HOURS = 6.0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="conversations", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    purge = sub.add_parser("purge", help="erase conversations idle longer than the retention")
    purge.add_argument("--days", type=int, help="default: RETENTION_DAYS (90)")
    purge.add_argument("--dry-run", action="store_true", help="only count them")
    schedule = sub.add_parser("schedule", help="purge now and then periodically")
    schedule.add_argument("--every-hours", type=float, default=DEFAULT_EVERY_HOURS)
    erase = sub.add_parser("erase", help="erase the conversations of these senders")
    erase.add_argument("senders", nargs="+")
    return parser


def _purge(store: ConversationStore, days: int | None, dry_run: bool) -> int:
    days = store.settings.retention_days if days is None else days
    if days < 1:
        print("--days must be at least 1", file=sys.stderr)
        return 2
    if dry_run:
        print(f"{len(store.idle_senders(days))} conversations idle for over {days} days")
        return 0
    _keep_weekly_counts(store.settings.tracker_db_url)
    result = store.purge_idle(days)
    staff = _purge_staff_desk(days)
    print(
        f"erased {result.conversations} conversations ({result.events} events) "
        f"idle for over {days} days ({result.busy} answering right now: next run); "
        f"staff desk: {staff.tickets} tickets erased, "
        f"{staff.feedback} feedback entries anonymised"
    )
    return 0


def _keep_weekly_counts(tracker_db_url: str) -> None:
    """The demand report's counts of the finished weeks, kept before their conversations go
    (demand_report/weekly.py). A failure costs those counts, never the purge: erasing on time
    comes first."""
    try:
        keep_weeks(tracker_db_url)
    except SQLAlchemyError as error:
        logger.warning("retention: weekly demand counts not kept (%s)", type(error).__name__)


def _purge_staff_desk(days: int) -> staff_erasure.ErasureResult:
    """Retention of the staff desk: the same period as the conversations."""
    engine = make_staff_engine()
    try:
        upgrade_staff_desk(engine)  # a fresh database: the tables exist, empty
        result = staff_erasure.purge(engine, days)
    finally:
        engine.dispose()
    logger.info(
        "retention: %d tickets erased, %d feedback entries anonymised (staff desk)",
        result.tickets,
        result.feedback,
    )
    return result


def _erase_staff_desk(senders: Sequence[str]) -> None:
    """The conversations' tickets and feedback; ErasureFailed when any is left."""
    engine = make_staff_engine()
    try:
        upgrade_staff_desk(engine)
        staff_erasure.erase(engine, senders)
        left = staff_erasure.remaining(engine, senders)
    except Exception as exc:  # the database is down: not erased, and say so
        raise ErasureFailed(type(exc).__name__) from exc
    finally:
        engine.dispose()
    if left:
        raise ErasureFailed(f"{left} staff desk rows left")


def _schedule(store: ConversationStore, every_hours: float) -> int:
    """Purges at start and then every `every_hours` until SIGTERM/SIGINT; survives failures."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    while not stop.is_set():
        try:
            store.purge_idle()
            _purge_staff_desk(store.settings.retention_days)
        except Exception:  # a database restart must not end the schedule; try again later
            logger.exception("retention run failed; next try in %.1f h", every_hours)
        stop.wait(every_hours * 3600)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    args = _parser().parse_args(argv)
    store = ConversationStore(ConversationStoreSettings.from_env())
    try:
        if args.command == "purge":
            return _purge(store, args.days, args.dry_run)
        if args.command == "schedule":
            return _schedule(store, args.every_hours)
        try:
            store.erase(args.senders)
            _erase_staff_desk(args.senders)
        except ErasureFailed as exc:
            print(f"not erased: {exc}", file=sys.stderr)
            return 1
        print(f"erased {len(args.senders)} conversations")
        return 0
    finally:
        store.dispose()


if __name__ == "__main__":
    sys.exit(main())
