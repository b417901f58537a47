"""The demand report from a seeded event history in a real tracker store (SQLite and
PostgreSQL): the expected figures, small counts suppressed, nothing that leads to a person,
finished weeks kept after retention deleted their conversations, and the CLI."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from demand_report import weekly
from demand_report.aggregate import count
from demand_report.build import collect, tracker_engine
from demand_report.events import read_turns
from demand_report.figures import figures
from demand_report.report import build_figures, report_html
from demand_report.weekly import DEMAND_WEEKLY
from tests.conftest import BACKENDS, fresh_database
from tests.demand_report.seed import NOW, seed_history
from tests.tracker_rows import RASA_EVENTS, TrackerRows

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=BACKENDS)
def tracker_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A tracker store with the seeded history, its URL written as an operator writes it."""
    with fresh_database(request.param, tmp_path) as url:
        url = url.replace("postgresql+psycopg://", "postgresql://", 1)
        rows = TrackerRows(url)
        try:
            seed_history(rows)
        finally:
            rows.dispose()
        yield url


def test_seeded_history_gives_the_expected_figures(tracker_url: str) -> None:
    f = build_figures(tracker_url, now=NOW)
    assert f.weeks == ["2026-11-23", "2026-11-30", "2026-12-07"]
    assert f.turns == 24 and f.questions == 13 and f.searches == 13
    assert f.questions_by_week == {"2026-11-23": 7, "2026-11-30": 4, "2026-12-07": 2}
    assert dict(f.questions_by_topic) == {"kita": 9, "language_course": 3, "school": 1}
    assert dict(f.questions_by_town) == {"Wegberg": 9, "Erkelenz": 3, "Heinsberg": 1}
    assert dict(f.questions_by_language) == {"ar": 7, "de": 5, "fa": 1}
    assert f.topic_by_town[("kita", "Wegberg")] == 9
    assert dict(f.no_offer) == {("language_course", "Erkelenz"): 3}
    assert (f.unanswered, f.unanswered_rate) == (2, 2 / 24)
    assert f.unanswered_by_week["2026-11-23"] == (2, 15)
    assert (f.handoffs, dict(f.handoffs_by_town)) == (1, {"Hückelhoven": 1})
    assert (f.feedback_up, f.feedback_down) == (2, 1)
    assert f.feedback_score == pytest.approx(2 / 3)


def test_since_keeps_the_weeks_from_that_day_on(tracker_url: str) -> None:
    f = build_figures(tracker_url, since=dt.date(2026, 12, 1), now=NOW)
    assert f.weeks == ["2026-11-30", "2026-12-07"]
    assert f.questions == 6 and f.unanswered == 0


def test_page_shows_figures_suppresses_small_counts_and_names_nobody(tracker_url: str) -> None:
    html = report_html(tracker_url, now=NOW)
    assert html.count("<svg") == 6
    assert "http" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # Key figures, the German names of topics and the languages' own names.
    assert "<b>13</b>Fragen zu Angeboten" in html and "<b>8 %</b>Nicht verstanden" in html
    assert "<b>67 %</b>positive Bewertungen" in html and "<b>&lt; 3</b>An Mitarbeitende" in html
    assert "Deutschkurse" in html and "العربية" in html and "فارسی" in html
    # The one Persian school question in Heinsberg is a cell of one: never shown as 1.
    matrix = re.search(r'<table id="topic-by-town">.*?</table>', html, re.S)
    assert matrix is not None
    school_row = re.search(r"<tr><th>Schule</th>(.*?)</tr>", matrix.group(0))
    assert school_row is not None
    cells = re.findall(r"<td class=\"n\">([^<]*)</td>", school_row.group(1))
    assert cells == ["0", "&lt; 3", "0"]
    no_offer = re.search(r'<table id="no-offer">.*?</table>', html, re.S)
    assert no_offer is not None and 'Erkelenz</td><td>Deutschkurse</td><td class="n">3' in (
        no_offer.group(0)
    )
    assert "sender-" not in html and "???" not in html  # no sender, no message text
    assert "&lt; 3 positiv, &lt; 3 negativ" in html


def test_finished_weeks_are_kept_and_outlive_retention(tracker_url: str) -> None:
    before = build_figures(tracker_url, now=NOW)
    engine = tracker_engine(tracker_url)
    try:
        with engine.connect() as conn:
            kept = conn.execute(select(DEMAND_WEEKLY)).all()
            assert {r.week for r in kept} == {"2026-11-23", "2026-11-30"}  # not this week
            assert "sender_id" not in DEMAND_WEEKLY.c
        # Retention deletes every conversation of the first weeks.
        with engine.begin() as conn:
            first_two_weeks = dt.datetime(2026, 12, 7, tzinfo=dt.UTC).timestamp()
            conn.execute(delete(RASA_EVENTS).where(RASA_EVENTS.c.timestamp < first_two_weeks))
        after = figures(collect(engine, NOW))
    finally:
        engine.dispose()
    assert after == before
    # A second run does not count the kept weeks twice.
    assert build_figures(tracker_url, now=NOW) == before


def test_cli_writes_the_page(tracker_url: str, tmp_path: Path) -> None:
    out = tmp_path / "report" / "demand.html"
    done = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-m", "demand_report", "--out", str(out)],
        cwd=ROOT,
        env={"TRACKER_DB_URL": tracker_url, "KI_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "13 questions" in done.stdout
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 6


def test_an_assistant_that_never_ran_gives_an_empty_report(tmp_path: Path) -> None:
    f = build_figures(f"sqlite:///{tmp_path / 'empty.sqlite3'}", now=NOW)
    assert (f.weeks, f.questions, f.unanswered_rate, f.feedback_score) == ([], 0, None, None)


def test_two_runs_keeping_the_same_week_at_once_do_not_fail(tracker_url: str) -> None:
    """The retention job and a report run may both find a week not kept yet."""
    engine = tracker_engine(tracker_url)
    try:
        with engine.begin() as conn:
            weekly.ensure_table(conn)
            live = count(read_turns(conn))
            first = weekly.keep_finished_weeks(conn, live, set(), NOW)
            second = weekly.keep_finished_weeks(conn, live, set(), NOW)  # did not see the first
            kept = weekly.stored(conn)
    finally:
        engine.dispose()
    assert first == second == {"2026-11-23", "2026-11-30"}
    assert sum(n for c, n in kept.items() if c.metric == "question") == 7 + 4
