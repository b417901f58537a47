"""The entity markup of Rasa training examples: `[text]{"entity": ..., "value": ...}` or
`[text](entity)`. One pattern for everything that reads the training files."""

from __future__ import annotations

import re

ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\{(?P<json>[^}]*)\}|\((?P<name>[^)]+)\))")


def plain_text(example: str) -> str:
    """The example as the user typed it, markup removed."""
    return ANNOTATION.sub(lambda m: m.group("text"), example)
