"""XLSX workbooks (openpyxl): the offers on the sheet 'Angebote', a legend on 'Codes'."""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from offer_db.imports.tabular.table import (
    FORMULA_STARTS,
    MAX_BYTES,
    Table,
    TableError,
    checked_row,
    too_large,
)

SHEET = "Angebote"
LEGEND = "Codes"


def read_xlsx(path: Path) -> Table:
    _check_unpacked_size(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as e:
        raise TableError(
            f"ist keine lesbare Excel-Datei (.xlsx): {e}", f"is not a readable .xlsx file: {e}"
        ) from e
    try:
        sheet = workbook[SHEET] if SHEET in workbook.sheetnames else workbook.worksheets[0]
        # The file's own <dimension> may claim A1:XFD1048576; openpyxl would then pad every row
        # to 16384 cells and fill in a million empty rows. Without it each row is as wide as its
        # last cell, and missing rows cost nothing.
        sheet.reset_dimensions()
        header: list[object] | None = None
        rows: list[tuple[int, list[object]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            if number == 1:
                header = list(checked_row(1, values) or [])
            elif (cells := checked_row(number, values)) is not None:
                rows.append((number, cells))
    finally:
        workbook.close()
    if header is None:
        raise TableError("ist leer", "is empty")
    return Table(path.name, [("" if h is None else str(h)).strip() for h in header], rows)


def _check_unpacked_size(path: Path) -> None:
    """Refuses a workbook whose parts unpack to more than `MAX_BYTES` (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return  # load_workbook says what is wrong with it
    if size > MAX_BYTES:
        raise too_large(size)


def write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    comments: Sequence[str],
    choices: Sequence[Sequence[str]],
) -> None:
    """Writes the sheet with one explanatory comment and, where codes apply, a drop-down
    per column; dates and times as real Excel dates and times."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    _append(sheet, header)
    for row in rows:
        _append(sheet, [_excel_value(v) for v in row])
    last_row = max(sheet.max_row, 2)
    for index, (name, comment, codes) in enumerate(zip(header, comments, choices, strict=True), 1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        if comment:
            cell.comment = Comment(comment, "KI Kreis Heinsberg")
        sheet.column_dimensions[letter].width = max(12, min(40, len(name) + 4))
        for data_cell in sheet[f"{letter}2:{letter}{last_row}"]:
            for c in data_cell:
                if isinstance(c.value, dt.date):
                    c.number_format = "DD.MM.YYYY"
                elif isinstance(c.value, dt.time):
                    c.number_format = "HH:MM"
        if codes:
            validation = DataValidation(
                type="list", formula1=f'"{",".join(codes)}"', allow_blank=True
            )
            validation.add(f"{letter}2:{letter}{last_row + 1000}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    legend = workbook.create_sheet(LEGEND)
    _append(legend, ["Spalte / column", "Erlaubte Werte / allowed values", "Hinweis"])
    for name, comment, codes in zip(header, comments, choices, strict=True):
        _append(legend, [name, "; ".join(codes), comment])
    workbook.save(path)


def _append(sheet: Worksheet, values: Sequence[object]) -> None:
    """Appends a row in which every text is text: openpyxl would store "=> Anmeldung ..." as a
    formula, which Excel runs and which reads back empty."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True  # Excel's apostrophe mark: editing keeps it text


def _excel_value(value: object) -> object:
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value
