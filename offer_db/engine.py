"""Engines and sessions for the offer database; created by callers, never at import time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from offer_db.settings import load_settings


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for `url` (default: `DATABASE_URL` or the local SQLite file).

    SQLite connections get foreign keys switched on (SQLite ignores them otherwise) and
    write-ahead logging, so the action server can read while staff import.
    """
    if url is None:
        settings = load_settings()
        url = settings.database_url
        if url == settings.default_database_url:
            settings.ensure_data_dir()  # the SQLite file's folder, on first use
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        file_based = make_url(url).database not in (None, "", ":memory:")
        event.listen(engine, "connect", _sqlite_pragmas(wal=file_based))
    return engine


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
