"""Files that would make a careless reader fill the memory or crash: refused with a clear
error, in bounded time and memory, and nothing imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy.orm import Session

from offer_db.imports.importer import import_file
from offer_db.imports.tabular import csv_io, read_table, xlsx_io
from offer_db.imports.tabular.table import MAX_COLUMNS, MAX_ROWS
from offer_db.models import Offer
from tests.offer_db.conftest import ROOT
from tests.offer_db.imports.test_import import BASE_ROW, count, row, write_csv

# Reads a file in a child process with its address space capped: a reader that builds a
# million padded rows dies there (or times out) instead of taking the machine down.
PROBE = """
import json, resource, sys, time, tracemalloc
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))
from offer_db.imports.tabular import read_table
tracemalloc.start()
started = time.perf_counter()
entries, errors = read_table(Path(sys.argv[1]))
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "peak_mb": tracemalloc.get_traced_memory()[1] / 2**20,
    "entries": len(entries),
    "errors": [[e.location.row, e.reason_de, e.reason_en] for e in errors],
}))
"""


def probe(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


def workbook_with(path: Path, **cells: object) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(BASE_ROW))
    sheet.append(list(BASE_ROW.values()))
    for ref, value in cells.items():
        sheet[ref] = value
    workbook.save(path)
    return path


def test_a_small_xlsx_with_a_cell_at_xfd1048576_is_refused_without_filling_the_memory(
    tmp_path: Path,
) -> None:
    path = workbook_with(tmp_path / "far.xlsx", XFD1048576="x")
    assert path.stat().st_size < 10_000  # the 4.8 KB file of the finding
    result = probe(path)
    assert result["entries"] == 0
    assert result["errors"] == [
        [
            1048576,
            f"hat Daten in Zeile 1048576; erlaubt sind höchstens {MAX_ROWS} Zeilen "
            "(steht weit unten noch etwas?)",
            f"has data in row 1048576; at most {MAX_ROWS} rows are allowed "
            "(is something entered far below?)",
        ]
    ]
    # Memory is the finding; time is not asserted (a shared machine makes it noise), only
    # bounded by the probe's own timeout.
    assert result["peak_mb"] < 50  # type: ignore[operator]


def test_a_value_far_to_the_right_is_refused(tmp_path: Path) -> None:
    path = workbook_with(tmp_path / "wide.xlsx", XFD3="x")
    result = probe(path)
    assert result["errors"] == [
        [
            3,
            f"hat Daten in Spalte XFD; erlaubt sind höchstens {MAX_COLUMNS} Spalten",
            f"has data in column XFD; at most {MAX_COLUMNS} columns are allowed",
        ]
    ]


def test_empty_rows_and_a_far_dimension_alone_change_nothing(
    session: Session, tmp_path: Path
) -> None:
    # Formatting far below (no value) is what Excel leaves behind: the rows above still count.
    path = workbook_with(tmp_path / "formatted.xlsx", A40000=None, B2000="")
    report = import_file(session, path)
    assert report.ok, report.summary()
    assert report.counts["offers"].created == 1


def test_a_csv_field_over_128_kib_is_a_clear_error_not_a_crash(
    session: Session, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "long.csv", [row(), row(offer_id="KI-2", notes_de="x" * 200_000)])
    report = import_file(session, path)
    [error] = report.errors
    assert (error.location.row, error.column) == (3, None)
    assert "mehr als 131072 Zeichen" in error.reason_de
    assert "longer than 131072 characters" in error.reason_en
    assert count(session, Offer) == 0


def test_an_unclosed_quote_that_swallows_the_file_is_a_clear_error(
    session: Session, tmp_path: Path
) -> None:
    header = ";".join(BASE_ROW)
    body = ";".join(str(v) for v in BASE_ROW.values())
    path = tmp_path / "quote.csv"
    path.write_text(f'{header}\n"{body}\n' + f"{body}\n" * 3000, encoding="utf-8")
    [error] = import_file(session, path).errors
    assert error.location.row == 2 and "Anführungszeichen" in error.reason_de


def test_a_csv_with_data_beyond_the_row_limit_is_refused(tmp_path: Path) -> None:
    header = ";".join(BASE_ROW)
    path = tmp_path / "many.csv"
    path.write_text(header + "\n" * MAX_ROWS + "x;y\n", encoding="utf-8")
    result = probe(path)
    errors: list[list[object]] = result["errors"]  # type: ignore[assignment]
    assert len(errors) == 1 and errors[0][0] == MAX_ROWS + 1
    assert "at most 50000 rows" in str(errors[0][2])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    # A lower limit stands in for 100 MB; an XLSX counts unpacked (a zip bomb is small).
    monkeypatch.setattr(csv_io, "MAX_BYTES", 2_000)
    monkeypatch.setattr(xlsx_io, "MAX_BYTES", 2_000)
    path = tmp_path / f"big{suffix}"
    if suffix == ".csv":
        write_csv(path, [row(offer_id=f"KI-{n}") for n in range(20)])
    else:
        workbook_with(path, A3="x" * 5_000)
    entries, errors = read_table(path)
    assert entries == [] and len(errors) == 1
    assert "ist zu groß" in errors[0].reason_de and "is too large" in errors[0].reason_en
