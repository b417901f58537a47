"""Engines and sessions for the offer database; created by callers, never at import time."""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import URL, Engine, create_engine
from sqlalchemy.engine import make_url

from db_support.engine import install_sqlite_pragmas
from db_support.engine import make_session_factory as make_session_factory  # re-exported
from offer_db import write_lock
from offer_db.settings import load_settings


def make_engine(
    url: str | None = None,
    *,
    connect_timeout: float | None = None,
    statement_timeout: float | None = None,
    **kwargs: Any,
) -> Engine:
    """An engine for `url` (default: `DATABASE_URL` or the local SQLite file).

    Timeouts (default: from the settings) bound how long a caller can hang on the database:
    PostgreSQL gets `connect_timeout` and a server-side `statement_timeout`; SQLite waits at
    most `statement_timeout` for another writer's lock. SQLite connections also get foreign
    keys switched on (SQLite ignores them otherwise) and write-ahead logging, so the action
    server can read while staff import.
    """
    settings = load_settings()
    if url is None:
        url = settings.database_url
        if url == settings.default_database_url:
            settings.ensure_data_dir()  # the SQLite file's folder, on first use
    parsed = make_url(url)
    timeouts = _timeout_args(
        parsed,
        connect_timeout or settings.connect_timeout,
        statement_timeout or settings.statement_timeout,
    )
    kwargs["connect_args"] = timeouts | kwargs.get("connect_args", {})
    engine = create_engine(parsed, **kwargs)
    write_lock.install(engine)
    install_sqlite_pragmas(engine)
    return engine


def _timeout_args(url: URL, connect: float, statement: float) -> dict[str, Any]:
    backend = url.get_backend_name()
    if backend == "postgresql":
        given = url.query.get("options", "")
        options = " ".join([*([given] if isinstance(given, str) else given)])
        return {
            "connect_timeout": max(2, math.ceil(connect)),  # libpq counts whole seconds, >= 2
            "options": f"{options} -c statement_timeout={round(statement * 1000)}".strip(),
        }
    if backend == "sqlite":
        return {"timeout": statement}  # the busy timeout: how long to wait for a lock
    return {}
