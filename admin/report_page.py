"""The demand report in the admin: the same self-contained page the `demand-report` CLI writes.

Shown in a sandboxed frame (`srcdoc`, no scripts) inside the admin's layout, so its own styles
stay its own; `/admin/report/download` gives the file. Made on each request from Rasa's tracker
store (`TRACKER_DB_URL`), which also keeps the finished weeks (demand_report/weekly.py).
"""

from __future__ import annotations

from html import escape

from sqladmin import BaseView, expose
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from demand_report.report import report_html


class DemandReport(BaseView):
    name = "Bedarfsbericht"
    icon = "fa-solid fa-chart-line"

    @expose("/report", methods=["GET"])
    async def report(self, request: Request) -> Response:
        page = await run_in_threadpool(report_html)  # database reads: off the event loop
        body = (
            '<p><a href="report/download">Als HTML-Datei herunterladen</a></p>'
            f'<iframe title="Bedarfsbericht" sandbox srcdoc="{escape(page, quote=True)}" '
            'style="width:100%;height:2100px;border:0"></iframe>'
        )
        return await self.templates.TemplateResponse(
            request, "page.html", {"page_title": "Bedarfsbericht", "page_body": body}
        )

    @expose("/report/download", methods=["GET"])
    async def download(self, request: Request) -> Response:
        page = await run_in_threadpool(report_html)
        return HTMLResponse(
            page,
            headers={"Content-Disposition": 'attachment; filename="bedarfsbericht.html"'},
        )
