"""General questions answered from the knowledge base, then the local search offered.

"Is school compulsory for my 7-year-old?" deserves an answer, not "In which town do you
live?". The NLU recognises such a question (nlu/general_questions.py) and names the entry in
the parse result (`general_question: {"entry": "school_compulsory", ...}`); this module sends
the entry's text in the reply language with its source and review date, then offers the search
for the entry's topic as a button. Texts: locales/<code>.yml `knowledge.*`; sources and
review dates: actions/data/knowledge.yml; staff guide: docs/knowledge.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.awaiting import pending
from actions.base import Reply
from actions.buttons import payload
from actions.formatting import date_text

KNOWLEDGE_FILE = Path(__file__).parent / "data" / "knowledge.yml"
PARSE_KEY = "general_question"  # set by nlu.components.deterministic_intents


@dataclass(frozen=True)
class Source:
    """A law or an official page an answer rests on."""

    name: str
    url: str


@dataclass(frozen=True)
class KnowledgeEntry:
    """One answer of the knowledge base, as staff maintain it."""

    name: str
    topic: str
    sources: tuple[Source, ...]
    last_reviewed: dt.date
    reviewed_by: str


def load_entries(path: Path = KNOWLEDGE_FILE) -> dict[str, KnowledgeEntry]:
    """The entries of actions/data/knowledge.yml by name."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, KnowledgeEntry] = {}
    for name, spec in (doc.get("entries") or {}).items():
        reviewed = spec["last_reviewed"]
        if not isinstance(reviewed, dt.date):
            reviewed = dt.date.fromisoformat(str(reviewed))
        out[name] = KnowledgeEntry(
            name=name,
            topic=str(spec["topic"]),
            sources=tuple(Source(str(s["name"]), str(s.get("url") or "")) for s in spec["sources"]),
            last_reviewed=reviewed,
            reviewed_by=str(spec.get("reviewed_by") or ""),
        )
    return out


@lru_cache(maxsize=1)
def entries() -> dict[str, KnowledgeEntry]:
    """The repository's knowledge base (loaded once per process)."""
    return load_entries()


def asked_entry(tracker: Tracker) -> KnowledgeEntry | None:
    """The knowledge entry the latest message asks about, if the NLU found one."""
    found = (tracker.latest_message or {}).get(PARSE_KEY) or {}
    if not isinstance(found, dict):
        return None
    return entries().get(str(found.get("entry")))


def send_answer(reply: Reply, entry: KnowledgeEntry) -> None:
    """The entry's text with its source and review date, then the search offered."""
    source = reply.text(
        "knowledge.source",
        source="; ".join(s.name for s in entry.sources),
        date=date_text(entry.last_reviewed, reply.language),
    )
    reply.send(f"{reply.text(f'knowledge.{entry.name}')}\n\n{source}")
    topic = reply.text(f"topic.{entry.topic}")
    buttons = [
        reply.button("knowledge.search_button", payload("inform", topic=entry.topic), topic=topic),
        reply.button("button.contact", payload("ask_contact")),
    ]
    reply.say("knowledge.offer_search", buttons=buttons)


def answer_general_question(reply: Reply, tracker: Tracker) -> list[EventType] | None:
    """Answers a general question; None when the latest message is none.

    The topic is remembered, so that a town or an age sent next continues with the search;
    nothing is asked, so nothing is pending.
    """
    entry = asked_entry(tracker)
    if entry is None:
        return None
    send_answer(reply, entry)
    return [SlotSet("topic", entry.topic), SlotSet("failed_turns", 0), pending(None)]
