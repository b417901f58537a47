"""General questions the assistant answers itself ("Is school compulsory ...?").

Which knowledge entry a message asks about is decided by cues in nlu/question_lexicon/<code>.yml
(see nlu.phrase_lexicon for the syntax): a cue lists the ideas that must all be in the
question, e.g. "school & compulsory". The answers live in locales/<code>.yml under
`knowledge.<entry>`, their sources and review dates in actions/data/knowledge.yml.
All languages' cues are checked: people write German words of their letters into any language.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from nlu.phrase_lexicon import PhraseIndex, phrase, tokens

LEXICON_DIR = Path(__file__).parent / "question_lexicon"
# Each entry belongs to one topic, and the question is labelled with that topic's intent.
TOPIC_INTENTS = {
    "school": "ask_school",
    "kita": "ask_kita",
    "language_course": "ask_language_course",
    "school_to_work": "ask_school_to_work",
    "counseling": "ask_counseling",
    "volunteering": "ask_volunteering",
}


@dataclass(frozen=True)
class Entry:
    """A knowledge entry as the detector sees it: its topic and all languages' cues."""

    name: str
    topic: str
    cues: tuple[str, ...]


@lru_cache(maxsize=2)
def load(directory: Path = LEXICON_DIR) -> tuple[Entry, ...]:
    """The entries in file order of the first language file that names them (order = priority:
    a more specific entry is listed before a broader one)."""
    order: list[str] = []
    topics: dict[str, str] = {}
    cues: dict[str, list[str]] = {}
    for path in sorted(directory.glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, spec in (doc.get("entries") or {}).items():
            topic = str(spec.get("topic"))
            if topic not in TOPIC_INTENTS:
                raise ValueError(f"{path}: {name}: unknown topic {topic!r}")
            if topics.setdefault(name, topic) != topic:
                raise ValueError(f"{path}: {name}: topic differs from another language")
            if name not in order:
                order.append(name)
            cues.setdefault(name, []).extend(str(c) for c in spec.get("cues") or [])
    return tuple(Entry(n, topics[n], tuple(cues[n])) for n in order)


Cue = tuple[frozenset[int], ...]  # per " & " group: the numbers of its " | " alternatives


@lru_cache(maxsize=4)
def _compiled(entries: tuple[Entry, ...]) -> tuple[PhraseIndex, tuple[tuple[Cue, ...], ...]]:
    """Every alternative of every cue parsed once and indexed (PhraseIndex), and each entry's
    cues as groups of alternative numbers: a message is then matched once, not cue by cue."""
    numbers: dict[str, int] = {}
    compiled = []
    for entry in entries:
        cues = []
        for cue in entry.cues:
            groups = [g for g in cue.split("&") if g.strip()]
            cues.append(
                tuple(
                    frozenset(
                        numbers.setdefault(a.strip(), len(numbers))
                        for a in group.split("|")
                        if a.strip()
                    )
                    for group in groups
                )
            )
        compiled.append(tuple(cues))
    return PhraseIndex(phrase(a) for a in numbers), tuple(compiled)


def general_question(text: str, entries: tuple[Entry, ...] | None = None) -> Entry | None:
    """The knowledge entry `text` asks about, or None when it is no general question.

    The same as trying each entry's cues in order with `cue_matches`, only faster.
    """
    toks = tokens(text)
    if not toks:
        return None
    entries = entries if entries is not None else load()
    index, compiled = _compiled(entries)
    found = {n for n in index.candidates(toks) if index.phrases[n].find(toks)}
    for entry, cues in zip(entries, compiled, strict=True):
        if any(groups and all(group & found for group in groups) for groups in cues):
            return entry
    return None
