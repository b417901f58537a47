"""Short replies that name their language: "ja", "are", "na merci", "дякую".

A message of one or two words is where every detector guesses (bench/language_id.py, "one or two
own words"). Our character model read "ja" as Ukrainian (я in Latin letters), "are" as English and
"na merci" as Ukrainian; the writers had sent a German yes, a Persian yes and a Persian "no,
thanks". The lexicons' `replies` (nlu/lexicon/<code>.yml) list what speakers of each language send
as a message of its own, borrowed words they really use included ("merci" in Persian and Arabic,
"tamam" in Turkish and Arabic). A message made only of such replies is taken to be in one of the
languages that list it (the character model chooses among them); words that everyone sends
("ok") tell nothing and are skipped. On four dev rounds a lean (x50, x1000) instead of this
choice fixed fewer messages (291, 285 misses against 281): the character model is too sure of
itself on one word.
"""

from __future__ import annotations

from nlu.lexicon import Lexicon, load_lexicon, reply_key
from nlu.text_normalization import fold

MAX_WORDS = 4  # "ja danke, bis dann" is still a reply; longer messages are sentences
# Sent by speakers of every language: no evidence either way.
NEUTRAL = frozenset(
    fold(w) for w in ("ok", "okay", "okey", "okei", "oki", "okk", "ок", "окей", "اوکی", "اوكي")
)


def reply_languages(text: str, lexicon: Lexicon | None = None) -> frozenset[str]:
    """The languages whose speakers send `text` as a whole reply; empty when it is not a reply
    (a word outside every list) or when its words have no language in common."""
    replies = (lexicon or load_lexicon()).replies
    key = reply_key(text)
    if key in replies:
        return replies[key]
    words = [w for w in key.split() if w not in NEUTRAL]
    if not words or len(words) > MAX_WORDS:
        return frozenset()
    if " ".join(words) in replies:
        return replies[" ".join(words)]
    languages = [replies.get(w) for w in words]
    if any(found is None for found in languages):
        return frozenset()
    return frozenset.intersection(*[found for found in languages if found is not None])
