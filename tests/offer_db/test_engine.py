"""Settings from the environment and the engines made from them."""

from __future__ import annotations

import socket
import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

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


def test_timeouts_have_defaults_and_come_from_the_environment() -> None:
    defaults = load_settings({})
    assert (defaults.connect_timeout, defaults.statement_timeout) == (5.0, 10.0)
    custom = load_settings({"DATABASE_CONNECT_TIMEOUT": "3", "DATABASE_STATEMENT_TIMEOUT": "0.5"})
    assert (custom.connect_timeout, custom.statement_timeout) == (3.0, 0.5)


@pytest.mark.parametrize("value", ["soon", "0", "-1", "nan"])
def test_a_bad_timeout_setting_names_the_variable(value: str) -> None:
    with pytest.raises(ValueError, match="DATABASE_STATEMENT_TIMEOUT"):
        load_settings({"DATABASE_STATEMENT_TIMEOUT": value})


def test_a_statement_over_the_timeout_fails_instead_of_hanging(db_url: str, tmp_path: Path) -> None:
    engine = make_engine(db_url, statement_timeout=0.3)
    try:
        if engine.dialect.name == "postgresql":
            with engine.connect() as connection:
                assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "300ms"
                started = time.monotonic()
                with pytest.raises(OperationalError, match="statement timeout"):
                    connection.exec_driver_sql("SELECT pg_sleep(5)")
        else:
            # SQLite has no statement timeout; what can hang is waiting for another writer.
            with engine.connect():
                pass  # the file exists, in WAL mode, before another process locks it
            holder = sqlite3.connect(make_url(db_url).database or "", isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            try:
                with engine.connect() as connection:
                    started = time.monotonic()
                    with pytest.raises(OperationalError, match="locked"):
                        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            finally:
                holder.rollback()
                holder.close()
        assert 0.2 < time.monotonic() - started < 30  # bounded, not timed: a shared machine
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgres_sessions_take_the_statement_timeout_from_the_settings(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "2.5")
    engine = make_engine(pg_url)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "2500ms"
    finally:
        engine.dispose()


def test_a_server_that_never_answers_fails_the_connection_within_the_timeout() -> None:
    # A socket that accepts TCP but never speaks PostgreSQL: the client must give up.
    with socket.create_server(("127.0.0.1", 0)) as silent:
        port = silent.getsockname()[1]
        engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/x", connect_timeout=2)
        started = time.monotonic()
        try:
            with pytest.raises(OperationalError), engine.connect():
                pass
        finally:
            engine.dispose()
        assert time.monotonic() - started < 30  # gave up instead of hanging (not a timing test)
