"""Finds municipalities, child ages, course levels and language names in any script.

A spaCy blank multi-language tokenizer splits the text; every token's NORM is set to its folded
form (nlu.text_normalization.fold) and a spaCy PhraseMatcher on NORM finds the lexicon's
spellings, also multi-word ones ("übach palenberg", "هاینس برگ"). What the matcher misses is
tried again with grammatical affixes removed (Russian "в Вегберге", Turkish "Wegberg'de",
Arabic "بهاينسبرغ") and, for long names, with one or two typos tolerated ("Erkelens").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlu.lexicon import Lexicon, load_lexicon
from nlu.text_normalization import ascii_digits, fold


@dataclass(frozen=True)
class Found:
    """An entity found in the text: span in the original text and canonical value."""

    entity: str
    start: int
    end: int
    text: str
    value: str


# Grammatical endings and clitics that attach to a name; longest first.
_SUFFIXES = sorted(
    {
        # Russian / Ukrainian cases
        "е",
        "а",
        "у",
        "ом",
        "ем",
        "і",
        "ы",
        "и",
        "ой",
        "ах",
        "ові",
        "еві",
        # Turkish case endings (apostrophe already split off or typed without it)
        "de",
        "da",
        "te",
        "ta",
        "den",
        "dan",
        "ten",
        "tan",
        "e",
        "a",
        "ye",
        "ya",
        "in",
        "un",
        "nin",
        "nun",
        "deki",
        "daki",
        "teki",
        "taki",
        "li",
        "lu",
        # ... with "we are" / "I am" stacked on ("Heinsbergliyiz", "Erkelenzteyiz")
        "liyiz",
        "luyuz",
        "liyim",
        "luyum",
        "deyiz",
        "dayiz",
        "teyiz",
        "tayiz",
        "deyim",
        "dayim",
        "teyim",
        "tayim",
        # Persian ezafe / object marker written attached
        "ی",
        "ه",
        "را",
    },
    key=len,
    reverse=True,
)
_PREFIXES = sorted({"و", "ب", "ل", "ف", "وب", "ول", "فی", "در", "به", "از"}, key=len, reverse=True)
_APOSTROPHES = "'’`´"
# A level: a letter (Latin, or the Cyrillic look-alikes А В С and Б) and 1 or 2.
_LEVEL = re.compile(r"(?<![\w])([abcабвс])(\s?-?\s?)([12])(?![\d\w])", re.IGNORECASE)
_LEVEL_MAP = {"а": "A", "в": "B", "б": "B", "с": "C"}
# Words that, after "a 1"/"a 2", show an article or verb with a number, not a level.
_NOT_AFTER_LEVEL = {"an", "min", "mins", "minute", "minutes", "hour", "hours", "h", "km", "x"}
# One or two digits that are not part of a time (10:30, 9 Uhr), a date, a decimal (3,5) or a
# postcode, and not glued to a letter before them (Arabizi "ma3", Kita group "U3").
_DIGITS = re.compile(
    r"(?<![\d:/\w])(?<!\d[.,])(\d{1,2})(?![\d:/]|[.,]\d|\s?(?:uhr|h\b|:))", re.IGNORECASE
)
_TRAILING_LETTERS = re.compile(r"[^\W\d_]+")
# A number before a unit of time or a school grade is no age: "seit 3 Wochen", "2 months",
# "9 klasse", "شهرين". Stems, folded; matched against the start of the next word.
_NOT_AGE_UNITS = (
    "woche", "monat", "tage", "stunde", "minute", "klasse", "week", "month", "day", "hour",
    "grade", "class", "semaine", "mois", "jour", "heure", "недел", "месяц", "дня", "дней",
    "час", "класс", "тиждень", "тижн", "місяц", "днів", "годин", "клас", "hafta", "gun",
    "saat", "sinif", "ماه", "هفته", "روز", "ساعت", "کلاس", "شهر", "اشهر", "شهور", "اسبوع",
    "اسابیع", "ایام", "یوم", "ساعه", "ساعات", "صف",
)  # fmt: skip
_NEXT_WORD = re.compile(r"\s*([^\W\d_]+)")
# "number 3", "nr. 4", "номер 2", "رقم ٣", "shomare 4", "3 numara": a pick from the bot's
# numbered list, not a child's age.
_LIST_PICK_BEFORE = re.compile(
    r"(?:\b(?:number|nummer|numero|numéro|num|nr|option|номер|nomer|raqam|ra2am|shomare"
    r"|shomara)\.?|\bno\.|رقم|شماره|شمارهٔ)\s*:?\s*$",
    re.IGNORECASE,
)
# Words of an "I don't know" answer, apostrophes kept ("don't", "n'sais"); longer messages say
# more than that ("I don't know where to register my son for school").
_UNSURE_WORD = re.compile(r"[\w'’]+")
UNSURE_MAX_WORDS = 6
# A word as typed, with inner apostrophes, dots and hyphens: "2nd", "2.", "2-й", "2'nci".
_PICK_TOKEN = re.compile(r"[^\s,;:!?()\"]+")
_LIST_PICK_AFTER = re.compile(
    r"^\s*(?:numara|numaral|[.'’]\s?(?:si|sı|su|sü|nci|ncı|üncü|uncu)\b)", re.IGNORECASE
)


def _picks_from_a_list(digits: str, number: re.Match[str]) -> bool:
    """True when a word around the number makes it a pick ("number 3", "3 numara")."""
    return bool(
        _LIST_PICK_BEFORE.search(digits[: number.start()])
        or _LIST_PICK_AFTER.match(digits[number.end() :])
    )


def _before_a_unit(rest: str) -> bool:
    """True when the word after a number is a unit of time or a school grade."""
    found = _NEXT_WORD.match(rest)
    return bool(found) and fold(found.group(1)).startswith(_NOT_AGE_UNITS)


def _damerau_levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance with transpositions; returns limit+1 as soon as it is exceeded."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class EntityMatcher:
    """Holds the tokenizer and matchers built from the lexicons; cheap to call per message."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or load_lexicon()
        self.nlp = spacy.blank("xx")
        self.places = self._phrase_matcher(self.lexicon.municipalities)
        self.number_phrases = self._phrase_matcher(
            {word: str(value) for word, value in self.lexicon.numbers.items()}
        )
        self.single_word_places = {
            k: v for k, v in self.lexicon.municipalities.items() if " " not in k
        }
        # Each message is searched twice: by the language identifier (to cut the names out)
        # and by the entity extractor. The fuzzy search costs about 3 ms, so the second
        # search of the same text is answered from here.
        self._municipalities = lru_cache(maxsize=64)(self._find_municipalities)
        # The typo-tolerant search compares a word with every long place name (about 1 ms per
        # word, profiled); people reuse the same words, so each word is looked up once.
        self._token_place = lru_cache(maxsize=50_000)(self._find_token_place)  # type: ignore[method-assign]
        self._long_places = [
            (s, frozenset(s), v) for s, v in self.single_word_places.items() if len(s) >= 6
        ]

    def _doc(self, text: str) -> Doc:
        doc = self.nlp.make_doc(text)
        for token in doc:
            token.norm_ = fold(token.text).strip(_APOSTROPHES)
        return doc

    def _phrase_matcher(self, table: dict[str, str]) -> PhraseMatcher:
        matcher = PhraseMatcher(self.nlp.vocab, attr="NORM")
        for surface, value in table.items():
            matcher.add(value, [self._doc(surface)])
        return matcher

    # -- municipalities -------------------------------------------------------------------
    def _find_token_place(self, norm: str) -> str | None:
        """A single token's municipality after removing affixes or tolerating typos."""
        table = self.single_word_places
        if norm in table:
            return table[norm]
        if norm in self.lexicon.other_places:
            return None
        for cut in re.split(f"[{_APOSTROPHES}]", norm)[:1]:
            if cut in table:
                return table[cut]
        stems = {norm}
        for p in _PREFIXES:
            if norm.startswith(p) and len(norm) - len(p) >= 4:
                stems.add(norm[len(p) :])
        for stem in list(stems):
            for s in _SUFFIXES:
                if stem.endswith(s) and len(stem) - len(s) >= 4:
                    stems.add(stem[: -len(s)])
        for stem in stems:
            if stem in table:
                return table[stem]
        if len(norm) < 6:
            return None
        limit = 1 if len(norm) < 9 else 2
        best: tuple[int, str] | None = None
        for stem in stems:
            letters = frozenset(stem)
            for surface, surface_letters, value in self._long_places:
                # Each letter of one word missing from the other needs an edit of its own: a
                # lower bound of the distance that skips most names without the full table.
                if len(letters - surface_letters) > limit or len(surface_letters - letters) > limit:
                    continue
                d = _damerau_levenshtein(stem, surface, limit)
                if d <= limit and (best is None or d < best[0]):
                    best = (d, value)
        return best[1] if best else None

    def municipalities(self, text: str) -> list[Found]:
        """Every municipality named in `text`, in order of appearance."""
        return list(self._municipalities(text))

    def _find_municipalities(self, text: str) -> tuple[Found, ...]:
        doc = self._doc(text)
        found: list[Found] = []
        covered: set[int] = set()
        matches = sorted(self.places(doc), key=lambda m: (m[1], -(m[2] - m[1])))
        for match_id, start, end in matches:
            if covered & set(range(start, end)):
                continue
            span = doc[start:end]
            covered |= set(range(start, end))
            value = self.nlp.vocab.strings[match_id]
            found.append(Found("municipality", span.start_char, span.end_char, span.text, value))
        for token in doc:
            if (
                token.i in covered
                or not token.is_alpha
                and not any(c.isalpha() for c in token.text)
            ):
                continue
            value = self._token_place(token.norm_)
            if value:
                end = token.idx + len(token.text.rstrip(_APOSTROPHES))
                found.append(Found("municipality", token.idx, end, text[token.idx : end], value))
        return tuple(_merge_split_names(text, sorted(found, key=lambda f: f.start)))

    # -- child ages -------------------------------------------------------------------------
    def _is_age_word(self, norm: str) -> bool:
        return norm in self.lexicon.age_words or norm.strip(".") in self.lexicon.age_words

    def _is_age_compound(self, norm: str) -> bool:
        """A number word fused with an age word: "vierjährige", "четырехлетний", "چهارساله"."""
        return any(len(w) >= 3 and w in norm and norm != w for w in self.lexicon.age_words)

    def _digit_ages(self, text: str) -> list[Found]:
        found: list[Found] = []
        levels = [(f.start, f.end) for f in self.course_levels(text)]
        digits = ascii_digits(text)
        for m in _DIGITS.finditer(digits):
            if any(a <= m.start() < b for a, b in levels):
                continue
            glued = _TRAILING_LETTERS.match(digits, m.end())
            if glued and not self._is_age_word(fold(glued.group(0))):
                continue  # Arabizi ("7ada") or a code, not an age
            if _picks_from_a_list(digits, m):
                continue
            if _before_a_unit(digits[m.end() :]):
                continue  # "seit 3 Wochen", "9 klasse"
            value = int(m.group(1))
            if 0 < value <= 18:
                found.append(
                    Found("child_age", m.start(), m.end(), text[m.start() : m.end()], str(value))
                )
        return found

    def child_ages(self, text: str) -> list[Found]:
        """Ages 0..18 written as digits or number words (also two-word numbers: "on iki").

        Number words double as articles ("eine Kita", "bir kurs", "un cours"), so a word counts
        only in a short message or next to an age word ("vier Jahre", "четыре года"); "one"/1
        always needs the age word ("I need one course" is not an age).
        """
        found = self._digit_ages(text)
        doc = self._doc(text)
        short = len([t for t in doc if not t.is_punct]) <= 4
        norms = [t.norm_ for t in doc]
        covered: set[int] = set()
        for match_id, start, end in sorted(self.number_phrases(doc), key=lambda m: m[1] - m[2]):
            if covered & set(range(start, end)):
                continue
            value = int(self.nlp.vocab.strings[match_id])
            if _LIST_PICK_BEFORE.search(text[: doc[start].idx]):
                continue  # "number two"
            if _before_a_unit(text[doc[end - 1].idx + len(doc[end - 1].text) :]):
                continue  # "zwei Monate"
            window = norms[max(0, start - 2) : start] + norms[end : end + 3]
            compound = end - start == 1 and self._is_age_compound(norms[start])
            has_age_word = any(self._is_age_word(w) for w in window)
            if not 0 < value <= 18 or not (compound or has_age_word or (short and value > 1)):
                continue
            covered |= set(range(start, end))
            span = doc[start:end]
            found.append(Found("child_age", span.start_char, span.end_char, span.text, str(value)))
        return sorted(found, key=lambda f: f.start)

    # -- course levels ----------------------------------------------------------------------
    def course_levels(self, text: str) -> list[Found]:
        """CEFR levels A1..C1 ("a2", "B 1", Cyrillic "А2", "В1").

        Not a level: "a 2 year old" (English article + age) and Russian/Ukrainian "в 1 классе"
        (preposition + number).
        """
        found = []
        for m in _LEVEL.finditer(text):
            letter, gap, digit = m.group(1).lower(), m.group(2), m.group(3)
            if gap:
                if letter == "в":
                    continue  # Russian/Ukrainian preposition "в 1 классе"
                after = [
                    t.norm_ for t in self._doc(text[m.end() :]) if not (t.is_punct or t.is_space)
                ][:1]
                if after and (self._is_age_word(after[0]) or after[0] in _NOT_AFTER_LEVEL):
                    continue  # "a 2 year old", "il a 1 an", "a 2 minutes walk"
            level = _LEVEL_MAP.get(letter, letter.upper()) + digit
            found.append(Found("course_level", m.start(), m.end(), m.group(0), level))
        return found

    # -- picks from the bot's numbered list ---------------------------------------------------
    def list_picks(self, text: str) -> list[Found]:
        """Which item of the bot's numbered list a message picks: "number 3", "3 numara",
        ordinals of the lexicons ("the second one", "2nd", "ikincisi", "دومی", "last").

        A bare "2" is left to the dialogue: after "How old is your child?" it is an age."""
        found = []
        digits = ascii_digits(text)
        for m in _DIGITS.finditer(digits):
            if _picks_from_a_list(digits, m):
                found.append(
                    Found("list_pick", m.start(), m.end(), m.group(1), str(int(m.group(1))))
                )
        for m in _PICK_TOKEN.finditer(text):
            word = fold(m.group()).strip(_APOSTROPHES)
            position = self.lexicon.ordinals.get(word) or self.lexicon.ordinals.get(
                word.rstrip(".")
            )
            overlaps = any(f.start < m.end() and m.start() < f.end for f in found)
            if position is not None and not overlaps:
                found.append(Found("list_pick", m.start(), m.end(), m.group(), position))
        return sorted(found, key=lambda f: f.start)

    # -- "I don't know" ------------------------------------------------------------------------
    def unsure_answers(self, text: str) -> list[Found]:
        """An "I don't know" / "doesn't matter" of the lexicons in a short message ("keine
        Ahnung", "idk", "не знаю какой уровень", "ما بعرف"): value "any"."""
        words = _UNSURE_WORD.findall(fold(text))
        if not words or len(words) > UNSURE_MAX_WORDS:
            return []
        joined = f" {' '.join(words)} "
        if any(f" {phrase} " in joined for phrase in self.lexicon.unsure):
            return [Found("unsure", 0, len(text), text, "any")]
        return []

    # -- language names ---------------------------------------------------------------------
    def language_names(self, text: str) -> list[Found]:
        """Names of languages the user wants to switch to ("Arabisch", "на арабском", "فارسی")."""
        found = []
        names = self.lexicon.language_names
        for token in self._doc(text):
            norm = token.norm_
            code = names.get(norm)
            if code is None:
                for p in _PREFIXES:
                    if norm.startswith(p) and norm[len(p) :] in names:
                        code = names[norm[len(p) :]]
                        break
            if code:
                found.append(
                    Found("language", token.idx, token.idx + len(token.text), token.text, code)
                )
        return found


def _merge_split_names(text: str, found: list[Found]) -> list[Found]:
    """One hit for "Übach-Palenberg'de", which the tokenizer splits into two parts."""
    merged: list[Found] = []
    for f in found:
        prev = merged[-1] if merged else None
        if prev and prev.value == f.value and text[prev.end : f.start].strip(" -") == "":
            merged[-1] = Found(prev.entity, prev.start, f.end, text[prev.start : f.end], f.value)
        else:
            merged.append(f)
    return merged


@lru_cache(maxsize=1)
def default_matcher() -> EntityMatcher:
    """The matcher over the repository's lexicons (built once per process)."""
    return EntityMatcher()
