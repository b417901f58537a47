"""Import and export of the flat offer sheet for KI staff: CSV and XLSX.

`import_table(session, path)` reads, validates every row, and writes all or nothing;
`export_table(session, path)` writes the same format, so exporting and importing again changes
nothing. The format is described in docs/import-format.md.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from offer_db.imports.loading import load_entries
from offer_db.imports.report import ImportReport, Location, RowError
from offer_db.imports.tabular.csv_io import read_csv, write_csv
from offer_db.imports.tabular.sheet import COLUMNS, HEADERS, entries, export_rows
from offer_db.imports.tabular.table import Table, TableError
from offer_db.imports.tabular.xlsx_io import read_xlsx, write_xlsx
from offer_db.imports.validate import Entry

READERS = {".csv": read_csv, ".xlsx": read_xlsx}
SUFFIXES = tuple(READERS)

__all__ = ["SUFFIXES", "export_table", "import_table", "read_table"]


def read_table(path: Path) -> tuple[list[Entry], list[RowError]]:
    """The entries of a CSV or XLSX file, or why it cannot be read."""
    try:
        table: Table = READERS[path.suffix.lower()](path)
    except TableError as e:
        return [], [RowError(Location(path.name, e.row), None, "", e.reason_de, e.reason_en)]
    return entries(table)


def import_table(session: Session, path: str | Path, *, dry_run: bool = False) -> ImportReport:
    """Imports a CSV or XLSX offer sheet (see `offer_db.imports.loading.load_entries`)."""
    path = Path(path)
    found, errors = read_table(path)
    return load_entries(session, path.name, found, errors, dry_run=dry_run)


def export_table(session: Session, path: str | Path) -> int:
    """Writes every offer to a CSV or XLSX file; returns the number of offers."""
    path = Path(path)
    rows = list(export_rows(session))
    if path.suffix.lower() == ".csv":
        write_csv(path, list(HEADERS), rows)
    elif path.suffix.lower() == ".xlsx":
        comments = [_comment(c.field.label_de, c.field.help_de) for c in COLUMNS]
        write_xlsx(path, HEADERS, rows, comments, [c.field.choices for c in COLUMNS])
    else:
        raise ValueError(f"{path.name}: export writes .csv or .xlsx files")
    return len(rows)


def _comment(label: str, help_de: str) -> str:
    return f"{label}: {help_de}" if help_de else label
