"""Looking at the SQL a search runs: record the statements, ask the database for their plans."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, event


@contextmanager
def recorded_statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Collects (SQL, parameters) of every statement `engine` executes inside the block."""
    statements: list[tuple[str, Any]] = []

    def record(_conn: Any, _cursor: Any, sql: str, params: Any, _ctx: Any, _many: bool) -> None:
        statements.append((sql, params))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def query_plan(connection: Connection, sql: str, params: Any) -> list[str]:
    """The database's plan for one recorded statement, one line per step."""
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params).all()
        return [str(row[-1]) for row in rows]
    rows = connection.exec_driver_sql(f"EXPLAIN {sql}", params).all()
    return [str(row[0]) for row in rows]


_SQLITE_TABLE_SCAN = re.compile(r"SCAN (?!\(subquery-|CONSTANT ROW)")


def full_table_scans(plan: list[str]) -> list[str]:
    """The steps of a SQLite or PostgreSQL plan that read a whole table.

    SQLite's `SCAN (subquery-N)` reads an intermediate result (e.g. of a window function)
    that was itself found through an index; it is not a table scan.
    """
    return [step for step in plan if _SQLITE_TABLE_SCAN.match(step) or "Seq Scan" in step]
