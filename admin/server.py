"""Builds the running admin from the environment: engines, migrations, the first account."""

from __future__ import annotations

import logging

from starlette.applications import Starlette

from admin.accounts import ensure_initial_user, has_users
from admin.app import create_app
from admin.settings import AdminSettings
from offer_db.engine import make_engine as make_offer_engine
from staff_desk.engine import make_engine as make_staff_engine
from staff_desk.engine import make_session_factory
from staff_desk.migrate import upgrade_engine

log = logging.getLogger(__name__)


def build(settings: AdminSettings) -> Starlette:
    offer_engine = make_offer_engine(settings.database_url)
    staff_engine = make_staff_engine()
    upgrade_engine(staff_engine)  # idempotent; the desk's tables may not exist yet
    sessions = make_session_factory(staff_engine)
    if ensure_initial_user(sessions, settings.initial_user, settings.initial_password):
        log.info("admin: first account created from ADMIN_INITIAL_USER")
    elif not has_users(sessions):
        log.warning(
            "admin: no staff account yet; set ADMIN_INITIAL_USER and ADMIN_INITIAL_PASSWORD "
            "or run .venv/bin/staff-admin create-user NAME"
        )
    return create_app(settings, offer_engine, staff_engine)
