"""Loads every language's lexicon (nlu/lexicon/<code>.yml) into folded lookup tables.

All lexicons are merged: a German sentence may carry an Arabic-script town name, so entity
matching never depends on the detected language.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from nlu.text_normalization import fold, fold_umlauts_as_e

LEXICON_DIR = Path(__file__).parent / "lexicon"
_LETTERS = re.compile(r"[^\W\d_]+")

# The ten municipalities, from the offer database's reference data (one list for the whole
# project). Read as plain CSV: the Rasa environment cannot import the offer_db package.
MUNICIPALITIES_CSV = (
    Path(__file__).resolve().parent.parent / "offer_db" / "data" / "municipalities.csv"
)
with MUNICIPALITIES_CSV.open(encoding="utf-8", newline="") as _file:
    MUNICIPALITIES: tuple[str, ...] = tuple(row["name"] for row in csv.DictReader(_file))


@dataclass
class Lexicon:
    """Folded surface form -> canonical value, per entity kind."""

    languages: tuple[str, ...] = ()
    municipalities: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    language_names: dict[str, str] = field(default_factory=dict)
    age_words: set[str] = field(default_factory=set)
    # "second", "2nd", "der zweite", "دومی" -> "2"; "last" -> "last" (a pick from a list)
    ordinals: dict[str, str] = field(default_factory=dict)
    # "keine Ahnung", "idk", "не знаю": an answer that leaves the bot's question open
    unsure: set[str] = field(default_factory=set)
    # A whole short reply ("ja", "are", "na merci", "дякую") -> the languages whose speakers send
    # it as a message of its own (keys are reply_key() forms).
    replies: dict[str, frozenset[str]] = field(default_factory=dict)
    # Real places outside the Kreis that are one or two letters away from ours
    # ("Gelsenkirchen" is not a typo of "Geilenkirchen").
    other_places: set[str] = field(default_factory=set)


def name_variants(name: str) -> set[str]:
    """A name as written, without umlaut dots, with ue for ü, with space or nothing for '-'."""
    out = set()
    for base in (name, fold_umlauts_as_e(name)):
        folded = fold(base)
        out |= {folded, folded.replace("-", " "), folded.replace("-", "")}
    return out


def reply_key(text: str) -> str:
    """A reply as looked up: folded, words only ("D'accord !" -> "d accord")."""
    return " ".join(_LETTERS.findall(fold(text)))


def language_codes(directory: Path = LEXICON_DIR) -> tuple[str, ...]:
    """The languages the assistant supports: one lexicon file each."""
    return tuple(sorted(p.stem for p in directory.glob("*.yml")))


@lru_cache(maxsize=4)
def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """Reads and merges all lexicon files of `directory`."""
    lex = Lexicon(languages=language_codes(directory))
    for name in MUNICIPALITIES:
        for v in name_variants(name):
            lex.municipalities[v] = name
    for path in sorted(directory.glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for canonical, spellings in (doc.get("municipalities") or {}).items():
            if canonical not in MUNICIPALITIES:
                raise ValueError(f"{path}: {canonical!r} is not one of the ten municipalities")
            for spelling in spellings or []:
                for v in name_variants(str(spelling)):
                    lex.municipalities.setdefault(v, canonical)
        for number, words in (doc.get("numbers") or {}).items():
            for word in words or []:
                lex.numbers.setdefault(fold(str(word)), int(number))
        for code, names in (doc.get("languages") or {}).items():
            for lang_name in names or []:
                lex.language_names.setdefault(fold(str(lang_name)), str(code))
        for word in doc.get("age_words") or []:
            lex.age_words.add(fold(str(word)))
        for phrase in doc.get("unsure") or []:
            lex.unsure.add(" ".join(fold(str(phrase)).split()))
        for position, words in (doc.get("ordinals") or {}).items():
            for word in words or []:
                lex.ordinals.setdefault(fold(str(word)), str(position))
        code = str(doc.get("language") or path.stem)
        for reply in doc.get("replies") or []:
            key = reply_key(str(reply))
            if len(key) < 2:
                # "a+" would become "a" and turn "A1" into French.
                raise ValueError(f"{path}: reply {reply!r} has fewer than two letters")
            lex.replies[key] = lex.replies.get(key, frozenset()) | {code}
        for place in doc.get("other_places") or []:
            lex.other_places |= name_variants(str(place))
    return lex
