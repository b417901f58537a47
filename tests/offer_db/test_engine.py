"""Settings from the environment and the engines made from them."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from offer_db.engine import make_engine
from offer_db.settings import load_settings


def test_default_database_is_a_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    settings = load_settings({"KI_DATA_DIR": str(tmp_path / "data")})
    assert settings.database_url == f"sqlite:///{tmp_path / 'data' / 'offers.sqlite3'}"
    assert settings.database_url == settings.default_database_url
    assert load_settings({"DATABASE_URL": "postgresql+psycopg://x/y"}).database_url.startswith(
        "postgresql"
    )


def test_data_dir_is_created_on_first_use_of_the_default_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("KI_DATA_DIR", str(tmp_path / "new" / "data"))
    engine = make_engine()
    try:
        assert (tmp_path / "new" / "data").is_dir()
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        assert (tmp_path / "new" / "data" / "offers.sqlite3").is_file()
    finally:
        engine.dispose()


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()
