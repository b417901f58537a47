"""A sheet as read from a file: its header and its rows, numbered as Excel numbers them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

# Bounds that no real offer sheet comes near (a few thousand rows, 61 columns) and that keep a
# hostile or broken file from filling the memory: a 5 KB workbook can claim a million rows.
MAX_ROWS = 50_000  # the last row number with data, header included
MAX_COLUMNS = 300
MAX_BYTES = 100 * 1024 * 1024  # a CSV file, or the unpacked contents of an XLSX workbook
MAX_FIELD_CHARS = 128 * 1024  # one CSV field; Python's csv module refuses longer ones
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    file: str
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (row number, cells); the header is row 1


class TableError(Exception):
    """The file cannot be read as a table at all; reasons in German and English."""

    def __init__(self, reason_de: str, reason_en: str, row: int = 1) -> None:
        super().__init__(f"{reason_de} / {reason_en}")
        self.reason_de = reason_de
        self.reason_en = reason_en
        self.row = row


def checked_row(number: int, values: Sequence[object]) -> list[object] | None:
    """The cells of row `number` up to its last filled one; None for an empty row.

    Raises:
        TableError: the row lies beyond `MAX_ROWS` or has a value beyond `MAX_COLUMNS`.
    """
    filled = [i for i, v in enumerate(values) if v is not None and str(v).strip() != ""]
    if not filled:
        return None
    if number > MAX_ROWS:
        raise TableError(
            f"hat Daten in Zeile {number}; erlaubt sind höchstens {MAX_ROWS} Zeilen "
            "(steht weit unten noch etwas?)",
            f"has data in row {number}; at most {MAX_ROWS} rows are allowed "
            "(is something entered far below?)",
            number,
        )
    if filled[-1] >= MAX_COLUMNS:
        column = get_column_letter(filled[-1] + 1)
        raise TableError(
            f"hat Daten in Spalte {column}; erlaubt sind höchstens {MAX_COLUMNS} Spalten",
            f"has data in column {column}; at most {MAX_COLUMNS} columns are allowed",
            number,
        )
    return list(values[: filled[-1] + 1])


def too_large(size: int) -> TableError:
    """The error for a file whose (unpacked) content exceeds `MAX_BYTES`."""
    mb, limit = size // (1024 * 1024), MAX_BYTES // (1024 * 1024)
    return TableError(
        f"ist zu groß ({mb} MB Inhalt; höchstens {limit} MB)",
        f"is too large ({mb} MB of content; at most {limit} MB)",
    )
