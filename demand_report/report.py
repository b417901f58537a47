"""The report in one call: counts from the tracker store, figures, HTML (CLI and admin page)."""

from __future__ import annotations

import datetime as dt

from demand_report.build import collect, tracker_engine
from demand_report.figures import Figures, figures
from demand_report.html import render_html


def build_figures(
    url: str | None = None, since: dt.date | None = None, now: dt.datetime | None = None
) -> Figures:
    """The figures from the tracker store at `url` (default `TRACKER_DB_URL`); keeps the
    finished weeks on the way (demand_report/weekly.py)."""
    engine = tracker_engine(url)
    try:
        return figures(collect(engine, now), since)
    finally:
        engine.dispose()


def report_html(
    url: str | None = None, since: dt.date | None = None, now: dt.datetime | None = None
) -> str:
    """The self-contained HTML page of the report (what the CLI writes, what the admin shows)."""
    return render_html(build_figures(url, since, now), now)
