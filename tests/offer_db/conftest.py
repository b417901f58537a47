"""Fixtures of the offer database tests: migrated databases, engines and sessions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from offer_db.engine import make_engine, make_session_factory
from offer_db.migrate import upgrade
from tests.conftest import fresh_database

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_SEED = ROOT / "seeds" / "sample_offers.yml"


@pytest.fixture
def pg_url(tmp_path: Path) -> Iterator[str]:
    """An empty PostgreSQL database, for what only PostgreSQL has (fails on CI without one)."""
    with fresh_database("postgresql", tmp_path) as url:
        yield url


@pytest.fixture
def migrated_url(db_url: str) -> str:
    """An empty database at the newest schema, with languages and municipalities."""
    upgrade(db_url)
    return db_url


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the migrated database; the test commits what it wants to keep."""
    with make_session_factory(engine)() as session:
        yield session
