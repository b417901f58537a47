"""Script-aware folding of user text, so that spelling variants look alike to the models.

People type on cheap phones with whatever keyboard they have: Arabic and Persian keyboards give
different code points for the same letter (ي/ی, ك/ک), diacritics and tatweel are optional,
umlauts and Turkish letters get dropped, and Cyrillic and Latin letters that look the same get
mixed inside one word. Folding maps all of these to one form. It is used for features and for
matching names, never for text shown to anyone.
"""

from __future__ import annotations

import re
import unicodedata

# Arabic/Persian letters written several ways -> one form (Persian keyboard forms win, they are
# the superset).
_ARABIC_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
        "ـ": None,  # tatweel, pure stretching
        "\u200c": None,  # zero-width non-joiner: Persian writes می‌خواهم, میخواهم and می خواهم
        "\u200d": None,
        "\u200f": None,  # right-to-left mark
        "\u200e": None,
    }
)
# Eastern Arabic and Persian digits -> ASCII digits.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Letters that need a mapping NFKD does not give.
_LATIN_FOLD = str.maketrans({"ß": "ss", "ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ё": "е"})

_CYRILLIC_TO_LATIN = str.maketrans("аеорсхуікмтнвАЕОРСХУІКМТНВ", "aeopcxyikmthbAEOPCXYIKMTHB")
_LATIN_TO_CYRILLIC = str.maketrans("aeopcxyi", "аеорсхуі")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")


def _strip_marks(text: str) -> str:
    """Removes combining marks (umlaut dots, accents, Arabic harakat) after decomposition."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _unify_mixed_script(word: str) -> str:
    """Turns a word typed with both Cyrillic and Latin look-alikes into its majority script."""
    cyr = len(_CYRILLIC.findall(word))
    lat = len(_LATIN.findall(word))
    if not cyr or not lat:
        return word
    if cyr >= lat:
        return word.translate(_LATIN_TO_CYRILLIC)
    return word.translate(_CYRILLIC_TO_LATIN)


_ANY_LETTER = re.compile(r"[^\W\d_]")
_LATIN_ALPHABET_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")


def is_latin_script(text: str) -> bool:
    """Whether `text` has letters and all of them are Latin ("Hückelhoven", not "Хюккельховен")."""
    letters = _ANY_LETTER.findall(text)
    return bool(letters) and all(_LATIN_ALPHABET_LETTER.match(ch) for ch in letters)


def fold(text: str) -> str:
    """Returns the folded form of `text`: lower case, no diacritics, one letter form per letter.

    Cyrillic й/ї keep their identity (they are letters, not accented variants), so they are
    protected from mark stripping.
    """
    text = text.translate(_ARABIC_FOLD).translate(_DIGITS)
    text = text.replace("й", "\0").replace("Й", "\0").replace("ї", "\1").replace("Ї", "\1")
    text = _strip_marks(text.lower().translate(_LATIN_FOLD))
    text = text.replace("\0", "й").replace("\1", "ї")
    return " ".join(_unify_mixed_script(w) for w in text.split(" "))


def fold_umlauts_as_e(text: str) -> str:
    """German spelling without umlaut keys: ü -> ue, ä -> ae, ö -> oe (Hueckelhoven)."""
    for src, dst in (("ü", "ue"), ("ä", "ae"), ("ö", "oe"), ("Ü", "Ue"), ("Ä", "Ae"), ("Ö", "Oe")):
        text = text.replace(src, dst)
    return text


def ascii_digits(text: str) -> str:
    """Eastern Arabic and Persian digits as ASCII digits; keeps every offset of `text`."""
    return text.translate(_DIGITS)
