"""Schema migrations of the offer database, run from Python (no alembic.ini needed).

`upgrade()` brings a database to the newest schema and refreshes the reference data
(languages, municipalities). For a new revision after changing `offer_db/models.py`:

    uv run python -c "from offer_db.migrate import revision; revision('add opening notes')"

which autogenerates `offer_db/migrations/versions/<date>_<slug>.py` against a scratch SQLite
database at head; review it before committing.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from offer_db.engine import make_engine
from offer_db.reference import sync_reference_data
from offer_db.write_lock import write_transaction

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_config(url: str | None = None) -> Config:
    """An Alembic configuration for the package's migrations and database `url`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    config.attributes["database_url"] = url
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Upgrades the database at `url` (default: DATABASE_URL) and syncs reference data."""
    engine = make_engine(url)
    try:
        upgrade_engine(engine, revision)
    finally:
        engine.dispose()


def upgrade_engine(engine: Engine, revision: str = "head") -> None:
    """`upgrade` on an existing engine (the caller keeps owning it).

    Schema and reference data change in one transaction that holds the write lock, so that two
    commands starting at once on a new database do not both create it.
    """
    config = make_config()
    with write_transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        with Session(connection) as session:  # joins the transaction; the block commits
            sync_reference_data(session)
            session.flush()


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest revision."""
    heads = set(ScriptDirectory.from_config(make_config()).get_heads())
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads()) == heads


def revision(message: str) -> None:
    """Autogenerates a new revision from the difference between the models and head."""
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/scratch.sqlite3"
        upgrade(url)
        command.revision(make_config(url), message=message, autogenerate=True)
