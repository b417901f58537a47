"""Switching the conversation's language on request."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.base import DomainDict, LocalizedAction, Reply, latest_entity
from actions.buttons import language_choice_buttons


class ActionChangeLanguage(LocalizedAction):
    """Switches to the named language, or offers the choice when none was named."""

    action_name = "action_change_language"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        wanted = latest_entity(tracker, "language")
        if wanted and reply.catalog.supports(wanted):
            reply.language = wanted
            reply.say("language.changed")
            return [SlotSet("language_chosen", True)]
        reply.say("language.ask", buttons=language_choice_buttons())
        return []
