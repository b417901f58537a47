"""Pseudonymous sender ids: a keyed hash of a channel's user id, so no raw id reaches Rasa or logs.

The key is `PSEUDONYM_KEY` from the environment; when it is unset, one is generated once and
kept in `<data dir>/pseudonym.key` (`KI_DATA_DIR`, default `var/data`; mode 0600, beside the
local database), so a user keeps their conversation across restarts.
A keyed hash (HMAC) rather than a plain hash: Telegram user ids are small integers, and a plain
hash of every possible id could be computed in minutes to undo the pseudonym.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from project_paths import data_dir

KEY_FILE = "pseudonym.key"
HEX_CHARS = 24  # 96 bits: no collisions among any realistic number of users


def load_key(env: Mapping[str, str] | None = None, key_file: Path | None = None) -> bytes:
    """The pseudonym key: `PSEUDONYM_KEY`, else the key file (created on first use).

    `PSEUDONYM_KEY_FILE` moves the file (tests, read-only checkouts); by default it is
    `<data dir>/pseudonym.key`. Called once when a channel starts.
    """
    env = os.environ if env is None else env
    if env.get("PSEUDONYM_KEY"):
        return env["PSEUDONYM_KEY"].encode("utf-8")
    path = key_file or Path(env.get("PSEUDONYM_KEY_FILE") or data_dir(env) / KEY_FILE)
    try:
        return _read_key(path)
    except FileNotFoundError:
        return _create_key(path)


def _read_key(path: Path) -> bytes:
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise ValueError(f"{path} is empty: delete it to generate a new key")
    return key.encode("ascii")


def _create_key(path: Path) -> bytes:
    """Writes a new random key, readable by the owner only; another process may win the race."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ignore = path.parent / ".gitignore"
    if not ignore.exists():
        # The key must never be committed: a folder-local ignore file covers any checkout.
        ignore.write_text("*\n", encoding="ascii")
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)  # created concurrently by another channel process
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key + "\n")
    return key.encode("ascii")


class Pseudonyms:
    """Turns a channel's user ids into stable pseudonymous sender ids (`tg-<24 hex>`)."""

    def __init__(self, key: bytes, prefix: str = "tg") -> None:
        self._key = key
        self._prefix = prefix

    def __call__(self, user_id: int | str) -> str:
        digest = hmac.new(self._key, str(user_id).encode("utf-8"), hashlib.sha256).hexdigest()
        return f"{self._prefix}-{digest[:HEX_CHARS]}"
