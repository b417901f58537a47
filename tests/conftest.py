"""Fixtures shared by the whole test suite: real, empty databases.

`db_url` and `module_db_url` are parametrized over SQLite (a file in a temporary folder) and
PostgreSQL (a fresh, uniquely named database on the server at `DATABASE_URL_PG`, default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres, dropped afterwards). When the server is
unreachable the PostgreSQL variants are skipped, except on CI (`CI=true`), where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

# Shared by every folder's tests: one real assistant (Rasa + action server) per test session,
# and a local SMTP server per test for the staff notifications.
from tests.local_smtp import smtp  # noqa: F401
from tests.running_assistant import assistant  # noqa: F401
from tests.tracker_rows import TrackerRows

PG_SERVER_URL = os.environ.get(
    "DATABASE_URL_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@cache
def _postgres_problem() -> str | None:
    """Why the PostgreSQL server cannot be used, or None when it can (checked once)."""
    engine = create_engine(PG_SERVER_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as e:
        return str(getattr(e, "orig", None) or e).strip().splitlines()[0]
    finally:
        engine.dispose()
    return None


def _require_postgres() -> None:
    problem = _postgres_problem()
    if problem is None:
        return
    message = f"PostgreSQL not reachable at {PG_SERVER_URL}: {problem}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def fresh_database(backend: str, directory: Path) -> Iterator[str]:
    """The URL of a new, empty database of `backend`; removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / f'test-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    _require_postgres()
    name = f"test_offers_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_SERVER_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(PG_SERVER_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database for one test, on SQLite and on PostgreSQL."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="module", params=BACKENDS)
def module_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database shared by the tests of one module, on SQLite and on PostgreSQL."""
    with fresh_database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def tracker_rows(tmp_path: Path) -> Iterator[TrackerRows]:
    """A real SQLite tracker store (Rasa's table) for a channel (bridge or host) to erase from."""
    rows = TrackerRows(f"sqlite:///{tmp_path / 'conversations.sqlite3'}")
    yield rows
    rows.dispose()
