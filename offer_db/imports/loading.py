"""The common path of every import: validate everything, then write all of it or nothing."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from offer_db.imports.report import ImportReport, RowError
from offer_db.imports.upsert import apply_batch
from offer_db.imports.validate import Entry, validate


def load_entries(
    session: Session,
    source: str,
    entries: Sequence[Entry],
    read_errors: Sequence[RowError] = (),
    *,
    dry_run: bool = False,
) -> ImportReport:
    """Validates `entries` and upserts them into `session` when every one is valid.

    With errors (including `read_errors` from reading the file) nothing is written. With
    `dry_run` the changes are counted and then rolled back. Otherwise they are flushed; the
    caller commits (or rolls back) the transaction.
    """
    report = ImportReport(source=source, dry_run=dry_run, errors=list(read_errors))
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
