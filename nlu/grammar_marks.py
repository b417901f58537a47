"""The writer's grammar on German words and place names: evidence where no own word is left.

Place names and offer-world loanwords weigh nothing for the language of a message
(nlu/language_model.py cuts them out), but what people attach to them does:
  - a Turkish case ending, after an apostrophe ("Kita'ya", "Heinsberg'de", "Jobcenter'dan")
    or glued to a listed German word ("Jobcenterden", "Kitaya");
  - a French elision in front ("d'Erkelenz", "l'Ausländerbehörde", "jusqu'à" is a word anyway).
"Kitaya Heinsberg'de" has no Turkish word, yet only a Turkish speaker writes it.
Russian and Ukrainian endings on Latin words ("Jobcenter'е") are Cyrillic letters and stay in the
text; Arabic and Persian prefixes are cut with the place name and need no mark (the script tells).
"""

from __future__ import annotations

import re

from nlu.loanwords import FRENCH_ELISION, TURKISH_CASE_ENDINGS, Loanwords, elision
from nlu.text_normalization import fold

# Turkish case, plural and copula endings (folded: ı -> i, ü -> u): those the loanword lexicon
# strips, and the dative "e" and the possessive forms it need not know. After an apostrophe
# every one counts; glued to a word only those no German word ends in ("Kitas" and "Kursen"
# are German plurals, "Kitade" is Turkish).
_TURKISH_ENDINGS = TURKISH_CASE_ENDINGS | {
    "e", "taki", "teki", "tir", "tur", "ni", "nu", "si", "su", "sine", "suna", "sinde", "sunda",
}  # fmt: skip
_GLUED_TURKISH_ENDINGS = frozenset(
    e for e in _TURKISH_ENDINGS if len(e) >= 2 and e not in {"en", "er", "in", "un", "ne", "ni"}
)
_APOSTROPHE = re.compile(r"['’`´]")
_BEFORE_ELISION = re.compile(rf"\b{FRENCH_ELISION}\s*$", re.IGNORECASE)

TURKISH = "tr"
FRENCH = "fr"


def turkish_ending(word: str, stem: str) -> bool:
    """True when `word` is `stem` (a German word or place name) with a Turkish ending."""
    parts = _APOSTROPHE.split(word, maxsplit=1)
    if len(parts) == 2:
        # Endings stack ("Übach'tayız": locative + "we are"): the first one tells.
        tail = fold(parts[1])
        return tail.isalpha() and any(tail.startswith(e) for e in _TURKISH_ENDINGS)
    folded, folded_stem = fold(word), fold(stem)
    if folded.startswith(folded_stem):
        return folded[len(folded_stem) :] in _GLUED_TURKISH_ENDINGS
    # A misspelt town with a glued ending ("Hukelhovenden"): a three-letter ending is no
    # typo, and what is left before it is about as long as the name.
    return any(
        folded.endswith(e) and len(folded) - len(e) >= len(folded_stem) - 1
        for e in _GLUED_TURKISH_ENDINGS
        if len(e) >= 3
    )


def _loanword_stem(word: str, loanwords: Loanwords) -> str | None:
    """The listed word a glued Turkish ending hangs on ("Jobcenterden" -> "jobcenter")."""
    folded = fold(word)
    for ending in sorted(_GLUED_TURKISH_ENDINGS, key=len, reverse=True):
        stem = folded[: -len(ending)]
        if folded.endswith(ending) and len(stem) >= 3 and stem in loanwords.words:
            return stem
    return None


def marks_on_loanword(word: str, text_before: str, loanwords: Loanwords) -> list[str]:
    """Languages shown by what is attached to one loanword of a message."""
    marks = [FRENCH] if _BEFORE_ELISION.search(text_before) else []
    if _APOSTROPHE.search(word):
        stem: str | None = _APOSTROPHE.split(word)[0]
    elif fold(word) in loanwords.words:
        stem = None  # the listed word itself, or a German form of it
    else:
        stem = _loanword_stem(word, loanwords)
    if stem is not None and turkish_ending(word, stem):
        marks.append(TURKISH)
    return marks


def marks_on_place(written: str, name: str, text_before: str) -> list[str]:
    """Languages shown by what is attached to a place name as written ("d'Erkelenz",
    "Heinsberg'de"); `name` is its canonical German form."""
    marks = []
    if elision(written) or _BEFORE_ELISION.search(text_before):
        marks.append(FRENCH)
    bare = written[len(elision(written)) :]
    if turkish_ending(bare, name):
        marks.append(TURKISH)
    return marks
