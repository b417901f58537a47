"""CSV files as Excel writes and reads them: UTF-8 (with or without BOM), `;` or `,`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from offer_db.imports.cells import to_text
from offer_db.imports.tabular.table import (
    FORMULA_STARTS,
    MAX_BYTES,
    MAX_FIELD_CHARS,
    Table,
    TableError,
    checked_row,
    too_large,
)

DELIMITERS = (";", ",", "\t")
QUOTE = "'"  # Excel's own mark for "this cell is text"


def guard(text: str) -> str:
    """`text` as a CSV cell that no spreadsheet runs: a leading `'` before a formula start.

    Text that already starts with `'`s before a formula start gets one more, so that `unguard`
    gives back exactly what was exported.
    """
    return QUOTE + text if text.lstrip(QUOTE).startswith(FORMULA_STARTS) else text


def unguard(text: str) -> str:
    """The inverse of `guard`; any other text (`'s-Hertogenbosch`) is left as it is."""
    guarded = text.startswith(QUOTE) and text[1:].lstrip(QUOTE).startswith(FORMULA_STARTS)
    return text[1:] if guarded else text


def read_csv(path: Path) -> Table:
    if path.stat().st_size > MAX_BYTES:
        raise too_large(path.stat().st_size)
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise TableError(
            "ist nicht UTF-8-kodiert: in Excel „CSV UTF-8 (durch Trennzeichen getrennt)“ wählen",
            "is not UTF-8 encoded: save as 'CSV UTF-8 (comma delimited)' in Excel",
        ) from e
    first_line = content.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    records = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[object]]] = []
    number = 0
    try:
        for number, record in enumerate(records, start=1):
            record = [unguard(cell) for cell in record]
            if header is None:
                header = [h.strip() for h in record]
            elif (cells := checked_row(number, record)) is not None:
                rows.append((number, cells))
    except csv.Error as e:
        raise _unreadable(number + 1, e) from e
    if header is None:
        raise TableError("ist leer", "is empty")
    return Table(path.name, header, rows)


def _unreadable(row: int, error: csv.Error) -> TableError:
    if "field limit" in str(error):
        return TableError(
            f"enthält ein Feld mit mehr als {MAX_FIELD_CHARS} Zeichen "
            "(fehlt ein schließendes Anführungszeichen?)",
            f"has a field longer than {MAX_FIELD_CHARS} characters (is a closing quote missing?)",
            row,
        )
    return TableError(
        f"ist keine lesbare CSV-Zeile ({error})",
        f"is not a readable CSV row ({error})",
        row,
    )


def write_csv(path: Path, header: list[str], rows: Iterable[list[object]]) -> None:
    """`;`-separated with a BOM and decimal commas: opens correctly in a German Excel; no cell
    starts like a formula (see `guard`)."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow([guard(h) for h in header])
        writer.writerows([guard(to_text(v)) for v in row] for row in rows)
