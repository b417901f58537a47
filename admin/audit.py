"""Who changed which record: one log line per create, update and delete in the admin.

Only the staff account, the kind of record and its number: the values stay out of the log
(they are in the database), so no text a person wrote ever reaches it.
"""

from __future__ import annotations

import logging

from sqladmin.audit import AuditBackend, AuditEntry
from sqladmin.authentication import get_current_user_id
from starlette.requests import Request

log = logging.getLogger("admin.audit")


class StaffAudit(AuditBackend):
    async def log(self, entry: AuditEntry, request: Request) -> None:
        log.info(
            "admin audit: %s %s %s %s",
            get_current_user_id(request) or "?",
            entry.action,
            entry.identity,
            entry.pk or "-",
        )
