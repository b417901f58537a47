"""Alembic environment of the offer database (run through `offer_db.migrate`)."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection

from offer_db.engine import make_engine
from offer_db.models import Base

config = context.config
target_metadata = Base.metadata


def _run(**options: Any) -> None:
    """Runs the migrations with the options every mode shares."""
    # SQLite cannot ALTER most things; batch mode recreates the table instead.
    context.configure(target_metadata=target_metadata, render_as_batch=True, **options)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations(connection: Connection) -> None:
    _run(connection=connection, compare_type=True)


def run_offline() -> None:
    url = config.attributes.get("database_url") or config.get_main_option("sqlalchemy.url")
    _run(url=url, literal_binds=True)


def run_online() -> None:
    connection: Connection | None = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = make_engine(config.attributes.get("database_url"))
    try:
        with engine.connect() as conn:
            run_migrations(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
