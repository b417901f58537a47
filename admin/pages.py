"""Extra pages of the admin (custom sqladmin `BaseView` routes), e.g. the demand report.

To add a page, write a `BaseView` in your own module and list it in `PAGES` below:

    class DemandReport(BaseView):
        name, icon = "Bedarfsbericht", "fa-solid fa-chart-line"

        @expose("/report", methods=["GET"])
        async def report(self, request: Request) -> Response:
            return await render_page(self, request, "Bedarfsbericht", html_of_the_report)

The page sits behind the same login and CSRF protection as the rest of the admin; a view's
`session_maker` gives database sessions (offers and staff desk tables).
"""

from __future__ import annotations

from sqladmin import BaseView
from starlette.requests import Request
from starlette.responses import Response

from admin.report_page import DemandReport

PAGES: list[type[BaseView]] = [DemandReport]  # admin/report_page.py


async def render_page(view: BaseView, request: Request, title: str, body_html: str) -> Response:
    """`body_html` (trusted HTML made by the page, never user input unescaped) in the layout."""
    return await view.templates.TemplateResponse(
        request, "page.html", {"page_title": title, "page_body": body_html}
    )
