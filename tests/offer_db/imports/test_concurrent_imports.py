"""Two imports at once (issue 9 finding 12): the second waits for the first and then sees its
records, or gives up with a clear message; never an IntegrityError, never half an import."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from offer_db.cli import BUSY, main
from offer_db.engine import make_session_factory
from offer_db.imports.importer import import_file
from offer_db.models import Offer, Provider, Site
from offer_db.write_lock import lock_for_writing
from tests.offer_db.imports.test_import import row, write_csv


def counts(engine: Engine) -> tuple[int, int, int]:
    with Session(engine) as s:
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(m)) or 0 for m in (Provider, Site, Offer)
        )


def test_an_import_waits_for_the_writer_before_it_and_then_sees_its_records(
    engine: Engine, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", [row()])
    sessions = make_session_factory(engine)
    with sessions() as holder:
        lock_for_writing(holder)
        holder.add(Provider(external_id="PR-1", name="Sprachschule Rur (alt)"))
        holder.flush()

        def run_import() -> tuple[bool, int]:
            with sessions() as s:
                report = import_file(s, path)
                s.commit()
                return report.ok, report.counts["providers"].updated

        with ThreadPoolExecutor(1) as pool:
            waiting = pool.submit(run_import)
            time.sleep(1.0)
            assert not waiting.done()  # blocked on the lock, not racing ahead
            holder.commit()
            assert waiting.result(timeout=30) == (True, 1)  # it saw PR-1 and updated it
    assert counts(engine) == (1, 1, 1)
    with Session(engine) as s:
        assert s.scalars(select(Provider.name)).one() == "Sprachschule Rur"


def test_two_imports_started_together_both_land_whole(
    migrated_url: str, tmp_path: Path, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    # Both files bring the same provider and site; each has 40 offers of its own.
    files = [
        write_csv(tmp_path / f"{name}.csv", [row(offer_id=f"{name}-{n}") for n in range(40)])
        for name in ("A", "B")
    ]
    start = threading.Barrier(2)

    def run(path: Path) -> int:
        start.wait()
        return main(["--database-url", migrated_url, "import", str(path)])

    with ThreadPoolExecutor(2) as pool:
        codes = list(pool.map(run, files))
    assert codes == [0, 0], capsys.readouterr().err
    assert counts(engine) == (1, 1, 80)
    assert "Traceback" not in capsys.readouterr().err


def test_an_import_that_waits_too_long_says_so_and_writes_nothing(
    migrated_url: str,
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_STATEMENT_TIMEOUT", "0.5")
    path = write_csv(tmp_path / "late.csv", [row()])
    with make_session_factory(engine)() as holder:
        lock_for_writing(holder)
        started = time.monotonic()
        code = main(["--database-url", migrated_url, "import", str(path)])
        waited = time.monotonic() - started
        holder.rollback()
    assert code == BUSY and 0.3 < waited < 10
    err = capsys.readouterr().err
    assert "mit einer anderen Übernahme beschäftigt" in err and "busy with another import" in err
    assert counts(engine) == (0, 0, 0)
