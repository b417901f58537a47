"""Engines and sessions for the staff desk; created by callers, never at import time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from staff_desk.settings import load_settings


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for `url` (default: `STAFF_DB_URL`, `DATABASE_URL` or the local SQLite file).

    SQLite gets foreign keys (for the cascade from tickets to their messages), write-ahead
    logging and a busy timeout, since the channels, the admin and the retention job write at once.
    """
    settings = load_settings()
    if url is None:
        url = settings.database_url
        if url == settings.default_database_url:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": settings.statement_timeout} | kwargs.get(
            "connect_args", {}
        )
    elif parsed.get_backend_name() == "postgresql":
        ms = round(settings.statement_timeout * 1000)
        kwargs["connect_args"] = {
            "connect_timeout": 5,
            "options": f"-c statement_timeout={ms}",
        } | kwargs.get("connect_args", {})
    engine = create_engine(parsed, **kwargs)
    if engine.dialect.name == "sqlite":
        file_based = parsed.database not in (None, "", ":memory:")
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
