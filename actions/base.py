"""The base of every action: decides the reply language and renders texts from the catalogs.

Actions never hold text: they call `reply.say("key", ...)` and the catalog of the turn's
language renders it. Every action also records the language in the `language` slot, so the
next turn knows what the conversation speaks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.reply_language import LanguageEvidence, choose_reply_language
from contract.messages import turn_payload
from locales.catalog import Catalog, default_catalog

DomainDict = dict[str, Any]


@dataclass
class Reply:
    """The messages one action sends, in one language."""

    language: str
    catalog: Catalog
    messages: list[dict[str, Any]] = field(default_factory=list)

    def text(self, key: str, **params: Any) -> str:
        """A rendered message, for composing several into one bubble."""
        return self.catalog.text(self.language, key, **params)

    def say(self, key: str, buttons: list[dict[str, str]] | None = None, **params: Any) -> None:
        """Sends message `key`."""
        self.send(self.text(key, **params), buttons)

    def send(self, text: str, buttons: list[dict[str, str]] | None = None) -> None:
        """Sends an already rendered text (joined from several catalog messages)."""
        message: dict[str, Any] = {"text": text}
        if buttons:
            message["buttons"] = buttons
        self.messages.append(message)

    def custom(self, payload: dict[str, Any]) -> None:
        """Sends structured data for channels that render it (offer cards, venues)."""
        self.messages.append({"json_message": {**payload, "language": self.language}})

    def button(self, key: str, payload: str, **params: Any) -> dict[str, str]:
        return {"title": self.text(key, **params), "payload": payload}


def latest_metadata(tracker: Tracker) -> dict[str, Any]:
    """Channel metadata of the latest user message (language hint, chat type, ...)."""
    latest = tracker.latest_message or {}
    return latest.get("metadata") or {}


def entity_texts(tracker: Tracker) -> list[str]:
    """The surface texts of the latest message's entities."""
    latest = tracker.latest_message or {}
    text = latest.get("text") or ""
    out = []
    for e in latest.get("entities") or []:
        if isinstance(e.get("start"), int) and isinstance(e.get("end"), int):
            out.append(text[e["start"] : e["end"]])
    return out


def resolve_language(tracker: Tracker, catalog: Catalog) -> str:
    """The language of this turn's answer (see actions.reply_language)."""
    latest = tracker.latest_message or {}
    detected = latest.get("language") or {}
    evidence = LanguageEvidence(
        text=latest.get("text") or "",
        detected=detected.get("code"),
        confidence=float(detected.get("confidence") or 0.0),
        hint=latest_metadata(tracker).get("language_hint"),
    )
    return choose_reply_language(
        evidence,
        current=tracker.get_slot("language"),
        chosen_explicitly=bool(tracker.get_slot("language_chosen")),
        supported=catalog.codes,
        entity_texts=entity_texts(tracker),
    )


def latest_entity(tracker: Tracker, name: str) -> str | None:
    """The first value of entity `name` in the latest message."""
    for e in (tracker.latest_message or {}).get("entities") or []:
        if e.get("entity") == name and e.get("value") is not None:
            return str(e["value"])
    return None


class LocalizedAction(Action):
    """An action that answers in the turn's language. Subclasses implement `respond`."""

    action_name: str = ""

    def name(self) -> str:
        return self.action_name

    def respond(self, reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        raise NotImplementedError

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        catalog = default_catalog()
        reply = Reply(resolve_language(tracker, catalog), catalog)
        events = self.respond(reply, tracker, domain)
        for message in reply.messages:
            dispatcher.utter_message(**message)
        if reply.messages:
            # The channels learn the conversation's language from this, not from the tracker.
            dispatcher.utter_message(json_message=turn_payload(reply.language))
        return [SlotSet("language", reply.language), *events]
