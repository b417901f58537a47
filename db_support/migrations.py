"""Alembic run from Python (no alembic.ini): configuration, "at head?", new revisions.

Each database keeps its own migrations folder and `upgrade_engine`, which differ in how they
lock and what they do after the schema (the offers sync their reference data).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

DEFAULT_VERSION_TABLE = "alembic_version"  # Alembic's own default


def alembic_config(migrations: Path, url: str | None = None) -> Config:
    """An Alembic configuration for the `migrations` folder and the database at `url`.

    The folder's `env.py` takes the URL (or a connection the caller put there) from
    `config.attributes`.
    """
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    config.attributes["database_url"] = url
    return config


def is_at_head(
    engine: Engine, migrations: Path, version_table: str = DEFAULT_VERSION_TABLE
) -> bool:
    """True when the revision kept in `version_table` is the newest of `migrations`."""
    heads = set(ScriptDirectory.from_config(alembic_config(migrations)).get_heads())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": version_table})
        return set(context.get_current_heads()) == heads


def autogenerate_revision(migrations: Path, upgrade: Callable[[str], None], message: str) -> None:
    """Writes a new revision of `migrations` from the difference between the models and head.

    The comparison runs against a scratch SQLite database that `upgrade(url)` brings to head.
    """
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/scratch.sqlite3"
        upgrade(url)
        command.revision(alembic_config(migrations, url), message=message, autogenerate=True)
