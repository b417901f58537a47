"""Deterministic phrase matching for lexicons that staff and translators write as data.

Used where a miss is worse than a guess: the emergency safety net (nlu/emergency_lexicon/) and
the general questions the assistant answers itself (nlu/question_lexicon/). A learned model
gives probabilities; a lexicon gives a reason that anyone can read and extend.

Phrase syntax (one string, matched on folded text, see nlu.text_normalization.fold):

- words separated by spaces must appear in this order, each within `MAX_GAP` words of the
  one before ("bıçak* saldır*" matches "bıçakla bana saldırdı");
- `word*` matches every word starting with `word` (stems: "saldır*" -> "saldırdı");
- `*word*` matches every word containing `word` (Arabic and Persian glue و/ب/ال to the front:
  "*سکین*" -> "بالسکین");
- whole Latin-script words (not stems) of `FUZZY_MIN_LENGTH` letters or more also match with
  one typo (a letter wrong, missing, added or two swapped), because people in distress type fast;
- a lone `*` between words is only for readability: up to MAX_GAP words may always come between.

A cue (question lexicon) is several alternatives groups joined by " & ": every group must match
somewhere in the message, in any order; the alternatives of a group are separated by " | ".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from nlu.text_normalization import fold

MAX_GAP = 3
# Shorter words are too close to harmless ones: "schläft" (sleeps) is one letter from
# "schlägt" (hits). Common typos of short words are listed in the lexicons instead.
FUZZY_MIN_LENGTH = 8
_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """The folded words of `text` (letters and digits: Arabizi writes ع as 3)."""
    return _TOKEN.findall(fold(text))


def within_one_edit(a: str, b: str) -> bool:
    """True when `a` and `b` differ by at most one substitution, insertion, deletion or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if la < lb else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


@dataclass(frozen=True)
class Word:
    """One word of a phrase: exact, a prefix (`word*`) or an infix (`*word*`)."""

    text: str
    prefix: bool = False
    infix: bool = False

    @classmethod
    def parse(cls, raw: str) -> Word:
        infix = raw.startswith("*") and raw.endswith("*") and len(raw) > 2
        prefix = raw.endswith("*") and not infix
        return cls(raw.strip("*"), prefix=prefix, infix=infix)

    def matches(self, token: str) -> bool:
        w = self.text
        if self.infix:
            return w in token
        if self.prefix:
            # No typo tolerance for stems: "отравил*" (poisoned) would take "отправила" (sent).
            return token.startswith(w)
        if token == w:
            return True
        return self.fuzzy and within_one_edit(w, token)

    @property
    def fuzzy(self) -> bool:
        """Whether a whole word also matches with one typo: long Latin-script words only.
        Cyrillic and Arabic inflect by one letter ("забирает" takes, "запирает" locks in), so
        a typo there is listed in the lexicon instead."""
        whole = not self.prefix and not self.infix
        return whole and len(self.text) >= FUZZY_MIN_LENGTH and self.text.isascii()


@dataclass(frozen=True)
class Phrase:
    """Words in order, each within MAX_GAP words of the previous one."""

    source: str
    words: tuple[Word, ...]

    @classmethod
    def parse(cls, raw: str) -> Phrase:
        parts = [p for p in fold(raw.strip()).split() if p.strip("*")]
        words = []
        for part in parts:
            # A written-out part may fold into several tokens ("e-mail"): keep them in order.
            stars_front, stars_back = part.startswith("*"), part.endswith("*")
            pieces = _TOKEN.findall(part) or [part]
            for i, piece in enumerate(pieces):
                front = "*" if stars_front and i == 0 else ""
                back = "*" if stars_back and i == len(pieces) - 1 else ""
                words.append(Word.parse(f"{front}{piece}{back}"))
        return cls(raw, tuple(words))

    def find(self, toks: list[str]) -> bool:
        if not self.words:
            return False
        return any(self._from(toks, 0, start) for start in range(len(toks)))

    def _from(self, toks: list[str], index: int, position: int) -> bool:
        if not self.words[index].matches(toks[position]):
            return False
        if index + 1 == len(self.words):
            return True
        last = min(len(toks), position + 2 + MAX_GAP)
        return any(self._from(toks, index + 1, p) for p in range(position + 1, last))


@cache
def phrase(raw: str) -> Phrase:
    """A parsed phrase (cached: the lexicons are parsed once per process).

    Unbounded on purpose: the emergency lexicons alone hold over 5,000 phrases, and a bounded
    cache scanned in order evicts every phrase before it is needed again (each message then
    parsed them all anew: 200-500 ms per message).
    """
    return Phrase.parse(raw)


def _one_letter_shorter(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class PhraseIndex:
    """Phrases indexed by their first word, so that a message is checked only against the
    phrases whose first word matches one of its tokens; the rest cannot match.

    `matching(toks)` gives the same phrases, in the same (insertion) order, as trying every
    phrase's `find` in turn, only faster: thousands of phrases, a message of a dozen words.
    """

    def __init__(self, phrases: Iterable[Phrase]) -> None:
        self.phrases: tuple[Phrase, ...] = tuple(phrases)  # one without words never matches
        self._exact: dict[str, list[int]] = {}
        self._near: dict[str, list[int]] = {}  # one letter shorter: typo candidates
        self._prefix: dict[str, list[int]] = {}
        self._infix: dict[str, list[int]] = {}
        for order, p in enumerate(self.phrases):
            if not p.words:
                continue
            first = p.words[0]
            if first.infix:
                self._infix.setdefault(first.text, []).append(order)
            elif first.prefix:
                self._prefix.setdefault(first.text, []).append(order)
            else:
                self._exact.setdefault(first.text, []).append(order)
                if first.fuzzy:
                    # Symmetric deletes: two words within one edit share a one-letter-shorter
                    # form (or one is that form of the other); `find` checks the edit itself.
                    for key in _one_letter_shorter(first.text) | {first.text}:
                        self._near.setdefault(key, []).append(order)
        self._longest_prefix = max((len(w) for w in self._prefix), default=0)
        self._longest_infix = max((len(w) for w in self._infix), default=0)

    def candidates(self, toks: list[str]) -> list[int]:
        """Orders of the phrases whose first word may match a token (a superset of matches)."""
        found: set[int] = set()
        for tok in set(toks):
            found.update(self._exact.get(tok, ()))
            if self._near and len(tok) >= FUZZY_MIN_LENGTH - 1:
                for key in _one_letter_shorter(tok) | {tok}:
                    found.update(self._near.get(key, ()))
            for end in range(1, min(len(tok), self._longest_prefix) + 1):
                found.update(self._prefix.get(tok[:end], ()))
            if self._infix:
                for start in range(len(tok)):
                    stop = min(len(tok), start + self._longest_infix)
                    for end in range(start + 1, stop + 1):
                        found.update(self._infix.get(tok[start:end], ()))
        return sorted(found)

    def matching(self, toks: list[str]) -> Iterator[Phrase]:
        """The phrases found in `toks`, in insertion order."""
        for order in self.candidates(toks):
            if self.phrases[order].find(toks):
                yield self.phrases[order]


def any_phrase(toks: list[str], phrases: Iterable[str]) -> str | None:
    """The first of `phrases` found in `toks`, or None."""
    for raw in phrases:
        if phrase(raw).find(toks):
            return raw
    return None


def cue_matches(toks: list[str], cue: str) -> bool:
    """True when every " & " group of `cue` has one " | " alternative in `toks`."""
    groups = [g for g in cue.split("&") if g.strip()]
    return bool(groups) and all(
        any_phrase(toks, [a for a in group.split("|") if a.strip()]) is not None for group in groups
    )
