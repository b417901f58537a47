"""Russian, Ukrainian, Arabic and Persian as people type them in Latin letters.

Newcomers often have no Cyrillic or Arabic keyboard at hand (a borrowed phone, a German work
computer): they write "gde kursy nemeckogo", "de mozhna znayty sadok", Arabic chat alphabet with
digits for the letters Latin lacks ("3ayez a3ref", 3 = ع, 7 = ح, 5 = خ, 2 = ء/ق, 9 = ص) or
Persian "Finglish" ("kojast", "mikham"). There is no one standard: each letter has a few usual
spellings, and a writer mixes them. `transliterate` draws one spelling per letter from those
(seeded, so the generated training files are reproducible); Arabic and Persian script write no
short vowels, so one is sometimes inserted between two consonants, as writers do.

Used to generate Latin-script training examples from the native-script ones
(`python -m nlu.transliteration`, writing nlu/data/<code>/latin_script_generated.yml).
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import yaml

from nlu.annotations import ANNOTATION, plain_text
from nlu.text_normalization import fold_umlauts_as_e

_RU = {
    "а": ["a"], "б": ["b"], "в": ["v"], "г": ["g"], "д": ["d"], "е": ["e", "e", "e", "ie"],
    "ё": ["e", "yo", "jo"], "ж": ["zh", "zh", "j"], "з": ["z"], "и": ["i"],
    "й": ["y", "j", "i"], "к": ["k"], "л": ["l"], "м": ["m"], "н": ["n"], "о": ["o"],
    "п": ["p"], "р": ["r"], "с": ["s"], "т": ["t"], "у": ["u"], "ф": ["f"],
    "х": ["h", "kh", "h"], "ц": ["c", "ts", "tz"], "ч": ["ch"], "ш": ["sh"],
    "щ": ["sch", "shch", "sh"], "ъ": [""], "ы": ["y", "y", "i"], "ь": ["", "", "'"],
    "э": ["e"], "ю": ["yu", "ju", "u"], "я": ["ya", "ja", "ia"],
}  # fmt: skip
_UK = {
    "а": ["a"], "б": ["b"], "в": ["v"], "г": ["h", "h", "g"], "ґ": ["g"], "д": ["d"],
    "е": ["e"], "є": ["ye", "ie", "je"], "ж": ["zh", "zh", "j"], "з": ["z"],
    "и": ["y", "y", "i"], "і": ["i"], "ї": ["yi", "ji", "i"], "й": ["y", "j", "i"],
    "к": ["k"], "л": ["l"], "м": ["m"], "н": ["n"], "о": ["o"], "п": ["p"], "р": ["r"],
    "с": ["s"], "т": ["t"], "у": ["u"], "ф": ["f"], "х": ["kh", "h", "h"],
    "ц": ["ts", "c", "tz"], "ч": ["ch"], "ш": ["sh"], "щ": ["shch", "sch", "sh"],
    "ь": ["", "", "'"], "ю": ["yu", "ju", "iu"], "я": ["ya", "ja", "ia"], "'": [""],
    "’": [""], "ʼ": [""], "ё": ["yo"], "ы": ["y"], "э": ["e"], "ъ": [""],
}  # fmt: skip
# Arabic chat alphabet (Arabizi): digits for the letters without a Latin look-alike.
_AR = {
    "ا": ["a", "a", "e"], "أ": ["a", "2a", "a"], "إ": ["e", "i", "2e"], "آ": ["a", "2a"],
    "ء": ["2", "", "'"], "ؤ": ["2", "o"], "ئ": ["2", "e", "y"], "ب": ["b"], "ت": ["t"],
    "ث": ["th", "s", "t"], "ج": ["j", "g", "j"], "ح": ["7", "7", "h"], "خ": ["5", "kh", "7'"],
    "د": ["d"], "ذ": ["th", "z", "d"], "ر": ["r"], "ز": ["z"], "س": ["s"],
    "ش": ["sh", "sh", "ch"], "ص": ["s", "9", "s"], "ض": ["d", "9'", "d"], "ط": ["t", "6", "t"],
    "ظ": ["z", "6'", "z"], "ع": ["3", "3", "3"], "غ": ["gh", "3'", "gh"], "ف": ["f"],
    "ق": ["2", "q", "g", "k"], "ك": ["k"], "ک": ["k"], "ل": ["l"], "م": ["m"], "ن": ["n"],
    "ه": ["h"], "ة": ["a", "e", "eh"], "و": ["w", "o", "ou", "u"], "ي": ["y", "i", "ee", "e"],
    "ی": ["y", "i", "ee", "e"], "ى": ["a", "y"], "گ": ["g"], "پ": ["p", "b"], "چ": ["ch"],
    "٠": ["0"], "١": ["1"], "٢": ["2"], "٣": ["3"], "٤": ["4"], "٥": ["5"], "٦": ["6"],
    "٧": ["7"], "٨": ["8"], "٩": ["9"], "؟": ["?"], "،": [","], "؛": [";"],
}  # fmt: skip
# Persian "Finglish": no digits; و and ی read as vowels or consonants.
_FA = {
    "ا": ["a", "a", "aa"], "آ": ["a", "aa"], "أ": ["a"], "إ": ["e"], "ء": ["", "'"],
    "ئ": ["e", "y"], "ؤ": ["o"], "ب": ["b"], "پ": ["p"], "ت": ["t"], "ث": ["s"],
    "ج": ["j"], "چ": ["ch"], "ح": ["h"], "خ": ["kh", "kh", "x"], "د": ["d"], "ذ": ["z"],
    "ر": ["r"], "ز": ["z"], "ژ": ["zh", "j"], "س": ["s"], "ش": ["sh"], "ص": ["s"],
    "ض": ["z"], "ط": ["t"], "ظ": ["z"], "ع": ["", "'", "a"], "غ": ["gh", "q"],
    "ف": ["f"], "ق": ["gh", "q"], "ک": ["k"], "ك": ["k"], "گ": ["g"], "ل": ["l"],
    "م": ["m"], "ن": ["n"], "و": ["v", "o", "oo", "u"], "ه": ["h", "e", "eh"],
    "ة": ["e"], "ی": ["i", "y", "i", "ee"], "ي": ["i", "y"], "ى": ["a"],
    "۰": ["0"], "۱": ["1"], "۲": ["2"], "۳": ["3"], "۴": ["4"], "۵": ["5"], "۶": ["6"],
    "۷": ["7"], "۸": ["8"], "۹": ["9"], "؟": ["?"], "،": [","], "\u200c": ["", "-", " "],
}  # fmt: skip
SCHEMES = {"ru": _RU, "uk": _UK, "ar": _AR, "fa": _FA}
_ARABIC_VOWEL_LETTERS = set("اآأإوويیىة")
_SHORT_VOWELS = ["a", "a", "e", "i", "o", "u"]
_HARAKAT = re.compile(r"[\u064B-\u0652\u0670\u0640]")


def _article(word: str, rng: random.Random) -> tuple[str, str]:
    """The Arabic article as chat writers spell it ("el", "al", "l-")."""
    if word.startswith("ال") and len(word) > 3:
        return rng.choice(["el", "al", "il", "l"]), word[2:]
    return "", word


def transliterate(text: str, language: str, rng: random.Random) -> str:
    """`text` in Latin letters as a writer of `language` might type it."""
    scheme = SCHEMES[language]
    arabic_script = language in {"ar", "fa"}
    if arabic_script:
        text = _HARAKAT.sub("", text)
    out_words = []
    for word in text.split(" "):
        prefix = ""
        if language == "ar":
            prefix, word = _article(word, rng)
        chars: list[str] = []
        previous_consonant = False
        for ch in word:
            lower = ch.lower()
            if lower not in scheme:
                chars.append(ch)
                previous_consonant = False
                continue
            latin = rng.choice(scheme[lower])
            consonant = arabic_script and ch not in _ARABIC_VOWEL_LETTERS and latin.isalpha()
            # Arabic script writes no short vowels; Latin writers do, between consonants.
            if consonant and previous_consonant and rng.random() < 0.55:
                latin = rng.choice(_SHORT_VOWELS) + latin
            chars.append(latin.capitalize() if ch != lower and latin else latin)
            previous_consonant = consonant
        out_words.append(prefix + "".join(chars))
    return " ".join(out_words)


_NATIVE = {"ru": re.compile(r"[\u0400-\u04FF]"), "uk": re.compile(r"[\u0400-\u04FF]")}
_NATIVE["ar"] = _NATIVE["fa"] = re.compile(r"[\u0600-\u06FF]")


def transliterate_example(example: str, language: str, rng: random.Random) -> str | None:
    """A training example in Latin letters, or None when it should not get a twin.

    Place names are written the German way, as on the signs ("v Erkelenze" is no more likely
    than "v Erkelenz"); digits and course levels stay. Examples with other annotated words
    (number words, language names) get no twin: the lexicon knows their native spelling only.
    """
    if not _NATIVE[language].search(example):
        return None  # already Latin ("ok", "ja bitte")
    pieces, last = [], 0
    for m in ANNOTATION.finditer(example):
        pieces.append(transliterate(example[last : m.start()], language, rng))
        if m.group("json") is None:
            return None
        spec = json.loads("{" + m.group("json") + "}")
        entity, value = spec.get("entity"), str(spec.get("value", m.group("text")))
        if entity == "municipality":
            text = value if rng.random() < 0.7 else fold_umlauts_as_e(value)
        elif entity in {"child_age", "course_level"} and not _NATIVE[language].search(
            m.group("text")
        ):
            text = m.group("text")
        else:
            return None
        pieces.append(f"[{text}]{{{m.group('json')}}}")
        last = m.end()
    pieces.append(transliterate(example[last:], language, rng))
    return "".join(pieces)


DATA_DIR = Path(__file__).resolve().parent / "data"
GENERATED_NAME = "latin_script_generated.yml"
# Share of each intent's native examples that get a Latin-script twin; enough for the classifiers
# to learn the spellings without doubling training time.
SHARE = 0.25
HEADER = (
    "# GENERATED by `python -m nlu.transliteration` from this folder's nlu.yml (a seeded\n"
    "# random quarter of each intent, spelled in Latin letters as people type without their\n"
    "# keyboard; see nlu/transliteration.py). Do not edit: change the generator or nlu.yml.\n"
)


def _native_examples(language: str) -> dict[str, list[str]]:
    doc = yaml.safe_load((DATA_DIR / language / "nlu.yml").read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for block in doc.get("nlu") or []:
        if "intent" not in block:
            continue
        lines = [ln.strip()[2:] for ln in str(block.get("examples") or "").splitlines()]
        out.setdefault(block["intent"], []).extend(ln for ln in lines if ln)
    return out


def generate(language: str, seed: int = 13) -> str:
    """The YAML text of the generated Latin-script file of `language`."""
    rng = random.Random(f"{seed}-{language}")
    parts = [HEADER, 'version: "3.1"\n\nnlu:\n']
    for intent, examples in sorted(_native_examples(language).items()):
        chosen = rng.sample(examples, max(1, round(len(examples) * SHARE)))
        seen: set[str] = set()
        lines = []
        for example in chosen:
            latin = transliterate_example(example, language, rng)
            key = plain_text(latin or "").strip().lower()
            if latin is not None and key and key not in seen:
                seen.add(key)
                lines.append(f"    - {latin}\n")
        parts.append(f"- intent: {intent}\n  examples: |\n{''.join(lines)}\n")
    return "".join(parts)


def main() -> int:
    for language in sys.argv[1:] or sorted(SCHEMES):
        path = DATA_DIR / language / GENERATED_NAME
        path.write_text(generate(language), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
