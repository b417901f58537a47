"""Alembic environment of the staff desk (run through `staff_desk.migrate`)."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection

from staff_desk.engine import make_engine
from staff_desk.migrate import VERSION_TABLE
from staff_desk.models import Base

config = context.config
target_metadata = Base.metadata


def _include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    # The desk shares its database with the offers: autogenerate must only ever see its own
    # tables, never propose to drop the offers'.
    if type_ == "table":
        return name in target_metadata.tables
    return True


def _run(**options: Any) -> None:
    context.configure(
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode recreates the table
        version_table=VERSION_TABLE,
        include_object=_include_object,
        **options,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection: Connection | None = config.attributes.get("connection")
    if connection is not None:
        _run(connection=connection, compare_type=True)
        return
    engine = make_engine(config.attributes.get("database_url"))
    try:
        with engine.connect() as conn:
            _run(connection=conn, compare_type=True)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    _run(url=config.attributes.get("database_url"), literal_binds=True)
else:
    run_online()
