"""`conversations erase` and `purge` (the retention job) cover the staff desk too."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from deploy.processes import ROOT
from staff_desk.engine import make_engine
from staff_desk.migrate import upgrade
from staff_desk.models import Feedback, Ticket
from staff_desk.tickets import NewTicket, Tickets
from staff_desk.vocabulary import Channel

CLI = str(ROOT / ".venv" / "bin" / "conversations")


def run(tmp_path: Path, desk_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KI_DATA_DIR": str(tmp_path), "STAFF_DB_URL": desk_url}
    env.pop("TRACKER_DB_URL", None)
    return subprocess.run([CLI, *args], env=env, capture_output=True, text=True)


def test_erase_removes_the_conversations_tickets_and_feedback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    tickets = Tickets(engine)
    tickets.open(NewTicket("tg-abc", Channel.TELEGRAM, "ar", chat_id="42", context=["مرحبا"]))
    tickets.open(NewTicket("tg-other", Channel.TELEGRAM, "de", chat_id="43"))
    with Session(engine) as session, session.begin():
        session.add(Feedback(sender="tg-abc", language="ar", score=1))
    result = run(tmp_path, url, "erase", "tg-abc")
    assert result.returncode == 0, result.stderr
    with Session(engine) as session:
        assert session.scalars(select(Ticket.sender)).all() == ["tg-other"]
        assert session.scalars(select(Feedback)).all() == []
    engine.dispose()


def test_purge_drops_idle_tickets_and_anonymises_old_feedback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    tickets = Tickets(engine)
    old, _ = tickets.open(NewTicket("web-old", Channel.WEB, "fa"))
    tickets.open(NewTicket("web-new", Channel.WEB, "fa"))
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=120)
    with Session(engine) as session, session.begin():
        session.execute(update(Ticket).where(Ticket.id == old.id).values(created_at=long_ago))
        session.add(Feedback(sender="web-old", language="fa", score=-1, created_at=long_ago))
    result = run(tmp_path, url, "purge")
    assert result.returncode == 0, result.stderr
    assert "staff desk: 1 tickets erased, 1 feedback entries anonymised" in result.stdout
    with Session(engine) as session:
        assert session.scalars(select(Ticket.sender)).all() == ["web-new"]
        assert session.scalars(select(Feedback.sender)).all() == [None]
    engine.dispose()
