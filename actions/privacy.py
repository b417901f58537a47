"""Deleting the user's conversation on request (asks first)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, Restarted, SlotSet

from actions.base import DomainDict, LocalizedAction, Reply
from actions.buttons import payload


class ActionDeleteData(LocalizedAction):
    """First asks to confirm; on "yes" forgets the conversation (all slots and history)."""

    action_name = "action_delete_data"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if tracker.get_slot("awaiting") == "delete_confirmation" and intent == "affirm":
            reply.say("delete.done")
            return [Restarted()]
        buttons = [
            reply.button("button.yes_delete", payload("affirm")),
            reply.button("button.no_keep", payload("deny")),
        ]
        reply.say("delete.confirm", buttons=buttons)
        return [SlotSet("awaiting", "delete_confirmation")]
