"""Signs of the writer's keyboard outside the words: Arabic or Persian even without a letter.

An Arabic or Persian phone keyboard types its own question mark and comma ("Öffnungszeiten؟")
and, set to its own digits, its own numerals: Arabic keyboards the Arabic-Indic ones ("٤"),
Persian keyboards the Extended Arabic-Indic ones ("۴"), though many Persian phones have the
Arabic ones, so the digits choose only where no letter can. A German word with "؟" after it,
or a bare "٤" as the answer to "How old is your child?", comes from an Arabic-script keyboard; the
folded text the model reads (nlu.text_normalization) has lost these signs, so they are read
here, from the text as typed.
"""

from __future__ import annotations

import re

_ARABIC_SCRIPT_PUNCTUATION = re.compile(r"[؟،؛]")
_ARABIC_DIGIT = re.compile(r"[\u0660-\u0669]")
_PERSIAN_DIGIT = re.compile(r"[\u06F0-\u06F9]")
_ARABIC_SCRIPT_LETTER = re.compile(r"[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF]")


def keyboard_marks(text: str) -> list[str]:
    """Languages whose keyboard typed a sign of `text`: ["ar", "fa"] for "؟", ["ar"] for "٤"."""
    arabic_digit = bool(_ARABIC_DIGIT.search(text))
    persian_digit = bool(_PERSIAN_DIGIT.search(text))
    if not (_ARABIC_SCRIPT_PUNCTUATION.search(text) or arabic_digit or persian_digit):
        return []
    if _ARABIC_SCRIPT_LETTER.search(text) or arabic_digit == persian_digit:
        # The letters tell Arabic from Persian better: many Persian phones type "٤" too.
        return ["ar", "fa"]
    return ["ar"] if arabic_digit else ["fa"]


# Letters only one of two sibling languages has. Ukrainian has і ї є ґ, Russian ы э ъ ё: nobody
# writing Russian types "понімаю", nobody writing Ukrainian "ты". Persian keyboards type their
# own ی and ک; an Arabic keyboard types ي and ك. Of 3,865 Arabic messages in our training data and
# four dev rounds none had the Persian forms; of 3,563 Persian messages 10 had the Arabic ones
# (Persian typed on an Arabic keyboard), so the Arabic forms only lean, the Persian ones decide.
_UKRAINIAN_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RUSSIAN_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_PERSIAN_KEYBOARD = re.compile(r"[\u06CC\u06A9]")  # ی ک
_ARABIC_KEYBOARD = re.compile(r"[\u064A\u0643]")  # ي ك
ARABIC_KEYBOARD_LEAN = 20.0  # how much likelier Arabic is than Persian for ي/ك


def sibling_weights(text: str) -> dict[str, float]:
    """Factors for languages of the same script that the letters of `text` speak against:
    {"ru": 0.0} for "понімаю", {"fa": 1/20} for "هوكلهوفن". They only tell Russian from
    Ukrainian and Arabic from Persian; an Іван inside a German sentence does not make it
    Ukrainian (the other languages keep their weight)."""
    weights: dict[str, float] = {}
    uk, ru = bool(_UKRAINIAN_ONLY.search(text)), bool(_RUSSIAN_ONLY.search(text))
    if uk != ru:
        weights["ru" if uk else "uk"] = 0.0
    persian, arabic = bool(_PERSIAN_KEYBOARD.search(text)), bool(_ARABIC_KEYBOARD.search(text))
    if persian and not arabic:
        weights["ar"] = 0.0
    elif arabic and not persian:
        weights["fa"] = 1.0 / ARABIC_KEYBOARD_LEAN
    return weights


def contradicts_language(text: str, language: str) -> bool:
    """Whether the letters of a training example rule out the language of its folder (a
    Ukrainian "привіт" among the Russian greetings): such examples teach the intent classifier,
    not the language model."""
    return sibling_weights(text).get(language, 1.0) == 0.0
