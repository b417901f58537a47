"""Import and export of the staff sheet (CSV, XLSX) and the YAML seed: all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from offer_db.imports.importer import import_file
from offer_db.imports.report import ImportReport
from offer_db.imports.seed import load_seed
from offer_db.imports.tabular import export_table
from offer_db.imports.tabular.sheet import HEADERS
from offer_db.models import Offer, OfferTranslation, Provider, Site
from tests.offer_db.conftest import ROOT, SAMPLE_SEED

BASE_ROW: dict[str, object] = {
    "offer_id": "KI-001",
    "category": "language_course",
    "title": "Integrationskurs",
    "course_type": "integration",
    "levels": "A1; A2",
    "weekdays": "mo; we",
    "time_from": "09:00",
    "time_to": "12:15",
    "start_date": "2027-02-01",
    "rolling_start": "nein",
    "duration_weeks": "30",
    "cost_kind": "funded",
    "childcare": "ja",
    "target_group": "all",
    "staff_languages": "de; ar",
    "registration_phone": "030 23125 555",
    "registration_at_site": "ja",
    "documents": "passport; bamf_eligibility",
    "free_places": "few",
    "verified_on": "2026-11-01",
    "verified_by": "KI Team",
    "notes_de": "Bitte anrufen.",
    "notes_uk": "Будь ласка, зателефонуйте.",
    "provider_id": "PR-1",
    "provider_name": "Sprachschule Rur",
    "site_id": "ST-1",
    "site_name": "Lernort Erkelenz",
    "street": "Kölner Str. 1",
    "postcode": "41812",
    "municipality": "Erkelenz",
    "lat": "51.0801",
    "lon": "6.3151",
    "opening_hours": "Mo-Fr 08:00-16:00",
    "step_free": "ja",
}


def row(**changes: object) -> dict[str, object]:
    return BASE_ROW | changes


def write_csv(
    path: Path, rows: list[dict[str, object]], delimiter: str = ";", bom: bool = True
) -> Path:
    header = list(dict.fromkeys(k for r in rows for k in r))
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def count(session: Session, model: type[Offer] | type[Site] | type[Provider]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def imported(session: Session, path: Path, dry_run: bool = False) -> ImportReport:
    report = import_file(session, path, dry_run=dry_run)
    if report.ok and not dry_run:
        session.commit()
    return report


def test_csv_with_german_headers_and_formats_is_imported(session: Session, tmp_path: Path) -> None:
    german: dict[str, object] = {
        "Angebot-ID": "KI-002",
        "Kategorie": "kita",
        "Titel": "Kindertagesbetreuung",
        "Wochentage": "Mo-Fr",
        "Uhrzeit von": "7:30",
        "Uhrzeit bis": "16:00",
        "Beginn": "01.08.2027",
        "Kosten": "fee",
        "Betrag (EUR)": "1.234,50",
        "Kinderbetreuung": "Nein",
        "Alter von": "1",
        "Alter bis": "6",
        "Geprüft am": "15.10.2026",
        "Geprüft von": "KI Team",
        "Anbieter-ID": "PR-9",
        "Anbieter": "Kita-Träger",
        "Standort-ID": "ST-9",
        "Standort": "Kita Regenbogen",
        "Straße": "Schulstraße 3",
        "PLZ": "41844",
        "Gemeinde": "wegberg",
        "Breitengrad": "51,1421",
        "Längengrad": "6,2849",
        "Barrierefrei": "",
    }
    report = imported(session, write_csv(tmp_path / "kitas.csv", [german]))
    assert report.ok, report.summary()
    assert report.counts["offers"].created == 1 and report.changes == 3
    kita = session.scalars(select(Offer).where(Offer.external_id == "KI-002")).one()
    assert kita.weekdays == ["mo", "tu", "we", "th", "fr"]
    assert (kita.time_from, kita.start_date) == (dt.time(7, 30), dt.date(2027, 8, 1))
    assert kita.cost_amount_eur == Decimal("1234.50") and kita.childcare is False
    assert kita.municipality == "Wegberg" and kita.site.lat == 51.1421
    assert kita.site.step_free is None and kita.free_places == "unknown"
    assert kita.verified_on == dt.date(2026, 10, 15)


def test_csv_with_commas_and_without_bom_is_imported(session: Session, tmp_path: Path) -> None:
    rows = [row(), row(offer_id="KI-003", levels="B1", notes_uk="", notes_ar="اتصل بنا.")]
    report = imported(session, write_csv(tmp_path / "c.csv", rows, delimiter=",", bom=False))
    assert report.ok, report.summary()
    assert (count(session, Offer), count(session, Site), count(session, Provider)) == (2, 1, 1)
    course = session.scalars(select(Offer).where(Offer.external_id == "KI-001")).one()
    assert course.levels == ["A1", "A2"] and course.staff_languages == ["de", "ar"]
    assert (
        course.note("uk") == "Будь ласка, зателефонуйте." and course.note("fa") == "Bitte anrufen."
    )
    other = session.scalars(select(Offer).where(Offer.external_id == "KI-003")).one()
    assert {t.language for t in other.translations} == {"de", "ar"}


def test_translated_titles_are_imported_from_csv(session: Session, tmp_path: Path) -> None:
    rows = [
        row(title_ar="دورة الاندماج", title_uk="Інтеграційний курс"),
        row(offer_id="KI-010", title_ar=""),
    ]
    report = imported(session, write_csv(tmp_path / "titles.csv", rows))
    assert report.ok, report.summary()
    course = session.scalars(select(Offer).where(Offer.external_id == "KI-001")).one()
    assert course.title == "Integrationskurs"
    assert (
        course.title_in("ar") == "دورة الاندماج" and course.title_in("uk") == "Інтеграційний курс"
    )
    assert course.title_in("tr") == "Integrationskurs"  # no Turkish title: the German one
    assert course.note("ar") == "Bitte anrufen."  # titles do not touch the notes
    other = session.scalars(select(Offer).where(Offer.external_id == "KI-010")).one()
    assert other.title_in("ar") == "Integrationskurs"
    assert {(t.field, t.language) for t in other.translations} == {
        ("notes", "de"),
        ("notes", "uk"),
    }


def test_a_too_long_or_german_translated_title_is_an_error(
    session: Session, tmp_path: Path
) -> None:
    report = imported(session, write_csv(tmp_path / "long.csv", [row(title_ar="ا" * 301)]))
    assert [(e.location.row, e.column) for e in report.errors] == [(2, "title_ar")]
    report = imported(session, write_csv(tmp_path / "de.csv", [row(title_de="Kurs")]))
    assert [(e.location.row, e.column) for e in report.errors] == [(1, "title_de")]
    assert count(session, Offer) == 0


def test_xlsx_with_typed_cells_is_imported(session: Session, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    typed: dict[str, object] = row(
        start_date=dt.datetime(2027, 3, 1),
        verified_on=dt.date(2026, 11, 3),
        time_from=dt.time(17, 30),
        time_to=dt.time(20, 0),
        duration_weeks=12,
        lat=51.0801,
        lon=6.3151,
        postcode=41812,
        childcare=True,
        title_ar="دورة الاندماج",
    )
    sheet.append(list(typed))
    sheet.append(list(typed.values()))
    sheet.append([None] * len(typed))  # an empty row Excel leaves behind
    workbook.save(tmp_path / "offers.xlsx")
    report = imported(session, tmp_path / "offers.xlsx")
    assert report.ok, report.summary()
    course = session.scalars(select(Offer).where(Offer.external_id == "KI-001")).one()
    assert (course.start_date, course.time_from) == (dt.date(2027, 3, 1), dt.time(17, 30))
    assert course.duration_weeks == 12 and course.site.postcode == "41812" and course.childcare
    assert course.title_in("ar") == "دورة الاندماج" and course.title_in("fa") == "Integrationskurs"


def test_broken_file_reports_every_bad_row_and_imports_nothing(
    session: Session, tmp_path: Path
) -> None:
    imported(session, write_csv(tmp_path / "first.csv", [row()]))
    rows = [
        row(offer_id="OK-1"),
        row(offer_id="BAD-1", municipality="Hamburg"),
        row(offer_id="BAD-2", start_date="31.02.2027", levels="A1; D4"),
        row(offer_id="BAD-3", title="", time_from="14:00", time_to="12:00"),
        row(offer_id="BAD-4", site_id="ST-2", postcode="52525", lat="53.55"),
        row(offer_id="BAD-5", category="language_course", course_type="", cost_kind="fee"),
        row(offer_id="OK-1"),
    ]
    report = imported(session, write_csv(tmp_path / "broken.csv", rows))
    found = {(e.location.row, e.column) for e in report.errors}
    assert found == {
        (3, "municipality"),
        (4, "start_date"),
        (4, "levels"),
        (5, "title"),
        (5, "time_to"),
        (6, "postcode"),
        (6, "lat"),
        (7, "course_type"),
        (7, "cost_amount_eur"),
        (8, "offer_id"),
    }
    messages = [str(e) for e in report.errors]
    assert (
        "broken.csv: Zeile 3, Spalte 'municipality': 'Hamburg' ist keine Gemeinde im Kreis "
        "Heinsberg / not a municipality of Kreis Heinsberg"
    ) in messages
    assert any("'A1; D4'" in m and "'D4'" in m for m in messages)
    assert count(session, Offer) == 1  # only the first, good file


def test_dry_run_reports_the_changes_and_writes_nothing(session: Session, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "new.csv", [row(), row(offer_id="KI-004")])
    report = imported(session, path, dry_run=True)
    assert report.ok and report.dry_run
    assert report.counts["offers"].created == 2 and report.changes == 4
    assert "would be created" in report.summary()
    assert count(session, Offer) == count(session, Site) == count(session, Provider) == 0


def test_importing_the_same_file_again_changes_nothing(session: Session, tmp_path: Path) -> None:
    rows = [row(title_ar="دورة الاندماج"), row(offer_id="KI-005", site_id="ST-5")]
    path = write_csv(tmp_path / "same.csv", rows)
    assert imported(session, path).changes == 5
    first_update = session.scalar(select(func.max(Offer.updated_at)))
    again = imported(session, path)
    assert again.ok and again.changes == 0
    assert again.counts["offers"].unchanged == 2 and again.counts["sites"].unchanged == 2
    assert session.scalar(select(func.max(Offer.updated_at))) == first_update


def test_a_changed_cell_updates_only_its_record(session: Session, tmp_path: Path) -> None:
    rows = [row(), row(offer_id="KI-006", title_ar="دورة الاندماج")]
    imported(session, write_csv(tmp_path / "a.csv", rows))
    before = session.scalars(select(Offer).where(Offer.external_id == "KI-006")).one().updated_at
    changed = [row(), row(offer_id="KI-006", free_places="none", notes_uk="", title_ar="")]
    report = imported(session, write_csv(tmp_path / "b.csv", changed))
    assert report.counts["offers"].updated == 1 and report.counts["offers"].unchanged == 1
    assert report.changes == 1
    offer = session.scalars(select(Offer).where(Offer.external_id == "KI-006")).one()
    session.refresh(offer)
    assert offer.free_places == "none" and offer.updated_at > before
    assert session.scalars(
        select(OfferTranslation.language).where(OfferTranslation.offer_id == offer.id)
    ).all() == ["de"]  # the emptied note and title are gone


def test_a_changed_translated_title_updates_the_offer(session: Session, tmp_path: Path) -> None:
    imported(session, write_csv(tmp_path / "a.csv", [row(title_ar="دورة")]))
    report = imported(session, write_csv(tmp_path / "b.csv", [row(title_ar="دورة الاندماج")]))
    assert report.counts["offers"].updated == 1 and report.changes == 1
    offer = session.scalars(select(Offer)).one()
    session.refresh(offer)
    assert offer.title_in("ar") == "دورة الاندماج"


def test_moving_a_site_moves_its_offers_to_the_new_municipality(
    session: Session, tmp_path: Path
) -> None:
    imported(session, write_csv(tmp_path / "a.csv", [row()]))
    moved = row(municipality="Wegberg", postcode="41844", lat="51.1420", lon="6.2850")
    report = imported(session, write_csv(tmp_path / "b.csv", [moved]))
    assert report.counts["sites"].updated == 1 and report.counts["offers"].unchanged == 1
    offer = session.scalars(select(Offer)).one()
    session.refresh(offer)
    assert offer.municipality == "Wegberg"


def test_header_problems_are_reported_before_any_row(session: Session, tmp_path: Path) -> None:
    bad = {k: v for k, v in row(Sauna="ja").items() if k != "title"}
    report = imported(session, write_csv(tmp_path / "h.csv", [bad]))
    assert {(e.location.row, e.column) for e in report.errors} == {(1, "Sauna"), (1, "title")}


def test_a_provider_described_differently_in_two_rows_is_an_error(
    session: Session, tmp_path: Path
) -> None:
    rows = [row(), row(offer_id="KI-007", provider_name="Sprachschule Roer")]
    report = imported(session, write_csv(tmp_path / "p.csv", rows))
    [error] = report.errors
    assert (error.location.row, error.column) == (3, "provider_name")
    assert "Zeile 2" in error.reason_de and "row 2" in error.reason_en


def test_a_file_that_is_not_utf8_is_refused_with_a_hint(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(";".join(BASE_ROW).encode() + b"\r\n" + "Straße".encode("cp1252"))
    [error] = imported(session, path).errors
    assert "UTF-8" in error.reason_de and "UTF-8" in error.reason_en


def test_a_broken_seed_reports_section_and_entry(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "seed.yml"
    path.write_text(
        "providers:\n- {external_id: P1, name: Träger}\n"
        "sites:\n- {external_id: S1, provider: P9, name: Ort, street: Weg 1, postcode: '41812',"
        " municipality: Erkelenz, lat: 51.08, lon: 6.31, colour: blue}\n"
        "offers:\n- {external_id: O1, provider: P1, site: S1, category: kita, title: Kita,"
        " cost_kind: free, verified_on: 2026-11-01, verified_by: KI, time_from: 9:00,"
        " time_to: '12:00', notes: {de: Hallo, xx: Hi}, titles: {de: Kita, ar: حضانة}}\n",
        encoding="utf-8",
    )
    report = load_seed(session, path)
    described = sorted(e.location.describe(e.column) for e in report.errors)
    assert described == [
        "offers Nr. 1, Feld 'notes.xx'",
        "offers Nr. 1, Feld 'time_from'",
        "offers Nr. 1, Feld 'titles.de'",  # German is `title` itself
        "sites Nr. 1, Feld 'colour'",
        "sites Nr. 1, Feld 'provider'",  # P9 is neither in the file nor in the database
    ]
    assert count(session, Provider) == 0


def test_unknown_references_in_a_seed_are_reported(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "seed.yml"
    path.write_text(
        "sites:\n- {external_id: S1, provider: P9, name: Ort, street: Weg 1, postcode: '41812',"
        " municipality: Erkelenz, lat: 51.08, lon: 6.31}\n",
        encoding="utf-8",
    )
    [error] = load_seed(session, path).errors
    assert (error.column, error.value) == ("provider", "P9")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_changes_nothing(session: Session, tmp_path: Path, suffix: str) -> None:
    assert load_seed(session, SAMPLE_SEED).ok
    session.commit()
    first = tmp_path / f"first{suffix}"
    assert export_table(session, first) == count(session, Offer)
    report = imported(session, first)
    assert report.ok, report.summary()
    assert report.changes == 0 and report.counts["offers"].unchanged == count(session, Offer)
    second = tmp_path / f"second{suffix}"
    export_table(session, second)
    if suffix == ".csv":
        assert second.read_bytes() == first.read_bytes()
        assert first.read_text(encoding="utf-8-sig").splitlines()[0] == ";".join(HEADERS)
    titled = session.scalars(select(Offer).where(Offer.title.startswith("Sprachcafé"))).first()
    assert titled is not None
    assert titled.title_in("ar") == "مقهى اللغة: تدرّب على التحدث بالألمانية"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_translated_titles_round_trip_through_the_export(
    session: Session, tmp_path: Path, suffix: str
) -> None:
    rows = [row(title_ar="دورة الاندماج", title_fr="Cours d'intégration"), row(offer_id="KI-011")]
    assert imported(session, write_csv(tmp_path / "in.csv", rows)).ok
    out = tmp_path / f"out{suffix}"
    export_table(session, out)
    if suffix == ".csv":
        with out.open(encoding="utf-8-sig", newline="") as f:
            exported = {r["offer_id"]: r for r in csv.DictReader(f, delimiter=";")}
        assert exported["KI-001"]["title_ar"] == "دورة الاندماج"
        assert exported["KI-001"]["title_uk"] == "" and exported["KI-011"]["title_ar"] == ""
    report = imported(session, out)
    assert report.ok and report.changes == 0
    offer = session.scalars(select(Offer).where(Offer.external_id == "KI-001")).one()
    assert offer.title_in("fr") == "Cours d'intégration"


def test_export_of_an_offer_at_another_providers_site_round_trips(
    session: Session, tmp_path: Path
) -> None:
    rows = [
        row(),
        row(
            offer_id="KI-008", provider_id="PR-2", provider_name="Beratung", site_provider_id="PR-1"
        ),
    ]
    assert imported(session, write_csv(tmp_path / "two.csv", rows)).ok
    export_table(session, tmp_path / "out.csv")
    report = imported(session, tmp_path / "out.csv")
    assert report.ok and report.changes == 0
    offer = session.scalars(select(Offer).where(Offer.external_id == "KI-008")).one()
    assert offer.provider.external_id == "PR-2" and offer.site.provider.external_id == "PR-1"


def test_every_sheet_column_is_documented() -> None:
    documented = (ROOT / "docs" / "import-format.md").read_text(encoding="utf-8")
    assert [h for h in HEADERS if f"`{h}`" not in documented] == []
