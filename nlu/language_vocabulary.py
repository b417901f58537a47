"""Which language a very short message is in, from the words of the training data.

Statistical language identification needs more than a word or two: lingua reads "Hallo!" as
English as readily as German, and "привет" as Ukrainian as readily as Russian. The training
data knows better: "hallo" is written by the German writers far more than by anyone else. A word
counts as a vote only where one language wrote it clearly most often; words every language
uses ("Kita", "ok", town names) do not vote.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import yaml

from nlu.annotations import plain_text
from nlu.text_normalization import fold

DATA_DIR = Path(__file__).resolve().parent / "data"
_WORD = re.compile(r"[^\W\d_]{2,}")
# A word votes when most of its uses are in one language, at least three times as many as in
# any other, and it is used often enough that the share means something. ("hallo": 18 German
# uses of 27; the others write it once each, mixing German into their own language.)
MIN_SHARE = 0.6
MIN_LEAD = 3.0
MIN_COUNT = 2


def words(text: str) -> list[str]:
    """The folded words of a message (annotation markup removed)."""
    return _WORD.findall(fold(plain_text(text)))


def _examples(path: Path) -> list[str]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: list[str] = []
    for block in doc.get("nlu") or []:
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                out.append(line[2:])
    return out


@lru_cache(maxsize=2)
def load_vocabulary(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """Word -> the language that clearly owns it, over `nlu/data/<code>/*.yml`."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for language_dir in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        for path in sorted(language_dir.glob("*.yml")):
            for example in _examples(path):
                for word in set(words(example)):
                    counts[word][language_dir.name] += 1
    owned: dict[str, str] = {}
    for word, by_language in counts.items():
        ranked = by_language.most_common(2)
        language, top = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        total = sum(by_language.values())
        if total >= MIN_COUNT and top / total >= MIN_SHARE and top >= MIN_LEAD * second:
            owned[word] = language
    return owned


def vote(text: str, vocabulary: dict[str, str]) -> str | None:
    """The one language all owned words of `text` agree on, or None (no votes, or a split)."""
    languages = {vocabulary[w] for w in words(text) if w in vocabulary}
    return languages.pop() if len(languages) == 1 else None
