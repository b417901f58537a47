"""CSV files as Excel writes and reads them: UTF-8 (with or without BOM), `;` or `,`."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from offer_db.imports.cells import to_text
from offer_db.imports.tabular.table import Table, TableError

DELIMITERS = (";", ",", "\t")


def read_csv(path: Path) -> Table:
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
    numbered = list(enumerate(records, start=1))
    if not numbered:
        raise TableError("ist leer", "is empty")
    (_, header), rows = numbered[0], numbered[1:]
    return Table(path.name, [h.strip() for h in header], [(n, list(r)) for n, r in rows])


def write_csv(path: Path, header: list[str], rows: Iterable[list[object]]) -> None:
    """`;`-separated with a BOM and decimal commas: opens correctly in a German Excel."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([to_text(v) for v in row] for row in rows)
