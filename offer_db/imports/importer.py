"""One entry point for every file staff hand in: YAML seed, CSV or XLSX, by file suffix."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from offer_db.imports.report import ImportReport
from offer_db.imports.seed import load_seed
from offer_db.imports.tabular import SUFFIXES, import_table

SEED_SUFFIXES = (".yml", ".yaml")
IMPORT_SUFFIXES = (*SEED_SUFFIXES, *SUFFIXES)


def import_file(session: Session, path: str | Path, *, dry_run: bool = False) -> ImportReport:
    """Imports `path` into `session` (all or nothing; the caller commits).

    Raises:
        ValueError: the suffix is not one of .yml, .yaml, .csv, .xlsx.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in SEED_SUFFIXES:
        return load_seed(session, path, dry_run=dry_run)
    if suffix in SUFFIXES:
        return import_table(session, path, dry_run=dry_run)
    raise ValueError(f"{path.name}: import reads {', '.join(IMPORT_SUFFIXES)} files")
