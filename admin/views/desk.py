"""The staff desk in the admin: tickets (read, answer, close), feedback, unanswered questions.

Staff answers go through the staff desk's repository (`staff_desk.tickets.Tickets`), the same
path as answers from the Telegram staff group, so the user's channel delivers them the same way.
Pseudonymous sender ids and Telegram chat ids are never shown: staff need the words, not who.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any, ClassVar

import yaml
from sqladmin import BaseView, ModelView, expose
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from locales.catalog import default_catalog
from staff_desk.models import Feedback, Ticket, UnansweredQuestion
from staff_desk.tickets import Tickets

log = logging.getLogger(__name__)
CLOSED_NOTICE_KEY = "handoff.closed"  # told to the user in their language, when the text exists
MAX_ANSWER_CHARS = 4000


class TicketAdmin(ModelView, model=Ticket):
    name, name_plural, icon, category = "Anfrage", "Anfragen", "fa-solid fa-inbox", "Staff-Desk"
    can_create = can_edit = can_delete = False
    can_export = False
    column_list = [
        Ticket.id,
        Ticket.status,
        Ticket.language,
        Ticket.topic,
        Ticket.municipality,
        Ticket.channel,
        Ticket.created_at,
    ]
    column_details_list = [*column_list, Ticket.summary, Ticket.closed_at]
    column_labels: ClassVar[dict[Any, str]] = {
        Ticket.id: "Nr.",
        Ticket.status: "Status",
        Ticket.language: "Sprache",
        Ticket.topic: "Thema",
        Ticket.municipality: "Gemeinde",
        Ticket.channel: "Kanal",
        Ticket.created_at: "Eingang",
        Ticket.summary: "Verstanden (Assistent)",
        Ticket.closed_at: "Geschlossen",
    }
    column_default_sort = [("status", True), ("id", True)]  # open first ('open' > 'closed')
    column_sortable_list = [Ticket.id, Ticket.status, Ticket.created_at]
    column_formatters: ClassVar[dict[Any, Any]] = {
        Ticket.id: lambda m, a: f"#{m.id} → öffnen",
    }
    details_template = "desk_ticket.html"
    tickets: ClassVar[Tickets]

    async def details_context(self, request: Request) -> dict[str, Any]:
        pk = int(request.path_params["pk"])
        return {"messages": await run_in_threadpool(self.tickets.messages, pk)}

    @expose("/ticket/{pk:int}/answer", methods=["POST"])
    async def answer(self, request: Request) -> Response:
        pk = int(request.path_params["pk"])
        text = str((await request.form()).get("text", "")).strip()
        if not text or len(text) > MAX_ANSWER_CHARS:
            raise HTTPException(400, f"Antwort leer oder länger als {MAX_ANSWER_CHARS} Zeichen")
        if await run_in_threadpool(self.tickets.answer, pk, text) is None:
            raise HTTPException(409, "Die Anfrage ist geschlossen.")
        log.info("admin: staff answer added to a ticket")
        return _back_to(request, pk)

    @expose("/ticket/{pk:int}/close", methods=["POST"])
    async def close(self, request: Request) -> Response:
        pk = int(request.path_params["pk"])
        ticket = await run_in_threadpool(self.tickets.get, pk)
        if ticket is None:
            raise HTTPException(404)
        catalog = default_catalog()
        notice = (
            catalog.text(ticket.language, CLOSED_NOTICE_KEY)
            if catalog.has(CLOSED_NOTICE_KEY)
            else None
        )
        await run_in_threadpool(self.tickets.close, pk, notice)
        return _back_to(request, pk)


def _back_to(request: Request, pk: int) -> Response:
    url = request.url_for("admin:details", identity="ticket", pk=str(pk))
    return RedirectResponse(url, status_code=303)


class FeedbackAdmin(ModelView, model=Feedback):
    name, name_plural, icon, category = (
        "Bewertung",
        "Bewertungen",
        "fa-solid fa-thumbs-up",
        "Staff-Desk",
    )
    can_create = can_edit = False
    column_list = [
        Feedback.id,
        Feedback.score,
        Feedback.intent,
        Feedback.language,
        Feedback.municipality,
        Feedback.reason,
        Feedback.text,
        Feedback.created_at,
    ]
    column_details_exclude_list = [Feedback.sender]
    column_export_exclude_list = [Feedback.sender]
    column_default_sort = ("id", True)


class UnansweredAdmin(ModelView, model=UnansweredQuestion):
    name, icon, category = "Unbeantwortet", "fa-solid fa-circle-question", "Staff-Desk"
    name_plural = "Unbeantwortete Fragen"
    can_create = can_edit = False
    export_types: ClassVar[list[str]] = ["csv"]
    column_list = [
        UnansweredQuestion.id,
        UnansweredQuestion.language,
        UnansweredQuestion.intent_guess,
        UnansweredQuestion.confidence,
        UnansweredQuestion.municipality,
        UnansweredQuestion.source,
        UnansweredQuestion.text,
        UnansweredQuestion.created_at,
    ]
    column_searchable_list = [UnansweredQuestion.text]
    column_default_sort = ("id", True)
    list_template = "desk_unanswered_list.html"

    @expose("/training-data.yml", methods=["GET"])
    async def export_yaml(self, request: Request) -> Response:
        """Unanswered questions with a text as candidate training data (Rasa NLU YAML)."""
        language = request.query_params.get("language") or None
        body = await run_in_threadpool(candidates_yaml, self.session_maker, language)
        name = f"unanswered-{language or 'all'}.yml"
        return Response(
            body,
            media_type="application/x-yaml",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


def candidates_yaml(sessions: Any, language: str | None) -> str:
    """Rasa NLU training data, one block per language and guessed intent, for staff to review
    and copy into `nlu/data/<language>/` (the guess is only a starting point)."""
    query = select(
        UnansweredQuestion.language, UnansweredQuestion.intent_guess, UnansweredQuestion.text
    ).where(UnansweredQuestion.text.is_not(None))
    if language:
        query = query.where(UnansweredQuestion.language == language)
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    with sessions() as session:
        for lang, intent, text in session.execute(query.order_by(UnansweredQuestion.id)):
            examples = grouped[(lang, intent or "unknown")]
            if text.strip() and text.strip() not in examples:
                examples.append(text.strip())
    nlu = [
        {
            "intent": intent,
            "metadata": {"language": lang, "source": "unanswered questions (review first)"},
            "examples": "".join(f"- {_one_line(t)}\n" for t in texts),
        }
        for (lang, intent), texts in sorted(grouped.items())
    ]
    return yaml.safe_dump({"version": "3.1", "nlu": nlu}, allow_unicode=True, sort_keys=False)


def _one_line(text: str) -> str:
    return " ".join(text.split())


DESK_VIEWS: tuple[type[BaseView], ...] = (
    TicketAdmin,
    FeedbackAdmin,
    UnansweredAdmin,
)
