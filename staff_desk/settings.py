"""Settings of the staff desk's database, read from the environment when asked for."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from project_paths import data_dir

# The same file as the offer database's default (offer_db.settings.DATABASE_FILE): by default
# the staff desk's tables live beside the offers. Not imported from offer_db, because the
# channels import this package and must never import offer_db (README, layering).
DEFAULT_DATABASE_FILE = "offers.sqlite3"
DEFAULT_STATEMENT_TIMEOUT = 10.0  # seconds to wait for another writer's lock


@dataclass(frozen=True)
class Settings:
    """Where the staff desk's tables live.

    Attributes:
        data_dir: `KI_DATA_DIR`, the folder for local data.
        database_url: `STAFF_DB_URL`, else `DATABASE_URL` (the offer database), else the local
            SQLite file `<data_dir>/offers.sqlite3`.
        statement_timeout: `DATABASE_STATEMENT_TIMEOUT`, seconds one statement may run or wait
            for a lock.
    """

    data_dir: Path
    database_url: str
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT

    @property
    def default_database_url(self) -> str:
        return f"sqlite:///{self.data_dir / DEFAULT_DATABASE_FILE}"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Reads the settings from `environ` (default: the process environment)."""
    env = os.environ if environ is None else environ
    folder = data_dir(env)
    url = (
        env.get("STAFF_DB_URL")
        or env.get("DATABASE_URL")
        or f"sqlite:///{folder / DEFAULT_DATABASE_FILE}"
    )
    raw = env.get("DATABASE_STATEMENT_TIMEOUT")
    timeout = float(raw) if raw else DEFAULT_STATEMENT_TIMEOUT
    if not 0 < timeout < 86_400:
        raise ValueError(f"DATABASE_STATEMENT_TIMEOUT={raw!r}: expected seconds above 0")
    return Settings(data_dir=folder, database_url=url, statement_timeout=timeout)
