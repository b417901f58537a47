"""Collecting the report's counts: kept weeks plus what the events still hold."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import Engine, create_engine

from demand_report import weekly
from demand_report.aggregate import Cell, count
from demand_report.events import EVENTS, read_turns
from demand_report.settings import tracker_db_url

CONNECT_TIMEOUT_S = 5


def tracker_engine(url: str | None = None) -> Engine:
    """An engine on Rasa's tracker store (default: `TRACKER_DB_URL` as the assistant uses it)."""
    url = url or tracker_db_url()
    if url.startswith("postgresql://"):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    if url.startswith("sqlite"):
        return create_engine(url, connect_args={"timeout": CONNECT_TIMEOUT_S})
    return create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})


def collect(engine: Engine, now: dt.datetime | None = None) -> Counter[Cell]:
    """Every week's counts: kept weeks as kept, the others from the events; finished weeks
    not kept yet are kept now (in one transaction, so two runs do not both insert them)."""
    now = now or dt.datetime.now(dt.UTC)
    with engine.begin() as connection:
        weekly.ensure_table(connection)
        kept = weekly.stored(connection)
        kept_weeks = {c.week for c in kept}
        live: Counter[Cell] = Counter()
        if engine.dialect.has_table(connection, EVENTS.name):  # Rasa creates it on first start
            live = count(read_turns(connection))
        weekly.keep_finished_weeks(connection, live, kept_weeks, now)
    result = Counter(kept)
    result.update({c: n for c, n in live.items() if c.week not in kept_weeks})
    return result


def keep_weeks(url: str | None = None) -> None:
    """Stores the finished weeks (for the retention job, before it purges old conversations)."""
    engine = tracker_engine(url)
    try:
        collect(engine)
    finally:
        engine.dispose()
