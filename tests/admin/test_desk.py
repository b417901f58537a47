"""The staff desk in the admin: tickets answered and closed, feedback, unanswered questions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import yaml
from sqlalchemy import delete
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from locales.catalog import default_catalog
from staff_desk.models import Feedback, UnansweredQuestion
from staff_desk.tickets import NewTicket, Tickets
from staff_desk.vocabulary import Channel, TicketStatus
from tests.admin.conftest import AdminDatabase, csrf_token, staff_messages


@pytest.fixture
def ticket_id(admin_db: AdminDatabase) -> int:
    """A new open web chat ticket (each test its own conversation)."""
    ticket, created = Tickets(admin_db.staff_engine).open(
        NewTicket(
            sender=f"web-{dt.datetime.now().timestamp()}",
            channel=Channel.WEB,
            language="ar",
            topic="kita",
            context=("هل توجد روضة في فيغبرغ؟",),
        )
    )
    assert created
    return ticket.id


def test_the_ticket_page_shows_the_conversation_but_not_who(
    logged_in: TestClient, admin_db: AdminDatabase, ticket_id: int
) -> None:
    page = logged_in.get(f"/admin/ticket/details/{ticket_id}")
    assert page.status_code == 200
    assert "هل توجد روضة في فيغبرغ؟" in page.text
    sender = Tickets(admin_db.staff_engine).get(ticket_id).sender  # type: ignore[union-attr]
    assert sender not in page.text


def test_an_answer_becomes_a_staff_message_the_users_channel_picks_up(
    logged_in: TestClient, admin_db: AdminDatabase, ticket_id: int
) -> None:
    page = logged_in.get(f"/admin/ticket/details/{ticket_id}")
    response = logged_in.post(
        f"/admin/ticket/ticket/{ticket_id}/answer",
        data={"text": "Ja, in Wegberg gibt es freie Plätze.", "csrf_token": csrf_token(page)},
    )
    assert response.status_code == 303
    assert ("staff", "Ja, in Wegberg gibt es freie Plätze.", False) in staff_messages(
        admin_db.staff_engine, ticket_id
    )
    tickets = Tickets(admin_db.staff_engine)
    sender = tickets.get(ticket_id).sender  # type: ignore[union-attr]
    replies, still_open = tickets.take_replies(sender)  # what the web chat widget fetches
    assert [r.text for r in replies] == ["Ja, in Wegberg gibt es freie Plätze."]
    assert still_open


def test_an_answer_without_the_csrf_token_is_refused(
    logged_in: TestClient, admin_db: AdminDatabase, ticket_id: int
) -> None:
    response = logged_in.post(f"/admin/ticket/ticket/{ticket_id}/answer", data={"text": "x"})
    assert response.status_code == 403
    assert [m for m in staff_messages(admin_db.staff_engine, ticket_id) if m[0] == "staff"] == []


def test_closing_gives_the_conversation_back_and_ends_answers(
    logged_in: TestClient, admin_db: AdminDatabase, ticket_id: int
) -> None:
    token = csrf_token(logged_in.get(f"/admin/ticket/details/{ticket_id}"))
    response = logged_in.post(f"/admin/ticket/ticket/{ticket_id}/close", data={"csrf_token": token})
    assert response.status_code == 303
    ticket = Tickets(admin_db.staff_engine).get(ticket_id)
    assert ticket is not None and ticket.status is TicketStatus.CLOSED
    # The user is told in their language (Arabic here), through their channel.
    notice = default_catalog().text("ar", "handoff.closed")
    assert staff_messages(admin_db.staff_engine, ticket_id)[-1] == ("bot", notice, False)
    assert "Diese Anfrage ist geschlossen." in logged_in.get(response.headers["location"]).text
    late = logged_in.post(
        f"/admin/ticket/ticket/{ticket_id}/answer", data={"text": "zu spät", "csrf_token": token}
    )
    assert late.status_code == 409


@pytest.fixture
def unanswered(admin_db: AdminDatabase) -> Iterator[None]:
    with Session(admin_db.staff_engine) as session, session.begin():
        session.add_all(
            [
                UnansweredQuestion(
                    language="tr", intent_guess="ask_kita", source="fallback", text="kreş  var mı?"
                ),
                UnansweredQuestion(language="tr", intent_guess="ask_kita", source="feedback"),
                UnansweredQuestion(language="uk", source="fallback", text="Де курс німецької?"),
                UnansweredQuestion(language="uk", source="fallback", text="Де курс німецької?"),
            ]
        )
        session.add(Feedback(sender="web-x", language="de", score=-1, reason="no_offer"))
    yield
    with Session(admin_db.staff_engine) as session, session.begin():
        session.execute(delete(UnansweredQuestion))
        session.execute(delete(Feedback))


def test_unanswered_questions_export_as_candidate_training_data(
    logged_in: TestClient, unanswered: None
) -> None:
    response = logged_in.get("/admin/unanswered-question/training-data.yml")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    data = yaml.safe_load(response.text)
    blocks = {(b["metadata"]["language"], b["intent"]): b["examples"] for b in data["nlu"]}
    assert blocks == {
        ("tr", "ask_kita"): "- kreş var mı?\n",
        ("uk", "unknown"): "- Де курс німецької?\n",
    }
    only_uk = yaml.safe_load(
        logged_in.get("/admin/unanswered-question/training-data.yml?language=uk").text
    )
    assert [b["metadata"]["language"] for b in only_uk["nlu"]] == ["uk"]
    csv = logged_in.get("/admin/unanswered-question/export/csv")
    assert csv.status_code == 200 and "kreş" in csv.text


def test_feedback_is_listed_without_the_conversation_id(
    logged_in: TestClient, unanswered: None
) -> None:
    page = logged_in.get("/admin/feedback/list")
    assert page.status_code == 200
    assert "no_offer" in page.text
    assert "web-x" not in page.text
