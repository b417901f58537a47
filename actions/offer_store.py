"""The action server's access to the offer database: one engine per process, made on first use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy.orm import Session, sessionmaker

from offer_db.engine import make_engine, make_session_factory


@lru_cache(maxsize=1)
def _factory() -> sessionmaker[Session]:
    return make_session_factory(make_engine())


@contextmanager
def offer_session() -> Iterator[Session]:
    """A read session on the offer database (DATABASE_URL, default the embedded SQLite)."""
    with _factory()() as session:
        yield session
