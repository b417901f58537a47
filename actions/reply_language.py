"""Which language the assistant answers in, decided once per user message.

Order: the user's explicit choice; else the detected language of a confident, not-too-short
message; else a message in another script than the conversation's, or than the channel's hint
before the first answer (an Arabic "وين بلاقي Sprachcafé؟" in a German conversation is Arabic,
however short); else the language the
conversation already has; else the channel's hint (Telegram's language_code, the web page's
language); else German.

A short reply to the bot's question ("ok danke", "in Wegberg", "Kita bitte", "A2") keeps the
conversation's language: the NLU reports a low confidence when few words of the message are the
writer's own (place names and German offer-world words such as "Kita" or "Jobcenter" do not
count, nlu/language_model.py), and this module also counts words without the entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from locales.catalog import DEFAULT_LANGUAGE

CONFIDENT = 0.75
# With nothing else to go on (a first message, no channel hint), the detector's best guess is
# still better than German for everyone, unless it is no better than a coin toss.
FIRST_GUESS = 0.4
# A message in another script than the conversation's needs less: the script itself is evidence,
# the detector only chooses within it (Arabic or Persian, Russian or Ukrainian).
SCRIPT_GUESS = 0.25
# "ok", "A2", "Wegberg", "4", a button payload: too little text to tell a language by.
_WORD = re.compile(r"[^\W\d_]{2,}")
_SCRIPT_OF_LANGUAGE = {"ru": "cyrillic", "uk": "cyrillic", "ar": "arabic", "fa": "arabic"}
_SCRIPTS = (
    ("cyrillic", re.compile(r"[\u0400-\u04FF]")),
    ("arabic", re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")),
    ("latin", re.compile(r"[A-Za-z\u00C0-\u024F]")),
)


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


def script_of_language(code: str | None) -> str:
    """The script a language is written in by default (Latin for de, en, fr, tr)."""
    return _SCRIPT_OF_LANGUAGE.get(code or "", "latin")


def script_of_text(text: str) -> str | None:
    """The script most words of `text` are in (a long German word inside a Russian sentence
    is one word); None without words."""
    counts = dict.fromkeys((name for name, _ in _SCRIPTS), 0)
    for word in _WORD.findall(text):
        for name, pattern in _SCRIPTS:
            if pattern.match(word):
                counts[name] += 1
                break
    name, count = max(counts.items(), key=lambda item: item[1])
    return name if count else None


def changes_script(evidence: LanguageEvidence, reference: str | None) -> bool:
    """True when the message is written in the detected language's script and that is not the
    script of the reference language: a script switch is evidence no word count needs."""
    if reference is None or evidence.detected is None or evidence.text.startswith("/"):
        return False
    script = script_of_text(evidence.text)
    return (
        script is not None
        and script != "latin"
        and script == script_of_language(evidence.detected)
        and script != script_of_language(reference)
    )


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
    # The script is compared with the conversation's language, or before the first answer with
    # the channel's hint or else the default (an Arabic message from a phone set to German is
    # Arabic; a lone "هاينسبرغ" is Arabic or Persian, anyway not German).
    reference = current if current in supported else hint_code(evidence.hint) or DEFAULT_LANGUAGE
    if (
        evidence.detected in supported
        and evidence.confidence >= SCRIPT_GUESS
        and changes_script(evidence, reference)
    ):
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
