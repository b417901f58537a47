"""Schema migrations of the offer database, run from Python (no alembic.ini needed).

`upgrade()` brings a database to the newest schema and refreshes the reference data
(languages, municipalities). For a new revision after changing `offer_db/models.py`:

    uv run python -c "from offer_db.migrate import revision; revision('add opening notes')"

which autogenerates `offer_db/migrations/versions/<date>_<slug>.py` against a scratch SQLite
database at head; review it before committing.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db_support.engine import disposing
from db_support.migrations import alembic_config, autogenerate_revision, is_at_head
from offer_db.engine import make_engine
from offer_db.reference import sync_reference_data
from offer_db.write_lock import write_transaction

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Upgrades the database at `url` (default: DATABASE_URL) and syncs reference data."""
    with disposing(make_engine(url)) as engine:
        upgrade_engine(engine, revision)


def upgrade_engine(engine: Engine, revision: str = "head") -> None:
    """`upgrade` on an existing engine (the caller keeps owning it).

    Schema and reference data change in one transaction that holds the write lock, so that two
    commands starting at once on a new database do not both create it.
    """
    config = alembic_config(MIGRATIONS)
    with write_transaction(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        with Session(connection) as session:  # joins the transaction; the block commits
            sync_reference_data(session)
            session.flush()


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest revision."""
    return is_at_head(engine, MIGRATIONS)


def revision(message: str) -> None:
    """Autogenerates a new revision from the difference between the models and head."""
    autogenerate_revision(MIGRATIONS, upgrade, message)
