"""Settings of the offer database, read from the environment when asked for (never at import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from project_paths import data_dir

DATABASE_FILE = "offers.sqlite3"
DEFAULT_CONNECT_TIMEOUT = 5.0  # seconds
DEFAULT_STATEMENT_TIMEOUT = 10.0  # seconds; a search takes milliseconds


@dataclass(frozen=True)
class Settings:
    """Where the offer database lives.

    Attributes:
        data_dir: `KI_DATA_DIR`, the folder for local data (default `<repo>/var/data`).
        database_url: `DATABASE_URL`, any SQLAlchemy URL (default: the SQLite file
            `<data_dir>/offers.sqlite3`).
        connect_timeout: `DATABASE_CONNECT_TIMEOUT`, seconds to wait for a connection
            (PostgreSQL; at least 2, libpq's minimum).
        statement_timeout: `DATABASE_STATEMENT_TIMEOUT`, seconds one statement may run
            (PostgreSQL) or wait for another writer's lock (both databases), so that a hung
            database gives an error instead of stalling every action.
    """

    data_dir: Path
    database_url: str
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT

    @property
    def default_database_url(self) -> str:
        return f"sqlite:///{self.data_dir / DATABASE_FILE}"

    def ensure_data_dir(self) -> Path:
        """Creates the data folder when it does not exist yet; returns it."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self.data_dir


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Reads the settings from `environ` (default: the process environment)."""
    env = os.environ if environ is None else environ
    folder = data_dir(env)
    url = env.get("DATABASE_URL") or f"sqlite:///{folder / DATABASE_FILE}"
    return Settings(
        data_dir=folder,
        database_url=url,
        connect_timeout=_seconds(env, "DATABASE_CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT),
        statement_timeout=_seconds(env, "DATABASE_STATEMENT_TIMEOUT", DEFAULT_STATEMENT_TIMEOUT),
    )


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value < 86_400:
        raise ValueError(f"{name}={raw!r}: expected a number of seconds above 0 (e.g. {default})")
    return value
