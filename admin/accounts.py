"""Staff accounts of the admin: the staff desk's `StaffUser` rows, passwords as scrypt hashes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from staff_desk.models import StaffUser
from staff_desk.passwords import hash_password, verify_password

MIN_PASSWORD_LENGTH = 12
# Checked when an account does not exist, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH = hash_password("no-such-account-placeholder")


class AccountError(ValueError):
    """An account cannot be created as asked (name taken, password too short)."""


def create_user(sessions: sessionmaker[Session], username: str, password: str) -> None:
    """A new active account; refuses a taken name or a password under 12 characters."""
    username = username.strip()
    if not username:
        raise AccountError("the user name is empty")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    with sessions.begin() as session:
        if session.scalar(select(StaffUser.id).where(StaffUser.username == username)):
            raise AccountError(f"the user {username!r} exists already")
        session.add(StaffUser(username=username, password_hash=hash_password(password)))


def ensure_initial_user(
    sessions: sessionmaker[Session], username: str | None, password: str | None
) -> bool:
    """Creates the first account from ADMIN_INITIAL_USER / _PASSWORD once: only while no account
    exists, so a later password change is never overwritten. True when one was created."""
    if not username or not password or has_users(sessions):
        return False
    create_user(sessions, username, password)
    return True


def has_users(sessions: sessionmaker[Session]) -> bool:
    with sessions() as session:
        return session.scalar(select(StaffUser.id).limit(1)) is not None


def check_login(sessions: sessionmaker[Session], username: str, password: str) -> bool:
    """True when an active account has this password; records the time of the login."""
    with sessions.begin() as session:
        user = session.scalar(select(StaffUser).where(StaffUser.username == username.strip()))
        stored = user.password_hash if user is not None and user.is_active else _DUMMY_HASH
        if not verify_password(password, stored) or user is None or not user.is_active:
            return False
        user.last_login_at = dt.datetime.now(dt.UTC)
        return True


def is_active(sessions: sessionmaker[Session], username: str) -> bool:
    with sessions() as session:
        return bool(
            session.scalar(select(StaffUser.is_active).where(StaffUser.username == username))
        )
