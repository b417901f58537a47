"""The KI's own contact (the wish to talk to a person: actions/handoff.py)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType

from actions.base import DomainDict, LocalizedAction, Reply
from actions.ki_contact import send_ki_contact


class ActionContact(LocalizedAction):
    action_name = "action_contact"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        send_ki_contact(reply)
        return []
