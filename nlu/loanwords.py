"""German words of the offer world inside other languages ("Мне нужен Berechtigungsschein").

The words come from nlu/lexicon/loanwords/de.yml (see the comment there for what belongs in it).
A Latin-script word of a message is a loanword when, folded (nlu.text_normalization), it is
  - a listed word, possibly with a German ending ("Kitas") or a Turkish case ending, with or
    without apostrophe ("Jobcenter'a", "Kitaya");
  - a compound of listed words and compound heads, parts joined directly, by a linking "s" or by
    hyphens ("Kitaplatz", "Integrationskursträger", "Kita-Portal").
Multi-word names ("Agentur für Arbeit") are matched as a whole, so their "für" is no German
evidence either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from nlu.text_normalization import fold, fold_umlauts_as_e

LOANWORDS_FILE = Path(__file__).resolve().parent / "lexicon" / "loanwords" / "de.yml"

# A Latin-script word, with inner hyphens and one apostrophe suffix ("Jobcenter'a", "Kita-Portal").
_LATIN_WORD = re.compile(
    r"[A-Za-z\u00C0-\u024F]+(?:-[A-Za-z\u00C0-\u024F]+)*(?:['’`][A-Za-z\u00C0-\u024F]+)?"
)
_APOSTROPHE = re.compile(r"['’`]")
# A French elided article or preposition in front of a word ("l'Ausländerbehörde", "d'Erkelenz").
FRENCH_ELISION = r"(?:l|d|qu|jusqu|lorsqu)['’`´]"
_FRENCH_ELISION = re.compile(f"^{FRENCH_ELISION}", re.IGNORECASE)
# German plural/case endings, then Turkish case and plural endings (folded: ı -> i, ü -> u),
# which people also attach without an apostrophe ("Jobcentera gittim").
TURKISH_CASE_ENDINGS = frozenset(
    {"a", "i", "u", "da", "de", "ta", "te", "dan", "den", "tan", "ten", "ya", "ye", "yi"}
    | {"yu", "nin", "in", "un", "nun", "la", "le", "yla", "yle", "lar", "ler", "lari", "leri"}
    | {"na", "ne", "ndan", "nden", "nda", "nde", "daki", "deki", "dir", "dur"}
)
_ENDINGS = frozenset({"s", "es", "n", "en", "e", "er", "ern", "nen"}) | TURKISH_CASE_ENDINGS
# Pieces shorter than this are only matched as a whole word ("VHS", "DRK", "OGS"), never as a
# part of a compound or with an ending, where they would match by chance.
_MIN_PIECE = 4


def elision(word: str) -> str:
    """The French elision a word starts with ("l'" of "l'Ausländerbehörde"), or ""."""
    found = _FRENCH_ELISION.match(word)
    return found.group() if found else ""


def _forms(word: str) -> set[str]:
    """Folded spellings of a listed word: as written and with ü -> ue, no hyphens or spaces."""
    out = set()
    for base in (word, fold_umlauts_as_e(word)):
        folded = fold(base)
        out.add(re.sub(r"[\s\-]+", "", folded))
    return out


@dataclass
class Loanwords:
    """Lookup of the lexicon's words, compounds and multi-word names."""

    words: set[str] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)
    phrases: list[tuple[str, ...]] = field(default_factory=list)  # longest first

    def __post_init__(self) -> None:
        # The same words come back in every message ("Kita", "bitte"): decide each once.
        self._cached_is_loanword = lru_cache(maxsize=65536)(self.is_loanword)

    def _segments(self, piece: str, first: bool) -> bool:
        """True when `piece` is listed words/heads joined (directly or by a linking "s"), the
        last one possibly with an ending. A head alone is no loanword ("Kurs", "Café")."""
        if piece in self.words or (not first and piece in self.heads):
            return True
        for cut in range(len(piece) - 1, _MIN_PIECE - 1, -1):
            head, rest = piece[:cut], piece[cut:]
            if head not in self.words and head not in self.heads:
                continue
            if rest in _ENDINGS and (head in self.words or not first):
                return True
            if self._segments(rest, first=False):
                return True
            if rest.startswith("s") and len(rest) > 1 and self._segments(rest[1:], first=False):
                return True
        return False

    def is_loanword(self, token: str) -> bool:
        """True for one Latin-script word (with hyphens/apostrophe) of the lexicon."""
        base = _APOSTROPHE.split(token)[0]
        pieces = [p for p in base.split("-") if p]
        if not pieces:
            return False
        for variant in {fold(base), fold(fold_umlauts_as_e(base))}:
            joined = variant.replace("-", "")
            if joined in self.words:
                return True
            parts = [p for p in variant.split("-") if p]
            if len(parts) > 1 and all(p in self.words or p in self.heads for p in parts):
                return True
            if all(self._segments(p, first=i == 0) for i, p in enumerate(parts)):
                return True
        return False

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the loanwords in `text`, in order, not overlapping."""
        tokens = []
        for m in _LATIN_WORD.finditer(text):
            # "l'Ausländerbehörde": the word is what follows the elision.
            cut = len(elision(m.group()))
            tokens.append((m.start() + cut, m.end(), m.group()[cut:]))
        bases = [_APOSTROPHE.split(t)[0] for _, _, t in tokens]
        plain = [fold(b) for b in bases]
        umlauts_as_e = [fold(fold_umlauts_as_e(b)) for b in bases]
        found: list[tuple[int, int]] = []
        i = 0
        while i < len(tokens):
            for phrase in self.phrases:
                n = len(phrase)
                if tuple(plain[i : i + n]) == phrase or tuple(umlauts_as_e[i : i + n]) == phrase:
                    found.append((tokens[i][0], tokens[i + n - 1][1]))
                    i += n
                    break
            else:
                if self._cached_is_loanword(tokens[i][2]):
                    found.append((tokens[i][0], tokens[i][1]))
                i += 1
        return found

    def remove(self, text: str) -> str:
        """`text` with every loanword replaced by a space."""
        for start, end in reversed(self.spans(text)):
            text = text[:start] + " " + text[end:]
        return text


def load_loanwords(path: Path = LOANWORDS_FILE) -> Loanwords:
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    lex = Loanwords()
    phrases: set[tuple[str, ...]] = set()
    for words in (doc.get("topics") or {}).values():
        for word in words or []:
            word = str(word)
            if " " in word.strip():
                for base in (word, fold_umlauts_as_e(word)):
                    phrases.add(tuple(fold(base).split()))
            else:
                lex.words |= _forms(word)
    for head in doc.get("compound_heads") or []:
        lex.heads |= _forms(str(head))
    lex.phrases = sorted(phrases, key=len, reverse=True)
    return lex


@lru_cache(maxsize=1)
def default_loanwords() -> Loanwords:
    return load_loanwords()
