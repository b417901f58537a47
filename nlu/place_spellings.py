"""Town spellings that only some languages' writers use: evidence where no own word is left.

A place name weighs nothing for the language of a message, but how it is misspelt can: Turkish
writers spell by ear ("Valdfoyht", "Haynsberg"), French ones keep their m before b
("Wassemberg"). The lexicons list, per language, how its writers spell the ten towns
(nlu/lexicon/<code>.yml, `municipalities`); a Latin-script spelling that is neither the German
name nor one of the German keyboard-less forms (de.yml: "Hueckelhoven") and that only some
lexicons list points to those languages. It is weighed like a grammar mark but does not count
as an own word: the confidence stays that of a message without words.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from nlu.lexicon import LEXICON_DIR, MUNICIPALITIES, name_variants
from nlu.text_normalization import fold, is_latin_script

_GERMAN = "de"


@lru_cache(maxsize=2)
def spelling_languages(directory: Path = LEXICON_DIR) -> dict[str, frozenset[str]]:
    """Folded Latin-script town spelling -> the languages whose lexicon lists it, for the
    spellings no German writer uses."""
    german: set[str] = set()
    for name in MUNICIPALITIES:
        german |= name_variants(name)
    by_spelling: dict[str, set[str]] = {}
    for path in sorted(directory.glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        code = str(doc.get("language") or path.stem)
        for spellings in (doc.get("municipalities") or {}).values():
            for spelling in spellings or []:
                if not is_latin_script(str(spelling)):
                    continue
                for variant in name_variants(str(spelling)):
                    if code == _GERMAN:
                        german.add(variant)
                    else:
                        by_spelling.setdefault(variant, set()).add(code)
    return {v: frozenset(c) for v, c in by_spelling.items() if v not in german}


def spelling_marks(written: str) -> tuple[str, ...]:
    """The languages whose writers spell a town as `written` ("Valdfoyht": ("tr",))."""
    return tuple(sorted(spelling_languages().get(fold(written).strip(), frozenset())))
