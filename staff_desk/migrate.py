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

import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from staff_desk.engine import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "staff_desk_alembic_version"
ADVISORY_KEY = 0x4B49_5344  # PostgreSQL advisory lock of the desk's migrations ("KISD")


def make_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    config.attributes["database_url"] = url
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Upgrades the database at `url` (default: from the settings) to `revision`."""
    engine = make_engine(url)
    try:
        upgrade_engine(engine, revision)
    finally:
        engine.dispose()


def upgrade_engine(engine: Engine, revision: str = "head") -> None:
    """`upgrade` on an existing engine, in one transaction that holds the write lock."""
    config = make_config()
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
    heads = set(ScriptDirectory.from_config(make_config()).get_heads())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        return set(context.get_current_heads()) == heads


def revision(message: str) -> None:
    """Autogenerates a new revision from the difference between the models and head."""
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/scratch.sqlite3"
        upgrade(url)
        command.revision(make_config(url), message=message, autogenerate=True)
