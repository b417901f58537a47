"""Engines and sessions for the staff desk; created by callers, never at import time."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from db_support.engine import install_sqlite_pragmas
from db_support.engine import make_session_factory as make_session_factory  # re-exported
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
    install_sqlite_pragmas(engine)
    return engine
