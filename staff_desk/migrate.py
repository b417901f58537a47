"""Schema migrations of the staff desk, run from Python (no alembic.ini needed).

The staff desk usually shares the offer database (same `DATABASE_URL`), so its Alembic history
is kept apart: own script folder and own version table (`staff_desk_alembic_version`); the
offers' migrations and these never see each other's revisions.

Every process that uses the desk (web chat host, Telegram bridge, admin, retention job) calls
`upgrade()` at start; it is idempotent and serialised by the database's write lock, so two
processes starting at once on a new database do not both create the tables.

New revision after changing `staff_desk/models.py`:

    .venv/bin/python -c "from staff_desk.migrate import revision; revision('add x')"
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine, text

from db_support.engine import disposing
from db_support.migrations import alembic_config, autogenerate_revision, is_at_head
from staff_desk.engine import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "staff_desk_alembic_version"
ADVISORY_KEY = 0x4B49_5344  # PostgreSQL advisory lock of the desk's migrations ("KISD")


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Upgrades the database at `url` (default: from the settings) to `revision`."""
    with disposing(make_engine(url)) as engine:
        upgrade_engine(engine, revision)


def upgrade_engine(engine: Engine, revision: str = "head") -> None:
    """`upgrade` on an existing engine, in one transaction that holds the write lock."""
    config = alembic_config(MIGRATIONS)
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # pysqlite would begin lazily at the first write; take the write lock up front.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.begin()
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_KEY}
                )
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        connection.commit()


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest revision of the staff desk."""
    return is_at_head(engine, MIGRATIONS, VERSION_TABLE)


def revision(message: str) -> None:
    """Autogenerates a new revision from the difference between the models and head."""
    autogenerate_revision(MIGRATIONS, upgrade, message)
