"""Where the project and its local data live: one answer for every process.

The data folder (`KI_DATA_DIR`, default `<repo>/var/data`) holds the embedded defaults: the
SQLite offer database, the SQLite conversation store and the pseudonym key.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder for local data (read when asked, never at import)."""
    env = os.environ if environ is None else environ
    return Path(env.get("KI_DATA_DIR") or REPO_ROOT / "var" / "data").expanduser()
