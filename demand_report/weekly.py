"""The kept weekly aggregates: counts of finished weeks, which outlive the conversations.

The retention job deletes a conversation 90 days (`RETENTION_DAYS`) after its last message, so
the events alone would show only the last three months. Each report run (and the retention job,
before it purges) therefore stores the counts of every finished week that is not stored yet, in
the table `demand_weekly` beside Rasa's `events`. A stored week is final: it is never
recomputed from events that retention or erasure have since thinned out. Rows hold counts per
(week, metric, topic, town, language) and no sender, so they lead back to nobody.

The table lives in Rasa's database, which has no migrations of ours; it is created here when
missing (one table, no foreign keys; a change would be a new table name).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import Column, Connection, Insert, Integer, MetaData, String, Table, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from demand_report.aggregate import Cell

_metadata = MetaData()
DEMAND_WEEKLY = Table(
    "demand_weekly",
    _metadata,
    Column("week", String(10), primary_key=True),  # ISO date of the Monday
    Column("metric", String(20), primary_key=True),
    Column("topic", String(40), primary_key=True),
    Column("municipality", String(60), primary_key=True),
    Column("language", String(8), primary_key=True),
    Column("count", Integer, nullable=False),
)
WEEK = dt.timedelta(days=7)


def ensure_table(connection: Connection) -> None:
    _metadata.create_all(connection, checkfirst=True)


def stored(connection: Connection) -> Counter[Cell]:
    """All kept counts."""
    rows = connection.execute(select(DEMAND_WEEKLY))
    return Counter(
        {Cell(r.week, r.metric, r.topic, r.municipality, r.language): r.count for r in rows}
    )


def finished(week: str, now: dt.datetime) -> bool:
    return dt.datetime.fromisoformat(week).replace(tzinfo=dt.UTC) + WEEK <= now


def keep_finished_weeks(
    connection: Connection, live: Counter[Cell], kept_weeks: set[str], now: dt.datetime
) -> set[str]:
    """Stores the counts of each finished week of `live` that is not kept yet; returns them."""
    new = {c.week for c in live if finished(c.week, now)} - kept_weeks
    rows = [
        {
            "week": c.week,
            "metric": c.metric,
            "topic": c.topic,
            "municipality": c.municipality,
            "language": c.language,
            "count": n,
        }
        for c, n in live.items()
        if c.week in new
    ]
    if rows:
        connection.execute(_insert_new(connection), rows)
    return new


def _insert_new(connection: Connection) -> Insert:
    """An insert that leaves a row already there alone: a report run and the retention job
    may keep the same week at once, and the first one's counts stand."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(DEMAND_WEEKLY).on_conflict_do_nothing()
    if connection.dialect.name == "sqlite":
        return sqlite.insert(DEMAND_WEEKLY).on_conflict_do_nothing()
    return insert(DEMAND_WEEKLY)
