"""Greeting, goodbye, thanks, yes/no, "are you a bot?" and help."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType

from actions.awaiting import Awaiting, awaiting, pending
from actions.base import DomainDict, LocalizedAction, Reply
from actions.buttons import language_button, language_choice_buttons
from actions.handoff import hand_off
from actions.offers import ActionFindOffers
from actions.privacy import ActionDeleteData
from actions.topics import topic_buttons
from actions.volunteer import volunteer_button


class ActionGreet(LocalizedAction):
    """Hello, what the bot can do, and the language choice (offered, never forced)."""

    action_name = "action_greet"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reply.say("greet.hello")
        reply.say("greet.can_do", buttons=topic_buttons(reply))
        reply.say("greet.language_hint", buttons=language_choice_buttons())
        return []


class OneMessageAction(LocalizedAction):
    """An answer of one message and nothing else; subclasses name it in `message_key`."""

    message_key: str = ""

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reply.say(self.message_key)
        return []


class ActionGoodbye(OneMessageAction):
    action_name = "action_goodbye"
    message_key = "goodbye.bye"


class ActionThank(OneMessageAction):
    action_name = "action_thank"
    message_key = "thank.welcome"


class ActionBotChallenge(OneMessageAction):
    action_name = "action_bot_challenge"
    message_key = "bot.challenge"


class ActionHelp(LocalizedAction):
    """What the bot can do, with the topics as buttons, and the emergency numbers.

    A bare lowercase "help" ("hilfe", "کمک", "komak") asks what the bot can do; the shouted
    one is an emergency (nlu/emergency_net.py). Someone in danger may still write it quietly,
    so this answer ends with 112/110 too.
    """

    action_name = "action_help"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [*topic_buttons(reply), language_button(reply), volunteer_button(reply)]
        reply.say("help.intro", buttons=buttons)
        reply.say("help.examples")
        reply.say("emergency.call_now")
        return []


class ActionAffirm(LocalizedAction):
    """ "Yes": confirms a pending question (deleting data), otherwise invites the next question."""

    action_name = "action_affirm"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if awaiting(tracker) is Awaiting.DELETE_CONFIRMATION:
            # Run here, not by FollowupAction: after a follow-up no rule applies, and Rasa's core
            # fallback would answer once more after the erasure.
            return ActionDeleteData().respond(reply, tracker, domain)
        if awaiting(tracker) is Awaiting.HANDOFF_CONFIRMATION:
            return hand_off(reply, tracker)
        reply.say("affirm.next", buttons=topic_buttons(reply))
        return []


class ActionDeny(LocalizedAction):
    """ "No": declines a pending question; "I don't know" the level means any level."""

    action_name = "action_deny"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        question = awaiting(tracker)
        if question is Awaiting.DELETE_CONFIRMATION:
            reply.say("delete.kept")
            return [pending(None)]
        if question is Awaiting.HANDOFF_CONFIRMATION:
            reply.say("human.declined")
            return [pending(None)]
        if question is Awaiting.COURSE_LEVEL:
            # Searched here, not by FollowupAction: after a follow-up no rule applies, Rasa's core
            # fallback searched again and again until its circuit breaker ended the turn.
            return ActionFindOffers().search_any_level(reply, tracker, domain)
        reply.say("deny.ok", buttons=topic_buttons(reply))
        return [pending(None)]
