"""The demand report: anonymous weekly aggregates of what people ask, built from Rasa's events.

`demand_report.build.build_report` reads Rasa's SQL tracker store (`TRACKER_DB_URL`, its
`events` table) and the kept weekly aggregates; `demand_report.html.render_html` draws the
self-contained HTML page (inline SVG charts); `demand-report` (demand_report/cli.py) writes it.
"""
