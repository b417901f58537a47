"""Emergencies first, and an honest answer to what the bot cannot do.

The emergency answer needs no database and no network: 112/110 come before anything else.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.base import DomainDict, LocalizedAction, Reply
from actions.buttons import payload

HELPLINES_FILE = Path(__file__).parent / "data" / "helplines.yml"


@lru_cache(maxsize=1)
def helplines() -> dict[str, list[dict[str, Any]]]:
    """The emergency numbers and help lines (actions/data/helplines.yml)."""
    return yaml.safe_load(HELPLINES_FILE.read_text(encoding="utf-8"))


class ActionEmergency(LocalizedAction):
    """112 and 110 at once, then the free help lines."""

    action_name = "action_emergency"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reply.say("emergency.call_now")
        lines = [reply.text("emergency.helplines_heading")]
        lines += [
            reply.text(
                "emergency.line", number=h["number"], description=reply.text(f"helpline.{h['key']}")
            )
            for h in helplines()["helplines"]
        ]
        reply.send("\n".join(lines))
        return [SlotSet("awaiting", None)]


class ActionOutOfScope(LocalizedAction):
    """What the bot can do; legal and asylum questions belong to counselling."""

    action_name = "action_out_of_scope"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        buttons = [
            reply.button("topic.counseling", payload("inform", topic="counseling")),
            reply.button("button.help", payload("help")),
        ]
        reply.say("out_of_scope.text", buttons=buttons)
        return []
