"""The base of every action: decides the reply language and renders texts from the catalogs.

Actions never hold text: they call `reply.say("key", ...)` and the catalog of the turn's
language renders it. Every action also records the language in the `language` slot, so the
next turn knows what the conversation speaks.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.awaiting import pending
from actions.failures import log_failure
from actions.feedback_records import take_note
from actions.ki_contact import send_ki_contact
from actions.reply import Reply
from actions.reply_language import LanguageEvidence, choose_reply_language
from actions.volunteer_rendering import partner_language, side_by_side
from contract.messages import turn_payload
from locales.catalog import DEFAULT_LANGUAGE, Catalog, default_catalog

__all__ = ["DomainDict", "LocalizedAction", "Reply", "latest_entity", "latest_metadata"]

DomainDict = dict[str, Any]


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
        """Runs `respond`; whatever goes wrong, the user gets an answer and the `turn` payload.

        An exception escaping to Rasa would lose the turn's events and leave the channel with
        nothing to show, so it ends here: a plain apology with the KI's contact instead.
        """
        catalog = default_catalog()
        reply = Reply(self._language(tracker, catalog), catalog)
        try:
            # After a 👎 and consent, the next message is the user's note, whatever its intent.
            note = take_note(reply, tracker)
            events = note if note is not None else self.respond(reply, tracker, domain)
        except Exception as error:  # every failure must still get an answer
            log_failure(self.name(), error)
            reply = Reply(reply.language, catalog)  # nothing half-done reaches the user
            events = apologize(reply, tracker, domain)
        partner = partner_language(tracker, events, reply.language, catalog)
        if partner is not None and reply.messages:
            echo = self._echo(partner, reply.language, tracker, domain)
            reply.messages = side_by_side(reply, echo, catalog)
        for message in reply.messages:
            dispatcher.utter_message(**message)
        if reply.messages:
            # The channels learn the conversation's language from this, not from the tracker.
            dispatcher.utter_message(json_message=turn_payload(reply.language))
        return [SlotSet("language", reply.language), *events]

    def _echo(self, language: str, own: str, tracker: Tracker, domain: DomainDict) -> Reply | None:
        """The same turn rendered in the volunteer mode's second language (stores nothing).

        None when that fails: the user still gets the answer in their own language.
        """
        echo = Reply(language, default_catalog(), echo_of=own)
        try:
            note = take_note(echo, tracker)
            if note is None:
                self.respond(echo, tracker, domain)
        except Exception as error:  # the second language is a bonus, never a failure
            log_failure(f"{self.name()} (second language)", error)
            return None
        return echo

    def _language(self, tracker: Tracker, catalog: Catalog) -> str:
        try:
            return resolve_language(tracker, catalog)
        except Exception as error:  # the apology still needs a language
            log_failure(f"{self.name()} (reply language)", error)
            current = tracker.get_slot("language")
            return current if catalog.supports(current) else DEFAULT_LANGUAGE


def apologize(reply: Reply, tracker: Tracker, domain: DomainDict) -> list[EventType]:
    """A plain apology and the KI's contact; forgets what the failing message brought.

    The details of the message that failed (its entities' slots) are cleared and no question
    stays pending, so the next message starts afresh instead of failing the same way.
    """
    reply.say("error.unexpected")
    try:
        send_ki_contact(reply)
    except Exception as error:  # the apology alone is still an answer
        log_failure("KI contact after a failure", error)
    slots = set((domain or {}).get("slots") or ())
    brought = {str(e.get("entity")) for e in (tracker.latest_message or {}).get("entities") or []}
    return [
        pending(None),
        *(SlotSet(name, None) for name in sorted((brought & slots) - {"language"})),
    ]
