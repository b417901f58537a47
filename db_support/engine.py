"""Engine set-up both databases need: SQLite's pragmas, session factories, disposal."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker


def install_sqlite_pragmas(engine: Engine) -> None:
    """Switches on SQLite's foreign keys on every connection (SQLite ignores them otherwise),
    and for a database file write-ahead logging, so that readers do not wait for a writer.

    Does nothing on other databases.
    """
    if engine.dialect.name != "sqlite":
        return
    file_based = engine.url.database not in (None, "", ":memory:")
    event.listen(engine, "connect", _sqlite_pragmas(wal=file_based))


def _sqlite_pragmas(*, wal: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if wal:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    return on_connect


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose loaded objects stay readable after commit and close."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def disposing(engine: Engine) -> Iterator[Engine]:
    """`engine` for one block, its connection pool closed at the end."""
    try:
        yield engine
    finally:
        engine.dispose()
