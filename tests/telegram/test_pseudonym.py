"""Pseudonymous sender ids (bot/pseudonym.py)."""

from __future__ import annotations

import stat
from pathlib import Path

from bot.pseudonym import Pseudonyms, load_key


def test_sender_id_is_a_stable_keyed_hash_without_the_raw_id() -> None:
    ids = Pseudonyms(b"key-1")
    sender = ids(987654321)
    assert sender == ids(987654321) == ids("987654321")
    assert sender.startswith("tg-") and len(sender) == 27
    assert all(c in "0123456789abcdef" for c in sender[3:])
    assert "987654321" not in sender
    assert ids(987654322) != sender
    # Another key, another pseudonym: without the key the id cannot be recomputed.
    assert Pseudonyms(b"key-2")(987654321) != sender


def test_key_from_the_environment_wins() -> None:
    assert load_key({"PSEUDONYM_KEY": "from-env"}) == b"from-env"


def test_key_file_is_created_once_private_and_ignored_by_git(tmp_path: Path) -> None:
    path = tmp_path / "data" / "pseudonym.key"
    first = load_key({}, path)
    assert len(first) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert (path.parent / ".gitignore").read_text() == "*\n"
    assert load_key({}, path) == first  # kept across restarts
    assert load_key({"PSEUDONYM_KEY_FILE": str(path)}) == first


def test_key_files_in_different_places_differ(tmp_path: Path) -> None:
    assert load_key({}, tmp_path / "a.key") != load_key({}, tmp_path / "b.key")


def test_key_file_defaults_to_the_data_folder_read_when_asked(tmp_path: Path) -> None:
    # KI_DATA_DIR is read when the key is loaded, not when bot.pseudonym was imported.
    key = load_key({"KI_DATA_DIR": str(tmp_path / "data")})
    assert (tmp_path / "data" / "pseudonym.key").read_text().strip().encode() == key
