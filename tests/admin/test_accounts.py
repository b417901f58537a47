"""Staff accounts: the first from the environment once, more by `staff-admin create-user`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from admin import cli
from admin.accounts import AccountError, check_login, create_user, ensure_initial_user
from staff_desk.engine import make_engine, make_session_factory
from staff_desk.migrate import upgrade_engine
from staff_desk.models import StaffUser


@pytest.fixture
def sessions(db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(db_url)
    upgrade_engine(engine)
    yield make_session_factory(engine)
    engine.dispose()


def test_the_initial_user_is_created_once_and_never_overwritten(
    sessions: sessionmaker[Session],
) -> None:
    assert ensure_initial_user(sessions, "chefin", "erstes-Passwort-123") is True
    assert ensure_initial_user(sessions, "chefin", "anderes-Passwort-456") is False
    assert ensure_initial_user(sessions, "zweite", "anderes-Passwort-456") is False
    assert check_login(sessions, "chefin", "erstes-Passwort-123")
    assert not check_login(sessions, "chefin", "anderes-Passwort-456")
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(StaffUser)) == 1
        stored = session.scalar(select(StaffUser.password_hash))
    assert stored is not None and "erstes-Passwort" not in stored


def test_short_passwords_and_taken_names_are_refused(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(AccountError):
        create_user(sessions, "kurz", "zu-kurz")
    create_user(sessions, "anna", "ein-gutes-Passwort")
    with pytest.raises(AccountError):
        create_user(sessions, "anna", "noch-ein-gutes-Passwort")


def test_the_cli_creates_an_account_with_the_password_asked_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'staff.sqlite3'}"
    monkeypatch.setenv("STAFF_DB_URL", url)
    answers = iter(["mein-neues-Passwort", "mein-neues-Passwort"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda _prompt: next(answers))
    assert cli.main(["create-user", "bernd"]) == 0
    differing = iter(["mein-neues-Passwort", "vertippt-Passwort"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda _prompt: next(differing))
    assert cli.main(["create-user", "carla"]) == 2
    engine = make_engine(url)
    try:
        sessions = make_session_factory(engine)
        assert check_login(sessions, "bernd", "mein-neues-Passwort")
        assert not check_login(sessions, "carla", "mein-neues-Passwort")
    finally:
        engine.dispose()
    assert "mein-neues-Passwort" not in capsys.readouterr().out
