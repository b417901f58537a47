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

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from nlu.phrase_lexicon import Phrase, PhraseIndex, phrase, tokens

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
    cries: frozenset[str] = frozenset()  # "hilfe", "help", "помогите": see `cry_for_help`
    polite: frozenset[str] = frozenset()  # "bitte", "please", "schnell": only with a cry
    # Parsed and indexed once: thousands of phrases are checked for every message.
    _index: PhraseIndex = field(init=False, repr=False, compare=False)
    _categories: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _not_index: PhraseIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ordered = [(c, phrase(raw)) for c in CATEGORIES for raw in self.phrases.get(c, ())]
        ordered = [(c, p) for c, p in ordered if p.words]
        object.__setattr__(self, "_index", PhraseIndex(p for _, p in ordered))
        object.__setattr__(self, "_categories", tuple(c for c, _ in ordered))
        object.__setattr__(self, "_not_index", PhraseIndex(phrase(r) for r in self.not_phrases))

    def cry_for_help(self, text: str, toks: list[str] | None = None) -> bool:
        """A message that is only a cry for help, shouted: "HILFE", "hilfe!!", "help help",
        "bitte hilfe", "pls help". A bare lowercase "hilfe" or "help" asks what the bot can do
        (intent `help`) and stays that. `toks`: the text's tokens, when already at hand."""
        toks = tokens(text) if toks is None else toks
        if not toks or not any(t in self.cries for t in toks):
            return False
        if not all(t in self.cries or t in self.polite for t in toks):
            return False
        # Only scripts with capitals can shout: Arabic and Persian need "!" or a second word.
        cased = [c for c in text if c.isalpha() and c.lower() != c.upper()]
        shouted = len(cased) >= 4 and all(c.isupper() for c in cased)
        return len(toks) >= 2 or "!" in text or shouted

    def category(self, text: str) -> str | None:
        """The category of the first phrase (in CATEGORIES order) found in `text`."""
        toks = tokens(text)
        if self.cry_for_help(text, toks):
            return "danger"
        for p in self._not_index.matching(toks):
            toks = _without(toks, p)
        if not toks:
            return None
        for order in self._index.candidates(toks):
            if self._index.phrases[order].find(toks):
                return self._categories[order]
        return None


@lru_cache(maxsize=2)
def load(directory: Path = LEXICON_DIR) -> EmergencyLexicon:
    """Merges nlu/emergency_lexicon/*.yml (one file per language)."""
    phrases: dict[str, list[str]] = {c: [] for c in CATEGORIES}
    not_phrases: list[str] = []
    cries: set[str] = set()
    polite: set[str] = set()
    for path in sorted(directory.glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for category, items in (doc.get("phrases") or {}).items():
            if category not in phrases:
                raise ValueError(f"{path}: unknown emergency category {category!r}")
            phrases[category] += [str(i) for i in items or []]
        not_phrases += [str(i) for i in doc.get("not") or []]
        cry = doc.get("cry_for_help") or {}
        cries.update(t for w in cry.get("words") or [] for t in tokens(str(w)))
        polite.update(t for w in cry.get("with") or [] for t in tokens(str(w)))
    return EmergencyLexicon(
        {c: tuple(p) for c, p in phrases.items()},
        tuple(not_phrases),
        frozenset(cries),
        frozenset(polite),
    )


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
    return (lexicon or load()).category(text)
