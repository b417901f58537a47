"""The KI's own contact, and the wish to talk to a person."""

from __future__ import annotations

import logging

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from sqlalchemy.exc import SQLAlchemyError

from actions import offer_rendering as render
from actions.base import DomainDict, LocalizedAction, Reply
from actions.offer_store import offer_session
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


class ActionContact(LocalizedAction):
    action_name = "action_contact"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        send_ki_contact(reply)
        return []


class ActionRequestHuman(LocalizedAction):
    """Points to the KI team (a handoff to staff inside the chat is a later feature)."""

    action_name = "action_request_human"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reply.say("human.reach_team")
        send_ki_contact(reply)
        return []
