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
