"""The common path of every import: validate everything, then write all of it or nothing."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from offer_db.imports.report import ImportReport, RowError
from offer_db.imports.upsert import apply_batch
from offer_db.imports.validate import Entry, validate
from offer_db.write_lock import lock_for_writing


def load_entries(
    session: Session,
    source: str,
    entries: Sequence[Entry],
    read_errors: Sequence[RowError] = (),
    *,
    dry_run: bool = False,
) -> ImportReport:
    """Validates `entries` and upserts them into `session` when every one is valid.

    A writing import first takes the database's write lock (`offer_db.write_lock`; raises
    `DatabaseBusy` when another writer holds it too long). With errors (including
    `read_errors` from reading the file) nothing is written. With
    `dry_run` the changes are counted and then rolled back. Otherwise they are flushed; the
    caller commits (or rolls back) the transaction.
    """
    report = ImportReport(source=source, dry_run=dry_run, errors=list(read_errors))
    if not dry_run and not report.errors:
        lock_for_writing(session)  # before reading: a concurrent import's records are then seen
    batch, errors = validate(session, entries)
    report.errors.extend(errors)
    if report.errors:
        return report
    try:
        apply_batch(session, batch, report)
        if not dry_run:
            session.flush()
    finally:
        if dry_run:
            session.rollback()
    return report
