"""The KI's own contact, and the wish to talk to a person."""

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


class ActionRequestHuman(LocalizedAction):
    """Points to the KI team (a handoff to staff inside the chat is a later feature)."""

    action_name = "action_request_human"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reply.say("human.reach_team")
        send_ki_contact(reply)
        return []
