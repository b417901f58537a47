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
def helplines() -> dict[str, Any]:
    """The emergency numbers, help lines and which lines fit which emergency
    (actions/data/helplines.yml)."""
    return yaml.safe_load(HELPLINES_FILE.read_text(encoding="utf-8"))


def emergency_category(tracker: Tracker) -> str | None:
    """The kind of emergency the NLU's lexicon found (violence, fire, ...) if it has advice."""
    found = (tracker.latest_message or {}).get("emergency") or {}
    category = found.get("category") if isinstance(found, dict) else None
    return category if category in (helplines().get("fitting") or {}) else None


def helpline_text(reply: Reply, line: dict[str, Any]) -> str:
    return reply.text(
        "emergency.line",
        number=line["number"],
        description=reply.text(f"helpline.{line['key']}"),
    )


class ActionEmergency(LocalizedAction):
    """112 and 110 at once; then what to do and the help line that fits this kind of
    emergency; then the other free help lines."""

    action_name = "action_emergency"

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        reply.say("emergency.call_now")
        lines = helplines()["helplines"]
        category = emergency_category(tracker)
        if category is None:
            reply.send(
                "\n".join(
                    [reply.text("emergency.helplines_heading")]
                    + [helpline_text(reply, h) for h in lines]
                )
            )
            return [SlotSet("awaiting", None)]
        keys = helplines()["fitting"][category]
        fitting = [h for k in keys for h in lines if h["key"] == k]
        reply.send(
            "\n".join(
                [reply.text(f"emergency_advice.{category}")]
                + [helpline_text(reply, h) for h in fitting]
            )
        )
        reply.send(
            "\n".join(
                [reply.text("emergency_advice.heading_more")]
                + [helpline_text(reply, h) for h in lines if h not in fitting]
            )
        )
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
