"""`demand-report --out report.html [--since YYYY-MM-DD]`: writes the demand report.

Reads `TRACKER_DB_URL` (Rasa's tracker store, as the assistant uses it); `--db-url` overrides.
Each run also keeps the finished weeks' counts (demand_report/weekly.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from demand_report.html import render_html
from demand_report.report import build_figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="demand-report", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="the HTML file to write")
    parser.add_argument(
        "--since", type=dt.date.fromisoformat, help="first day (its week is included)"
    )
    parser.add_argument("--db-url", help="the tracker store (default: TRACKER_DB_URL)")
    args = parser.parse_args(argv)
    found = build_figures(args.db_url, args.since)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render_html(found), encoding="utf-8")
    print(
        f"{args.out}: {len(found.weeks)} weeks, {found.questions} questions, "
        f"{found.searches} searches, {found.unanswered} not understood, {found.handoffs} handoffs"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
