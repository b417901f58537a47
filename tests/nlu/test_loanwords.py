"""German offer-world words are found with endings, compounds, hyphens and apostrophes, and
ordinary words of our languages are not taken for them."""

from __future__ import annotations

import pytest

from nlu.loanwords import default_loanwords

LOANWORDS = default_loanwords()


@pytest.mark.parametrize(
    "word",
    [
        "Kita",
        "Kitas",
        "Kita-Portal",
        "Kitaplatz",
        "Jobcenter'a",
        "Jobcentera",
        "Ausländerbehörde",
        "Auslaenderbehoerde",
        "auslanderbehorde",
        "Integrationskursträger",
        "Integrationskurses",
        "Berechtigungsschein",
        "Sprachcafé",
        "sprachcafe",
        "VHS",
        "VHS-Kurs",
        "Volkshochschule",
        "BAMF",
        "Kindergeld",
        "Migrationsberatung",
        "Grundschule",
        "Berufskolleg",
        "Schulamt",
    ],
)
def test_lexicon_words_and_their_forms_are_loanwords(word: str) -> None:
    assert LOANWORDS.is_loanword(word)


@pytest.mark.parametrize(
    "word",
    ["kurs", "Kurs", "course", "café", "kitap", "Kitab", "school", "mektubu", "online", "ki"],
)
def test_ordinary_words_are_not_loanwords(word: str) -> None:
    # "kurs" is Russian and Turkish too; a compound head alone is no loanword.
    assert not LOANWORDS.is_loanword(word)


def test_multi_word_names_are_cut_out_whole() -> None:
    assert LOANWORDS.remove("Agentur für Arbeit hat geschrieben").split() == ["hat", "geschrieben"]


def test_loanwords_are_cut_out_of_a_message_and_the_rest_kept() -> None:
    text = "Мне нужен Berechtigungsschein для курса, где его взять?"
    rest = ["Мне", "нужен", "для", "курса,", "где", "его", "взять?"]
    assert LOANWORDS.remove(text).split() == rest
    assert LOANWORDS.spans("وين بلاقي Sprachcafé بهاينسبرغ؟") == [(10, 20)]


def test_a_french_elision_is_not_part_of_the_loanword() -> None:
    text = "je vais à l'Ausländerbehörde demain"
    assert [text[s:e] for s, e in LOANWORDS.spans(text)] == ["Ausländerbehörde"]
    assert LOANWORDS.remove(text).split() == ["je", "vais", "à", "l'", "demain"]
