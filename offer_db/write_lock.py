"""One writer at a time: imports, seeding and migrations take the database's write lock first.

Two imports at once would otherwise both read "provider P-1 is new" and both insert it (an
IntegrityError on PostgreSQL), or the later one would silently win. With the lock the second
writer waits until the first has committed and then sees its records; if it waits longer than
the statement timeout (`DATABASE_STATEMENT_TIMEOUT`) it stops with `DatabaseBusy`, having
written nothing.

- PostgreSQL: a transaction-level advisory lock (`pg_advisory_xact_lock`), released by the
  commit or rollback that ends the transaction.
- SQLite: `BEGIN IMMEDIATE` (the database's own write lock, taken at the start instead of at
  the first write); the busy timeout bounds the wait.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

WRITE_LOCK = "offer_db_write_lock"  # execution option: begin this transaction as the writer
ADVISORY_KEY = 0x4B49_4F66  # any constant shared by every writer of the offer database ("KIOf")


class DatabaseBusy(Exception):
    """Another writer held the database for longer than this one may wait."""


def install(engine: Engine) -> None:
    """Lets SQLite transactions begin as `BEGIN IMMEDIATE` when asked for with `WRITE_LOCK`."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "begin")
    def begin_immediate(connection: Connection) -> None:
        if connection.get_execution_options().get(WRITE_LOCK):
            connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction on `engine` that holds the write lock; commits at the end of the block.

    Raises:
        DatabaseBusy: another writer held the lock for longer than the statement timeout.
    """
    with engine.connect() as connection:
        connection.execution_options(**{WRITE_LOCK: True})
        with _busy_as_error(), connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_KEY}
                )
            yield connection


def lock_for_writing(session: Session) -> None:
    """Makes the transaction of `session` the only writing one until it commits or rolls back.

    Raises:
        DatabaseBusy: another writer held the lock for longer than the statement timeout; the
            session's transaction is rolled back.
    """
    try:
        with _busy_as_error():
            if session.in_transaction():
                connection = session.connection()
                if connection.dialect.name == "sqlite":
                    # Too late for BEGIN IMMEDIATE: a write that changes nothing takes the
                    # same lock now rather than at the first real write.
                    session.execute(text("UPDATE languages SET code = code WHERE 0"))
            else:
                connection = session.connection(execution_options={WRITE_LOCK: True})
            if connection.dialect.name == "postgresql":
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_KEY})
    except DatabaseBusy:
        session.rollback()
        raise


@contextmanager
def _busy_as_error() -> Iterator[None]:
    """Turns the database's "waited too long for a lock" into `DatabaseBusy`."""
    try:
        yield
    except OperationalError as e:
        message = str(e.orig).lower()
        if "locked" in message or "busy" in message or "statement timeout" in message:
            raise DatabaseBusy(str(e.orig).strip()) from e
        raise
