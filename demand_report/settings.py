"""Where the report reads from: Rasa's tracker store, as the assistant is configured.

`TRACKER_DB_URL` (the same variable Rasa's `endpoints.yml` and the retention job read), else
the local SQLite file `<KI_DATA_DIR>/conversations.sqlite3`. Read here rather than through
conversation_store so that the staff admin, which must not import the conversation store,
can show the report (import-linter contracts in pyproject.toml).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from project_paths import data_dir

# The file name of conversation_store.settings.TRACKER_DB_FILE (not imported, see above).
TRACKER_DB_FILE = "conversations.sqlite3"


def tracker_db_url(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    return env.get("TRACKER_DB_URL") or f"sqlite:///{data_dir(env) / TRACKER_DB_FILE}"
