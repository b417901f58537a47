"""Login against the staff accounts, sessions that expire, a throttle on failed logins.

The session is Starlette's signed cookie (itsdangerous): its max age is the idle timeout, and
since the cookie is signed again on every response, a session ends after that long without a
request; `login_at` in the session also ends it a fixed time after the login.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from sqladmin.authentication import AuthenticationBackend
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from admin import accounts
from admin.csrf import CSRF_SESSION_KEY, CsrfMiddleware, new_token
from admin.ratelimit import LoginThrottle
from admin.settings import AdminSettings

log = logging.getLogger(__name__)
SESSION_COOKIE = "ki_admin_session"
USER_KEY = "staff_user"
LOGIN_AT_KEY = "login_at"

TOO_MANY = """<!doctype html><html lang="de"><meta charset="utf-8"><title>Anmeldung gesperrt</title>
<p>Zu viele fehlgeschlagene Anmeldungen. Bitte in {minutes} Minuten erneut versuchen.</p>
<p lang="en">Too many failed logins. Please try again in {minutes} minutes.</p></html>"""


class StaffAuth(AuthenticationBackend):
    """sqladmin's authentication against `StaffUser` (staff_desk)."""

    def __init__(self, settings: AdminSettings, staff_sessions: sessionmaker[Session]) -> None:
        self.settings = settings
        self.sessions = staff_sessions
        self.throttle = LoginThrottle(settings.login_attempts, settings.login_window_s)
        # Order matters: the CSRF check reads its token from the session, so it runs inside.
        self.middlewares = [
            Middleware(
                SessionMiddleware,
                secret_key=settings.secret_key,
                session_cookie=SESSION_COOKIE,
                max_age=settings.idle_timeout_s,
                same_site="strict",
                https_only=settings.secure_cookie,
            ),
            Middleware(CsrfMiddleware),
        ]

    async def login(self, request: Request) -> Response | bool:
        form = await request.form()
        username = str(form.get("username", "")).strip()[:80]
        password = str(form.get("password", ""))
        client = f"ip:{request.client.host if request.client else '?'}"
        account = f"user:{username.casefold()}"
        if self.throttle.blocked(client, account):
            log.warning("admin login refused: too many failures")
            minutes = max(1, self.settings.login_window_s // 60)
            return HTMLResponse(TOO_MANY.format(minutes=minutes), status_code=429)
        ok = await run_in_threadpool(accounts.check_login, self.sessions, username, password)
        if not ok:
            self.throttle.failed(client, account)
            log.info("admin login failed")
            return False
        self.throttle.succeeded(client, account)
        # A fresh session (and CSRF token) at login: nothing from before carries over.
        request.session.clear()
        request.session.update(
            {USER_KEY: username, LOGIN_AT_KEY: time.time(), CSRF_SESSION_KEY: new_token()}
        )
        return True

    async def logout(self, request: Request) -> Response | bool:
        request.session.clear()
        return True

    async def authenticate(self, request: Request) -> Response | bool:
        username = request.session.get(USER_KEY)
        login_at = request.session.get(LOGIN_AT_KEY)
        if not isinstance(username, str) or not isinstance(login_at, int | float):
            return False
        if time.time() - login_at > self.settings.absolute_timeout_s:
            request.session.clear()
            return False
        if not await run_in_threadpool(accounts.is_active, self.sessions, username):
            request.session.clear()  # a deactivated account is logged out at once
            return False
        return True

    async def get_user_id(self, request: Request) -> Any:
        return request.session.get(USER_KEY)
