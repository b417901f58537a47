"""The demand report in the admin: behind the login, the same page as the CLI's."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tests.demand_report.seed import seed_history
from tests.tracker_rows import TrackerRows


@pytest.fixture()
def seeded_tracker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'conversations.sqlite3'}"
    rows = TrackerRows(url)
    try:
        seed_history(rows)
    finally:
        rows.dispose()
    monkeypatch.setenv("TRACKER_DB_URL", url)
    return url


def test_report_page_needs_a_login(client: TestClient, seeded_tracker: str) -> None:
    for path in ("/admin/report", "/admin/report/download"):
        response = client.get(path)
        assert response.status_code in (302, 303) and "/admin/login" in response.headers["location"]


def test_report_page_shows_the_report_of_the_tracker_store(
    logged_in: TestClient, seeded_tracker: str
) -> None:
    page = logged_in.get("/admin/report")
    assert page.status_code == 200
    frame = re.search(r'<iframe title="Bedarfsbericht" sandbox srcdoc="([^"]*)"', page.text)
    assert frame is not None
    report = html.unescape(frame.group(1))
    assert report.startswith("<!DOCTYPE html>") and report.count("<svg") == 6
    assert "<b>13</b>Fragen zu Angeboten" in report
    download = logged_in.get("/admin/report/download")
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    assert "<b>13</b>Fragen zu Angeboten" in download.text
