"""The `offers` command: what staff run, with its exit codes (0 ok, 1 invalid data, 2 usage)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from offer_db.cli import main
from offer_db.engine import make_engine
from offer_db.models import Offer
from tests.offer_db.conftest import SAMPLE_SEED


def offers(url: str, *args: str | Path) -> int:
    return main(["--database-url", url, *map(str, args)])


def offer_count(url: str) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as s:
            return s.scalar(select(func.count(Offer.id))) or 0
    finally:
        engine.dispose()


def test_seed_migrates_loads_and_reports_counts(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert offers(db_url, "seed") == 0
    assert "offers: 186 created" in capsys.readouterr().out
    assert offers(db_url, "seed", "--force", SAMPLE_SEED) == 0  # not the default database
    assert "changes: 0" in capsys.readouterr().out


def test_invalid_file_exits_1_and_prints_every_error(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert offers(db_url, "migrate") == 0
    sheet = tmp_path / "bad.csv"
    sheet.write_text(
        "offer_id;category;title;cost_kind;verified_on;verified_by;provider_id;provider_name;"
        "site_id;site_name;street;postcode;municipality;lat;lon\n"
        "X1;kita;Kita;free;gestern;KI;P1;Träger;S1;Kita;Weg 1;41812;Erkelenz;51.08;6.31\n"
        "X2;sauna;Sauna;free;2026-11-01;KI;P1;Träger;S2;Bad;Weg 2;41812;Hamburg;51.08;6.31\n",
        encoding="utf-8",
    )
    assert offers(db_url, "import", sheet) == 1
    err = capsys.readouterr().err
    assert "3 Fehler, nichts importiert / 3 errors, nothing imported" in err
    assert "Zeile 2, Spalte 'verified_on': 'gestern' ist kein Datum" in err
    assert "Zeile 3, Spalte 'category': 'sauna'" in err
    assert "Zeile 3, Spalte 'municipality': 'Hamburg' ist keine Gemeinde" in err
    assert offer_count(db_url) == 0


def test_dry_run_exits_0_and_writes_nothing(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert offers(db_url, "migrate") == 0
    assert offers(db_url, "import", "--dry-run", SAMPLE_SEED) == 0
    assert "offers: 186 would be created" in capsys.readouterr().out
    assert offer_count(db_url) == 0


def test_export_and_import_through_the_command_line(db_url: str, tmp_path: Path) -> None:
    assert offers(db_url, "seed") == 0
    assert offers(db_url, "export", tmp_path / "all.xlsx") == 0
    assert offers(db_url, "import", tmp_path / "all.xlsx") == 0


def test_search_prints_the_hits(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert offers(db_url, "seed") == 0
    capsys.readouterr()
    code = offers(
        db_url, "search", "--category", "kita", "--municipality", "Wegberg", "--child-age", "4"
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("1-5 of ") and "offers in Wegberg" in out
    assert "41844 Wegberg" in out and "(Beispiel)" in out


@pytest.mark.parametrize(
    "args",
    [
        ["search", "--municipality", "Hamburg"],
        ["search", "--level", "D1"],
        ["export", "offers.pdf"],
        ["import", "missing.csv"],
        ["import", "offers.txt"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    url = f"sqlite:///{tmp_path / 'usage.sqlite3'}"
    assert offers(url, "migrate") == 0
    args = [str(tmp_path / a) if a.startswith(("offers.", "missing.")) else a for a in args]
    try:
        code = offers(url, *args)
    except SystemExit as e:  # argparse rejects what it can tell by itself
        code = int(e.code or 0)
    assert code == 2


def test_dry_run_on_a_database_without_schema_exits_2(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert offers(url, "import", "--dry-run", SAMPLE_SEED) == 2


COMMANDS = [[sys.executable, "-m", "offer_db"], [str(Path(sys.executable).with_name("offers"))]]


@pytest.mark.parametrize("command", COMMANDS, ids=["python -m offer_db", "offers"])
def test_runs_as_a_program_with_the_database_url_from_the_environment(
    tmp_path: Path, command: list[str]
) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'env.sqlite3'}"}
    seeded = subprocess.run(
        [*command, "seed"], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert seeded.returncode == 0, seeded.stderr
    search = ["search", "--category", "counseling", "--municipality", "Selfkant"]
    found = subprocess.run([*command, *search], env=env, capture_output=True, text=True)
    assert found.returncode == 0 and "offers in Selfkant" in found.stdout
    usage = subprocess.run([*command, "search", "--limit"], env=env, capture_output=True, text=True)
    assert usage.returncode == 2
