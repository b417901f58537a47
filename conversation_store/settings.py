"""Settings of the conversation store, read from the environment once at start-up."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from project_paths import data_dir

DEFAULT_RETENTION_DAYS = 90
TRACKER_DB_FILE = "conversations.sqlite3"
DEFAULT_REDIS_PORT = 6379


@dataclass(frozen=True)
class ConversationStoreSettings:
    """Where conversations are kept and for how long.

    Attributes:
        tracker_db_url: `TRACKER_DB_URL`, an SQLAlchemy URL of Rasa's SQL tracker store
            (default: the SQLite file `<data dir>/conversations.sqlite3`).
        redis_url: `REDIS_URL` (`redis://[:password@]host[:port][/db]`): Rasa's lock store;
            unset means Rasa's in-memory lock store (one Rasa process).
        retention_days: `RETENTION_DAYS`, how long an idle conversation is kept (default 90).
    """

    tracker_db_url: str
    redis_url: str | None = None
    retention_days: int = DEFAULT_RETENTION_DAYS

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ConversationStoreSettings:
        env = os.environ if environ is None else environ
        url = env.get("TRACKER_DB_URL") or f"sqlite:///{data_dir(env) / TRACKER_DB_FILE}"
        days_text = env.get("RETENTION_DAYS") or str(DEFAULT_RETENTION_DAYS)
        try:
            days = int(days_text)
        except ValueError as exc:
            raise SystemExit(
                f"RETENTION_DAYS must be a whole number of days, not {days_text!r}"
            ) from exc
        if days < 1:
            raise SystemExit("RETENTION_DAYS must be at least 1")
        return cls(tracker_db_url=url, redis_url=env.get("REDIS_URL") or None, retention_days=days)

    def rasa_environment(self) -> dict[str, str]:
        """The variables `endpoints.yml` expands for Rasa's tracker and lock stores."""
        env = {"TRACKER_DB_URL": self.tracker_db_url, "LOCK_STORE_TYPE": "in_memory"}
        env.update(LOCK_STORE_HOST="127.0.0.1", LOCK_STORE_PORT="6379", LOCK_STORE_DB="1")
        env["LOCK_STORE_PASSWORD"] = ""
        if self.redis_url:
            parts = urlsplit(self.redis_url)
            if parts.scheme not in {"redis", "rediss"} or not parts.hostname:
                raise SystemExit("REDIS_URL must look like redis://[:password@]host[:port][/db]")
            env.update(
                LOCK_STORE_TYPE="redis",
                LOCK_STORE_HOST=parts.hostname,
                LOCK_STORE_PORT=str(parts.port or DEFAULT_REDIS_PORT),
                LOCK_STORE_DB=parts.path.strip("/") or "0",
                LOCK_STORE_PASSWORD=parts.password or "",
            )
        return env
