"""Which language the assistant answers in, decided once per user message.

Order: the user's explicit choice; else the detected language of a confident, not-too-short
message; else the language the conversation already has; else the channel's hint (Telegram's
language_code, the web page's language); else German.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_LANGUAGE = "de"
CONFIDENT = 0.75
# With nothing else to go on (a first message, no channel hint), the detector's best guess is
# still better than German for everyone, unless it is no better than a coin toss.
FIRST_GUESS = 0.4
# "ok", "A2", "Wegberg", "4", a button payload: too little text to tell a language by.
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class LanguageEvidence:
    """What one turn tells about the language."""

    text: str
    detected: str | None
    confidence: float
    hint: str | None  # from channel metadata


def is_short_or_ambiguous(text: str, entity_texts: list[str] | None = None) -> bool:
    """True for messages that carry no reliable language signal."""
    if text.startswith("/"):
        return True
    remaining = text
    for entity_text in entity_texts or []:
        remaining = remaining.replace(entity_text, " ")
    return len(_WORD.findall(remaining)) < 2


def hint_code(raw: str | None) -> str | None:
    """'pt-BR', 'de_DE', 'ar' -> 'pt', 'de', 'ar'."""
    if not raw:
        return None
    return re.split(r"[-_]", raw.strip().lower())[0] or None


def choose_reply_language(
    evidence: LanguageEvidence,
    current: str | None,
    chosen_explicitly: bool,
    supported: tuple[str, ...],
    entity_texts: list[str] | None = None,
) -> str:
    """The language to answer this turn in."""
    if chosen_explicitly and current in supported:
        return current
    detected_ok = evidence.detected in supported and evidence.confidence >= CONFIDENT
    if detected_ok and not is_short_or_ambiguous(evidence.text, entity_texts):
        return evidence.detected  # type: ignore[return-value]
    if current in supported:
        return current  # type: ignore[return-value]
    hint = hint_code(evidence.hint)
    if hint in supported:
        return hint  # type: ignore[return-value]
    if (
        evidence.detected in supported
        and evidence.confidence >= FIRST_GUESS
        and not evidence.text.startswith("/")
    ):
        return evidence.detected  # type: ignore[return-value]
    return DEFAULT_LANGUAGE
