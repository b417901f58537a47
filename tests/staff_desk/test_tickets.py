"""The staff desk's repository and erasure on real SQLite and PostgreSQL databases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, inspect, select
from sqlalchemy.orm import Session

from staff_desk.engine import make_engine
from staff_desk.erasure import erase, purge, remaining
from staff_desk.migrate import VERSION_TABLE, is_current, upgrade
from staff_desk.models import Feedback, TicketMessage, UnansweredQuestion
from staff_desk.passwords import hash_password, verify_password
from staff_desk.settings import load_settings
from staff_desk.tickets import NewTicket, Tickets
from staff_desk.vocabulary import Author, Channel, TicketStatus


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    upgrade(db_url)
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def _new(sender: str = "s-1", **fields: object) -> NewTicket:
    base: dict[str, object] = {
        "sender": sender,
        "channel": Channel.TELEGRAM,
        "language": "ar",
        "chat_id": "4711",
        "topic": "kita",
        "municipality": "wegberg",
        "context": ["أريد روضة", "لا أفهم"],
    }
    return NewTicket(**(base | fields))  # type: ignore[arg-type]


def test_migration_has_its_own_version_table_and_is_idempotent(engine: Engine) -> None:
    upgrade(engine.url.render_as_string(hide_password=False))
    names = set(inspect(engine).get_table_names())
    assert VERSION_TABLE in names and "alembic_version" not in names
    assert {"staff_tickets", "staff_ticket_messages", "staff_feedback"} <= names
    assert is_current(engine)


def test_one_open_ticket_per_conversation_with_context_already_posted(engine: Engine) -> None:
    tickets = Tickets(engine)
    first, created = tickets.open(_new())
    again, created_again = tickets.open(_new())
    assert created and not created_again and again.id == first.id
    assert tickets.open_ticket_of("s-1") == first
    context = tickets.messages(first.id)
    assert [(m.author, m.text, m.delivered) for m in context] == [
        (Author.USER, "أريد روضة", True),
        (Author.USER, "لا أفهم", True),
    ]
    assert tickets.open_ticket_of("someone-else") is None


def test_messages_flow_between_user_staff_and_channels(engine: Engine) -> None:
    tickets = Tickets(engine)
    web, _ = tickets.open(_new("web-1", channel=Channel.WEB, chat_id=None, context=[]))
    tg, _ = tickets.open(_new("tg-1"))
    tickets.add_user_message(web.id, "hallo?")
    assert tickets.unforwarded() == []  # not posted to the staff group yet
    tickets.set_staff_post(web.id, -100, 55)
    assert [m.text for _, m in tickets.unforwarded()] == ["hallo?"]
    assert tickets.by_staff_post(-100, 55) == tickets.get(web.id)
    assert tickets.by_staff_post(-101, 55) is None

    tickets.answer(web.id, "Guten Tag, wie kann ich helfen?")
    tickets.answer(tg.id, "Hallo aus dem KI")
    assert [m.text for _, m in tickets.undelivered(Channel.TELEGRAM)] == ["Hallo aus dem KI"]
    replies, still_open = tickets.take_replies("web-1")
    assert [m.text for m in replies] == ["Guten Tag, wie kann ich helfen?"] and still_open
    assert tickets.take_replies("web-1") == ([], True)  # fetched once

    closed = tickets.close(web.id, notice="Die Mitarbeiterin hat das Gespräch beendet.")
    assert closed is not None and closed.status is TicketStatus.CLOSED and closed.closed_at
    assert tickets.close(web.id) is None  # twice: nothing happens
    assert tickets.answer(web.id, "zu spät") is None
    replies, still_open = tickets.take_replies("web-1")
    assert [m.author for m in replies] == [Author.BOT] and not still_open
    assert tickets.open_ticket_of("web-1") is None


def test_erase_removes_tickets_messages_and_feedback_of_the_conversation_only(
    engine: Engine,
) -> None:
    tickets = Tickets(engine)
    mine, _ = tickets.open(_new("me"))
    other, _ = tickets.open(_new("other"))
    tickets.answer(mine.id, "x")
    with Session(engine) as session, session.begin():
        session.add_all(
            [
                Feedback(sender="me", language="ar", score=-1, intent="ask_kita"),
                Feedback(sender="other", language="de", score=1),
                UnansweredQuestion(language="ar", source="fallback"),
            ]
        )
    result = erase(engine, ["me"])
    assert (result.tickets, result.feedback) == (1, 1)
    assert remaining(engine, ["me"]) == 0
    assert tickets.get(mine.id) is None and tickets.get(other.id) is not None
    with Session(engine) as session:
        left = session.scalars(select(TicketMessage.ticket_id)).all()
        assert set(left) == {other.id}
        assert session.scalar(select(UnansweredQuestion.id)) is not None


def test_retention_drops_idle_tickets_and_anonymises_old_feedback(engine: Engine) -> None:
    tickets = Tickets(engine)
    old, _ = tickets.open(_new("old", context=[]))
    fresh, _ = tickets.open(_new("fresh"))
    with Session(engine) as session, session.begin():
        session.add(Feedback(sender="old", language="ar", score=-1, text="fehlte"))
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=91)
    tickets.add_user_message(fresh.id, "still here")  # activity now; created now as well
    result = purge(engine, 90, now=later)
    assert result.tickets == 2  # both idle 91 days from "later"
    assert purge(engine, 90).tickets == 0
    with Session(engine) as session:
        feedback = session.scalars(select(Feedback)).one()
        assert feedback.sender is None and feedback.text is None and feedback.score == -1
    assert tickets.get(old.id) is None


def test_retention_keeps_a_ticket_with_recent_messages(engine: Engine) -> None:
    tickets = Tickets(engine)
    ticket, _ = tickets.open(_new("busy", context=[]))
    # 91 days after creation, but the ticket's newest message is 1 day old at that time.
    recent = dt.datetime.now(dt.UTC) + dt.timedelta(days=90)
    with Session(engine) as session, session.begin():
        session.add(
            TicketMessage(ticket_id=ticket.id, author="user", text="neu", created_at=recent)
        )
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=91)
    assert purge(engine, 90, now=later).tickets == 0
    assert tickets.get(ticket.id) is not None


def test_passwords_are_salted_scrypt_hashes() -> None:
    first, second = hash_password("richtig"), hash_password("richtig")
    assert first != second and first.startswith("scrypt$") and "richtig" not in first
    assert verify_password("richtig", first) and not verify_password("falsch", first)
    assert not verify_password("richtig", "bcrypt$whatever")


def test_settings_default_to_the_offer_database() -> None:
    from offer_db.settings import DATABASE_FILE
    from offer_db.settings import load_settings as offer_settings

    env = {"KI_DATA_DIR": "/tmp/x"}
    assert load_settings(env).database_url == offer_settings(env).database_url
    assert DATABASE_FILE in load_settings(env).database_url
    assert load_settings(env | {"DATABASE_URL": "postgresql+psycopg://a/b"}).database_url == (
        "postgresql+psycopg://a/b"
    )
    assert load_settings(
        env | {"STAFF_DB_URL": "sqlite:///s.db", "DATABASE_URL": "x"}
    ).database_url == ("sqlite:///s.db")
