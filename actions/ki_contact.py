"""The KI's own contact (address, phone, hours): the answer whenever the bot cannot help."""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from actions import offer_rendering as render
from actions.offer_store import offer_session
from actions.reply import Reply
from offer_db.search import get_contact

logger = logging.getLogger(__name__)


def send_ki_contact(reply: Reply) -> None:
    """The KI's address, phone and hours from the database."""
    try:
        with offer_session() as session:
            contact = get_contact(session, "ki")
            if contact is None:
                reply.say("contact.missing")
                return
            reply.send(render.contact_point(reply, contact))
    except SQLAlchemyError:
        logger.exception("contact lookup failed")
        reply.say("error.database")
