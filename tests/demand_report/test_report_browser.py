"""The report's page in Chromium: every chart renders (drawn bars of real size), the page
loads nothing from anywhere, and a screenshot goes to var/screenshots/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from demand_report.report import report_html
from tests.demand_report.seed import NOW, seed_history
from tests.tracker_rows import TrackerRows

pytestmark = pytest.mark.browser
BOXES = "els => els.map(e => { const r = e.getBoundingClientRect(); return {height: r.height}; })"


@pytest.fixture()
def report_file(tmp_path: Path) -> Path:
    url = f"sqlite:///{tmp_path / 'conversations.sqlite3'}"
    rows = TrackerRows(url)
    try:
        seed_history(rows)
    finally:
        rows.dispose()
    out = tmp_path / "demand-report.html"
    out.write_text(report_html(url, now=NOW), encoding="utf-8")
    return out


def test_report_charts_render_in_chromium(
    browser: Any, report_file: Path, screenshots: Path
) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(report_file.as_uri())
    charts = page.locator("svg.chart")
    assert charts.count() == 6
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 150 and box["height"] >= 40
    # Bars of real size: weeks (3, this week's 2 questions suppressed), topics, towns and
    # languages (3 each, one suppressed), the not-understood rate (1 week of 3 has any),
    # handoffs (one of one, suppressed).
    bars = page.locator("svg.chart rect.bar")
    sizes = [bars.nth(i).bounding_box() for i in range(bars.count())]
    assert len(sizes) == 2 + 2 + 2 + 2 + 1
    assert all(b is not None and b["width"] > 5 and b["height"] > 5 for b in sizes)
    # The first week's bar (7 questions) is taller than the second's (4).
    week_chart = page.locator("svg.vbar").first
    heights = [b["height"] for b in week_chart.locator("rect.bar").evaluate_all(BOXES)]
    assert len(heights) == 2 and heights[0] > heights[1]
    assert week_chart.locator("text", has_text="< 3").count() == 1
    assert page.locator("#topic-by-town td", has_text="< 3").count() == 1
    assert requests == [report_file.as_uri()] and errors == []
    page.screenshot(path=str(screenshots / "demand-report.png"), full_page=True)
    page.close()
