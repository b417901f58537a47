"""Deleting the user's conversation on request (asks first).

The action does not erase: Rasa stores this turn's events after the action has run. It asks the
channel to erase (contract `erase_conversation`); the channel erases the stores once the turn is
over and tells the user whether it worked. Until then the confirmation stays pending, so "yes"
again retries a failed erasure.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType

from actions.awaiting import Awaiting, awaiting, pending
from actions.base import DomainDict, LocalizedAction, Reply
from actions.buttons import payload
from contract.messages import erase_payload
from conversation_store.settings import ConversationStoreSettings


class ActionDeleteData(LocalizedAction):
    """First asks to confirm; on "yes" asks the channel to erase the whole conversation."""

    action_name = "action_delete_data"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if awaiting(tracker) is Awaiting.DELETE_CONFIRMATION and intent == "affirm":
            reply.custom(erase_payload(reply.language))
            return []
        buttons = [
            reply.button("button.yes_delete", payload("affirm")),
            reply.button("button.no_keep", payload("deny")),
        ]
        # The privacy notice: how long the conversation is kept when it is not deleted.
        days = ConversationStoreSettings.from_env().retention_days
        text = f"{reply.text('delete.confirm')}\n\n{reply.text('delete.retention', days=days)}"
        reply.send(text, buttons=buttons)
        return [pending(Awaiting.DELETE_CONFIRMATION)]
