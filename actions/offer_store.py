"""The action server's access to the offer database: one engine per process, made on first use."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from actions.failures import log_failure
from offer_db.engine import make_engine, make_session_factory


class Says(Protocol):
    """What a database error needs of a Reply: a message in the user's language."""

    def say(self, key: str, buttons: list[dict[str, str]] | None = None, **params: Any) -> None: ...


@lru_cache(maxsize=1)
def _factory() -> sessionmaker[Session]:
    return make_session_factory(make_engine())


@contextmanager
def offer_session() -> Iterator[Session]:
    """A read session on the offer database (DATABASE_URL, default the embedded SQLite)."""
    with _factory()() as session:
        yield session


@contextmanager
def offer_lookup(reply: Says, what: str) -> Iterator[Session]:
    """A read session whose database errors end the block with a clear message to the user.

    The block's remaining statements are skipped; code after the `with` must check that what
    the block was to produce is there.
    """
    try:
        with offer_session() as session:
            yield session
    except SQLAlchemyError as error:
        log_failure(what, error)
        reply.say("error.database")
