"""Greeting, goodbye, thanks, yes/no, "are you a bot?" and help."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet

from actions.base import DomainDict, LocalizedAction, Reply
from actions.buttons import language_button, language_choice_buttons
from actions.offers import ANY_LEVEL, topic_buttons


class ActionGreet(LocalizedAction):
    """Hello, what the bot can do, and the language choice (offered, never forced)."""

    action_name = "action_greet"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reply.say("greet.hello")
        reply.say("greet.can_do", buttons=topic_buttons(reply))
        reply.say("greet.language_hint", buttons=language_choice_buttons())
        return []


class ActionGoodbye(LocalizedAction):
    action_name = "action_goodbye"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reply.say("goodbye.bye")
        return []


class ActionThank(LocalizedAction):
    action_name = "action_thank"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reply.say("thank.welcome")
        return []


class ActionBotChallenge(LocalizedAction):
    action_name = "action_bot_challenge"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reply.say("bot.challenge")
        return []


class ActionHelp(LocalizedAction):
    """What the bot can do, with the topics as buttons."""

    action_name = "action_help"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reply.say("help.intro", buttons=[*topic_buttons(reply), language_button(reply)])
        reply.say("help.examples")
        return []


class ActionAffirm(LocalizedAction):
    """ "Yes": confirms a pending question (deleting data), otherwise invites the next question."""

    action_name = "action_affirm"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("awaiting") == "delete_confirmation":
            return [FollowupAction("action_delete_data")]
        reply.say("affirm.next", buttons=topic_buttons(reply))
        return []


class ActionDeny(LocalizedAction):
    """ "No": declines a pending question; "I don't know" the level means any level."""

    action_name = "action_deny"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        awaiting = tracker.get_slot("awaiting")
        if awaiting == "delete_confirmation":
            reply.say("delete.kept")
            return [SlotSet("awaiting", None)]
        if awaiting == "course_level":
            return [SlotSet("course_level", ANY_LEVEL), FollowupAction("action_find_offers")]
        reply.say("deny.ok", buttons=topic_buttons(reply))
        return [SlotSet("awaiting", None)]
