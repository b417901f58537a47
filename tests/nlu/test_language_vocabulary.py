"""Short messages get their language from the training data's words, not from lingua alone."""

from __future__ import annotations

import pytest

from nlu.components.language_id import build_detector, detect
from nlu.language_vocabulary import load_vocabulary, vote
from nlu.lexicon import language_codes

VOCABULARY = load_vocabulary()
DETECTOR = build_detector(language_codes())


@pytest.mark.parametrize(
    ("text", "code"),
    [("Hallo!", "de"), ("привет", "ru"), ("привіт", "uk"), ("merhaba", "tr"), ("salut", "fr")],
)
def test_short_greetings_are_read_by_the_words_their_writers_use(text: str, code: str) -> None:
    assert detect(DETECTOR, text, VOCABULARY)["code"] == code


@pytest.mark.parametrize("text", ["Kita", "ok", "Wegberg", "A2"])
def test_words_every_language_uses_do_not_vote(text: str) -> None:
    assert vote(text, VOCABULARY) is None


def test_long_texts_are_left_to_lingua() -> None:
    # "hallo" votes German, but four words of English outweigh it.
    text = "hallo, where can I find a German course?"
    assert detect(DETECTOR, text, VOCABULARY)["code"] == "en"


def test_german_town_names_do_not_make_an_english_question_german() -> None:
    result = detect(DETECTOR, "kindergarten place in Erkelenz for my 4 year old", VOCABULARY)
    assert result["code"] == "en" and result["confidence"] > 0.6
