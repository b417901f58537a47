"""`offers seed` never writes the sample over real data (issue 9 finding 8): `make run` seeds
on every start, also when `DATABASE_URL` points at the production database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from offer_db.cli import USAGE, main
from offer_db.engine import make_engine
from offer_db.models import ContactPoint, Offer
from tests.offer_db.imports.test_import import row, write_csv

REAL_OFFER = row(offer_id="REAL-1", verified_by="KI Team")


def offers(*args: str | Path) -> int:
    return main([*map(str, args)])


def state(url: str) -> tuple[int, bool]:
    """(offers, whether the sample KI contact is there)."""
    engine = make_engine(url)
    try:
        with Session(engine) as s:
            return s.scalar(select(func.count(Offer.id))) or 0, s.get(
                ContactPoint, "ki"
            ) is not None
    finally:
        engine.dispose()


@pytest.fixture
def real_database(db_url: str, tmp_path: Path) -> str:
    """A database that is not the local default, holding one real offer."""
    assert (
        offers("--database-url", db_url, "import", write_csv(tmp_path / "real.csv", [REAL_OFFER]))
        == 0
    )
    return db_url


def test_seed_refuses_a_database_with_real_data(
    real_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert offers("--database-url", real_database, "seed") == USAGE
    err = capsys.readouterr().err
    assert "1 echte Einträge" in err and "1 real records" in err and "--force" in err
    assert state(real_database) == (1, False)


def test_make_runs_seed_skips_a_database_with_real_data_and_exits_0(
    real_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert offers("--database-url", real_database, "seed", "--if-safe") == 0
    assert "sample data not loaded" in capsys.readouterr().out
    assert state(real_database) == (1, False)


def test_force_loads_the_sample_anyway(real_database: str) -> None:
    assert offers("--database-url", real_database, "seed", "--force") == 0
    assert state(real_database) == (187, True)


def test_another_database_with_only_sample_data_is_refused_too(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert offers("--database-url", db_url, "seed", "--if-safe") == 0  # empty: seeded
    assert state(db_url) == (186, True)
    capsys.readouterr()
    assert offers("--database-url", db_url, "seed") == USAGE
    assert "not the local default one" in capsys.readouterr().err


def test_the_local_default_database_is_seeded_and_refreshed_but_not_over_real_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("KI_DATA_DIR", str(tmp_path / "data"))
    default = f"sqlite:///{tmp_path / 'data' / 'offers.sqlite3'}"
    assert offers("seed", "--if-safe") == 0
    assert offers("seed") == 0  # only sample data: refreshed
    assert "changes: 0" in capsys.readouterr().out
    assert offers("import", write_csv(tmp_path / "real.csv", [REAL_OFFER])) == 0
    assert offers("seed") == USAGE
    assert offers("seed", "--if-safe") == 0
    assert state(default) == (187, True)
