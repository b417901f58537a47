"""Settings of the offer database, read from the environment when asked for (never at import)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "var" / "data"
DATABASE_FILE = "offers.sqlite3"


@dataclass(frozen=True)
class Settings:
    """Where the offer database lives.

    Attributes:
        data_dir: `KI_DATA_DIR`, the folder for local data (default `<repo>/var/data`).
        database_url: `DATABASE_URL`, any SQLAlchemy URL (default: the SQLite file
            `<data_dir>/offers.sqlite3`).
    """

    data_dir: Path
    database_url: str

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
    data_dir = Path(env.get("KI_DATA_DIR") or DEFAULT_DATA_DIR).expanduser()
    url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / DATABASE_FILE}"
    return Settings(data_dir=data_dir, database_url=url)
