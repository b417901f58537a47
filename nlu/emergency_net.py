"""The emergency safety net: a phrase lexicon per language that forces the emergency answer.

The intent classifier learns emergencies from examples, and a learned model can miss a message
it has never seen the like of ("biri bana bıçakla saldırdı"). Missing an emergency is the worst
thing the assistant can do, a false alarm costs one extra message with 112 in it, so whenever a
phrase of nlu/emergency_lexicon/<code>.yml is in the message, the message is an emergency.
All languages' lexicons are checked for every message: the language detector can be wrong, and
people mix languages.

The category (violence, weapon, fire, ...) decides which help line the answer shows first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from nlu.phrase_lexicon import Phrase, phrase, tokens

LEXICON_DIR = Path(__file__).parent / "emergency_lexicon"
# When a message fits several categories, the first one here decides the help line:
# a threat to one's life before a weapon before violence, and so on.
CATEGORIES = (
    "suicide",
    "weapon",
    "violence",
    "missing_child",
    "fire",
    "medical",
    "accident",
    "danger",
)


@dataclass(frozen=True)
class EmergencyLexicon:
    """Every language's phrases per category, and the phrases that only look like one."""

    phrases: dict[str, tuple[str, ...]]
    not_phrases: tuple[str, ...]


@lru_cache(maxsize=2)
def load(directory: Path = LEXICON_DIR) -> EmergencyLexicon:
    """Merges nlu/emergency_lexicon/*.yml (one file per language)."""
    phrases: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    not_phrases: list[str] = []
    for path in sorted(directory.glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for category, items in (doc.get("phrases") or {}).items():
            if category not in phrases:
                raise ValueError(f"{path}: unknown emergency category {category!r}")
            phrases[category] += [str(i) for i in items or []]
        not_phrases += [str(i) for i in doc.get("not") or []]
    return EmergencyLexicon({c: tuple(p) for c, p in phrases.items()}, tuple(not_phrases))


def _without(toks: list[str], p: Phrase) -> list[str]:
    """`toks` with every contiguous occurrence of `p` cut out."""
    n = len(p.words)
    out: list[str] = []
    i = 0
    while i < len(toks):
        window = toks[i : i + n]
        if len(window) == n and all(w.matches(t) for w, t in zip(p.words, window, strict=True)):
            i += n
            continue
        out.append(toks[i])
        i += 1
    return out


def emergency_category(text: str, lexicon: EmergencyLexicon | None = None) -> str | None:
    """The emergency category of `text` when a lexicon phrase is in it, else None."""
    lexicon = lexicon or load()
    toks = tokens(text)
    for raw in lexicon.not_phrases:
        toks = _without(toks, phrase(raw))
    if not toks:
        return None
    for category in CATEGORIES:
        for raw in lexicon.phrases[category]:
            if phrase(raw).find(toks):
                return category
    return None
