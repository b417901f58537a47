"""Volunteer mode on and off (`/volunteer` on Telegram, the button in the help answer).

While on, every answer comes in the user's language and a second one
(actions/volunteer_rendering.py).
The same command switches it off. `/volunteer_mode{"language": "ar"}` chooses the second
language; without one it is German, and a conversation in German is asked which language to
pair it with.
"""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.base import DomainDict, LocalizedAction, Reply, latest_entity
from actions.buttons import payload
from actions.volunteer_rendering import SLOT
from locales.catalog import DEFAULT_LANGUAGE

INTENT = "volunteer_mode"


def volunteer_button(reply: Reply) -> dict[str, str]:
    """The button that switches volunteer mode on (or off, when it is on)."""
    return reply.button("volunteer.button", payload(INTENT))


class ActionVolunteerMode(LocalizedAction):
    """Toggles volunteer mode; a language given with the command sets the second language."""

    action_name = "action_volunteer_mode"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        chosen = latest_entity(tracker, "language")
        catalog = reply.catalog
        if chosen is not None and not catalog.supports(chosen):
            chosen = None
        if chosen is None and tracker.get_slot(SLOT):
            reply.say("volunteer.switched_off")
            return [SlotSet(SLOT, None)]
        own = reply.echo_of or reply.language  # the second rendering decides as the first
        partner = chosen or DEFAULT_LANGUAGE
        if partner == own:
            # A German conversation paired with German shows nothing new: ask for the pair.
            buttons = [
                {
                    "title": catalog.languages[code].native_name,
                    "payload": payload(INTENT, language=code),
                }
                for code in catalog.codes
                if code != own
            ]
            reply.say("volunteer.choose_language", buttons=buttons)
            return []
        off = reply.button("volunteer.button_off", payload(INTENT))
        reply.say(
            "volunteer.switched_on",
            buttons=[off],
            own=catalog.languages[own].native_name,
            partner=catalog.languages[partner].native_name,
        )
        return [SlotSet(SLOT, partner)]
