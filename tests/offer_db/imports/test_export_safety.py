"""Export never writes a cell that a spreadsheet runs as a formula, and what it writes comes
back exactly on import (CSV injection, OWASP; issue 9 finding 7)."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from offer_db.imports.tabular import export_table
from offer_db.imports.tabular.csv_io import guard, unguard
from offer_db.imports.tabular.table import FORMULA_STARTS
from offer_db.models import Offer, OfferTranslation
from tests.offer_db.imports.test_import import imported, row, write_csv

ESCAPED = "'=déjà marqué"
TEXTS = {
    "notes_de": "=> Anmeldung über das Schulamt, nicht bei der Schule",
    "notes_en": "@school: register at the office",
    "notes_ar": "-- بالتسجيل في المكتب",
    "notes_tr": "'s-Hertogenbosch usulü",  # an apostrophe that is not an escape
    "title": "+Plus: Deutsch für den Beruf",
    "title_uk": '=HYPERLINK("https://example.org";"Klick")',
}


@pytest.fixture
def risky_offer(session: Session, tmp_path: Path) -> dict[str, str]:
    values = row(registration_phone="+49 2452 13-0", **TEXTS)
    report = imported(session, write_csv(tmp_path / "risky.csv", [values]))
    assert report.ok, report.summary()
    # Stored text that starts like an escaped cell must come back as it is, too.
    offer = session.scalars(select(Offer)).one()
    offer.translations.append(OfferTranslation(language="fr", field="notes", text=ESCAPED))
    session.commit()
    return {k: str(v) for k, v in values.items()}


def test_csv_export_starts_no_cell_like_a_formula(
    session: Session, tmp_path: Path, risky_offer: dict[str, str]
) -> None:
    out = tmp_path / "out.csv"
    export_table(session, out)
    with out.open(encoding="utf-8-sig", newline="") as f:
        cells = [cell for record in csv.reader(f, delimiter=";") for cell in record]
    assert [c for c in cells if c.startswith(FORMULA_STARTS)] == []
    assert "'=> Anmeldung über das Schulamt, nicht bei der Schule" in cells
    assert "'+49 2452 13-0" in cells
    assert "'s-Hertogenbosch usulü" in cells  # not an escape: left alone


def test_xlsx_export_writes_text_not_formulas(
    session: Session, tmp_path: Path, risky_offer: dict[str, str]
) -> None:
    out = tmp_path / "out.xlsx"
    export_table(session, out)
    with zipfile.ZipFile(out) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert all("<f>" not in archive.read(n).decode() for n in sheets)
    sheet = load_workbook(out)["Angebote"]
    texts = [c for r in sheet.iter_rows() for c in r if isinstance(c.value, str)]
    risky = [c for c in texts if c.value.startswith(FORMULA_STARTS)]
    assert len(risky) >= 5 and all(c.data_type == "s" and c.quotePrefix for c in risky)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_texts_that_look_like_formulas_survive_export_and_import_exactly(
    session: Session, tmp_path: Path, risky_offer: dict[str, str], suffix: str
) -> None:
    out = tmp_path / f"out{suffix}"
    export_table(session, out)
    report = imported(session, out)
    assert report.ok and report.changes == 0, report.summary()
    offer = session.scalars(select(Offer)).one()
    session.refresh(offer)
    assert offer.title == TEXTS["title"] and offer.title_in("uk") == TEXTS["title_uk"]
    for language in ("de", "en", "ar", "tr"):
        assert offer.note(language) == TEXTS[f"notes_{language}"]
    assert offer.note("fr") == ESCAPED
    assert offer.registration_phone == "+49 2452 13-0"


@pytest.mark.parametrize(
    "text", ["=1+1", "+49", "-", "@x", "'=x", "''+x", "'s", "plain", "", "'", "a=b"]
)
def test_guard_and_unguard_are_inverse(text: str) -> None:
    assert unguard(guard(text)) == text
    assert not guard(text).startswith(FORMULA_STARTS)
