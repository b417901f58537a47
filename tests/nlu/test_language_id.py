"""Language of a message: German offer-world words and place names weigh nothing, the rest of
the message decides; Latin-script Russian, Ukrainian, Arabic and Persian are recognised."""

from __future__ import annotations

import pytest

from nlu.components.language_id import place_names
from nlu.keyboard_marks import ARABIC_KEYBOARD_LEAN, contradicts_language, sibling_weights
from nlu.language_model import (
    FEW_WORDS_CONFIDENCE,
    NO_EVIDENCE_CONFIDENCE,
    LanguageModel,
    train_pipeline,
)
from nlu.lexicon import load_lexicon
from nlu.place_spellings import spelling_languages, spelling_marks
from nlu.reply_words import reply_languages


@pytest.fixture(scope="module")
def model() -> LanguageModel:
    # Trained on the real training data, as the Rasa component does (about 10 s).
    return LanguageModel(train_pipeline(), place_names)


# The messages of issue 10: each got, or would get, a German answer before.
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("وين بلاقي Sprachcafé بهاينسبرغ؟", "ar"),
        ("Je dois aller au Jobcenter ou à la Volkshochschule pour le cours ?", "fr"),
        ("Мне нужен Berechtigungsschein для курса, где его взять?", "ru"),
        ("Where do I find the Kita-Portal for Hückelhoven?", "en"),
        ("Ausländerbehörde mektubu geldi, kim yardım eder?", "tr"),
        ("gde kursy nemeckogo v Erkelenze", "ru"),
        ("fi kurs almani b Heinsberg? 3ayez a3ref", "ar"),
    ],
)
def test_messages_with_german_words_or_latin_letters_get_their_language(
    model: LanguageModel, text: str, code: str
) -> None:
    assert model.detect(text)["code"] == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("de mozhna znayty dytyachyi sadok", "uk"),
        ("mne nuzhen detskiy sad dlya syna, emu 4 goda", "ru"),
        ("ibni 3omro 9 snin, wein fi madrase?", "ar"),
        ("baddi kurs almani ma3 7adane lal wlad", "ar"),
        ("kelase almani baraye khanumha kojast?", "fa"),
    ],
)
def test_latin_script_russian_ukrainian_arabic_persian(
    model: LanguageModel, text: str, code: str
) -> None:
    assert model.detect(text)["code"] == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Wo gibt es einen Integrationskurs in Wegberg?", "de"),
        ("Ich habe einen Brief vom Jobcenter bekommen, was soll ich tun?", "de"),
        ("Where can I learn German in Wegberg?", "en"),
        ("Merhaba, Heinsberg'de Almanca kursu var mı?", "tr"),
        ("hallo, where can I find a German course?", "en"),
    ],
)
def test_plain_messages_keep_their_language(model: LanguageModel, text: str, code: str) -> None:
    # German stays German although its nouns are in the loanword lexicon: the rest decides.
    assert model.detect(text)["code"] == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("Hallo!", "de"), ("привет", "ru"), ("привіт", "uk"), ("merhaba", "tr"), ("salut", "fr")],
)
def test_short_greetings_are_read_by_the_words_their_writers_use(
    model: LanguageModel, text: str, code: str
) -> None:
    assert model.detect(text)["code"] == code


@pytest.mark.parametrize("text", ["Kita Heinsberg", "Integrationskurs Berechtigungsschein", "B1"])
def test_only_loanwords_and_places_carry_almost_no_confidence(
    model: LanguageModel, text: str
) -> None:
    # The dialogue then keeps the conversation's language (actions/reply_language.py).
    result = model.detect(text)
    assert result["own_words"] == 0
    assert result["confidence"] <= NO_EVIDENCE_CONFIDENCE


def test_one_or_two_own_words_stay_below_a_switch(model: LanguageModel) -> None:
    result = model.detect("ok danke")
    assert result["own_words"] == 2
    assert result["confidence"] <= FEW_WORDS_CONFIDENCE


def test_no_letters_no_language(model: LanguageModel) -> None:
    assert model.detect("4")["code"] is None


def test_german_town_names_do_not_make_an_english_question_german(model: LanguageModel) -> None:
    result = model.detect("kindergarten place in Erkelenz for my 4 year old")
    assert result["code"] == "en" and result["confidence"] > 0.6


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Heinsberg'de Kita?", "tr"),  # a Turkish case ending on a town name
        ("Kitaya Wegberg", "tr"),  # ... glued to a German word
        ("Jobcenter'dan", "tr"),
        ("Übach'tayız", "tr"),  # endings stack: locative + "we are"
        ("hukelhovenden", "tr"),  # a misspelt town with a glued ending
        ("la VHS d'Erkelenz", "fr"),  # a French elision in front of a town
        ("l'Ausländerbehörde ?", "fr"),
    ],
)
def test_the_writers_grammar_on_german_words_tells_the_language(
    model: LanguageModel, text: str, code: str
) -> None:
    result = model.detect(text)
    assert result["code"] == code
    # One mark is one word of evidence: a first message is answered in it, a reply in an
    # ongoing conversation does not switch it (actions/reply_language.py).
    assert NO_EVIDENCE_CONFIDENCE < result["confidence"] <= FEW_WORDS_CONFIDENCE


@pytest.mark.parametrize("text", ["Kita Heinsberg", "Integrationskurs Erkelenz?", "Kurse"])
def test_german_words_alone_are_german(model: LanguageModel, text: str) -> None:
    # German plural endings are no Turkish mark ("Kurse", "Kitas").
    assert model.detect(text)["code"] == "de"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Кита в Гайнсберзі?", "uk"),  # Ukrainian spelling and locative of Heinsberg
        ("Кита в Хайнсберге?", "ru"),
        ("Еркеленц", "uk"),
        ("Эркеленц", "ru"),
    ],
)
def test_a_town_written_in_the_writers_script_keeps_its_spelling_as_evidence(
    model: LanguageModel, text: str, code: str
) -> None:
    result = model.detect(text)
    assert result["code"] == code
    assert result["own_words"] <= 1  # the town itself is no own word


def test_an_apostrophe_ending_does_not_overturn_a_sentence(model: LanguageModel) -> None:
    # Russian in Latin letters with a case ending on the German word.
    assert model.detect("mne nado v Jobcenter'e zavtra")["code"] == "ru"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Öffnungszeiten؟", "ar"),  # an Arabic-script question mark after a German word
        ("٤", "ar"),  # Arabic-Indic digit, nothing else
        ("۴", "fa"),  # Persian digit
        ("بچم ٢ سالشه", "fa"),  # Persian letters decide over an Arabic-keyboard digit
    ],
)
def test_an_arabic_script_keyboard_shows_in_signs_and_digits(
    model: LanguageModel, text: str, code: str
) -> None:
    assert model.detect(text)["code"] == code


def test_a_misspelt_town_with_a_russian_case_ending_is_no_turkish_mark(
    model: LanguageModel,
) -> None:
    # "v Gangelte": the "e" is a Russian locative; only the Slavic "v" is left to read.
    assert model.evidence("v Gangelte").marks == ()


def test_latin_words_do_not_choose_between_two_cyrillic_languages(model: LanguageModel) -> None:
    # Russian with an English request in it: the Cyrillic words decide.
    assert model.detect("English please, мне так проще")["code"] == "ru"
    assert model.detect("мені так простіше, English please")["code"] == "uk"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Ukrainian letters in Russian-looking words (Surzhyk): not Russian.
        ("Krankenkasse шле письма, я не понімаю", "uk"),
        ("в Heinsberg'і", "uk"),
        # Persian keyboard letters (ی ک) decide; Arabic ones (ي ك) lean.
        ("اوکی", "fa"),
        ("السلام علیکم", "fa"),
        ("هوكلهوفن", "ar"),
        # A Ukrainian name in a German sentence does not make it Ukrainian.
        ("Hallo, ich bin Іван und suche einen Deutschkurs für meine Frau", "de"),
    ],
)
def test_letters_of_one_sibling_language_tell_it_from_the_other(
    model: LanguageModel, text: str, code: str
) -> None:
    assert model.detect(text)["code"] == code


def test_signs_that_contradict_each_other_still_give_a_language(model: LanguageModel) -> None:
    # Cyrillic words with an Arabic question mark: the restrictions exclude each other.
    found = model.detect("привет, есть курсы؟")
    assert found["code"] in {"ru", "uk"}
    assert 0 < found["confidence"] <= 1


def test_sibling_letters_speak_only_against_the_sibling() -> None:
    assert sibling_weights("я не понімаю") == {"ru": 0.0}
    assert sibling_weights("ты где") == {"uk": 0.0}
    assert sibling_weights("їжак і ёж") == {}  # both alphabets: no verdict
    assert sibling_weights("اوکی") == {"ar": 0.0}
    assert sibling_weights("هوكلهوفن") == {"fa": 1 / ARABIC_KEYBOARD_LEAN}
    assert sibling_weights("hello 4") == {}
    # A Ukrainian greeting among Russian training examples is left out of the language model.
    assert contradicts_language("привіт", "ru")
    assert not contradicts_language("привіт", "uk")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("ja", "de"),  # not Ukrainian я in Latin letters
        ("are", "fa"),  # Persian yes, not English
        ("na merci", "fa"),
        ("merci ktir", "ar"),
        ("та да", "uk"),
        ("he", "tr"),
        ("ty", "en"),
        ("Merci beaucoup !", "fr"),
        ("ok, spasibo", "ru"),  # "ok" tells nothing, "spasibo" does
    ],
)
def test_a_whole_reply_is_in_a_language_whose_speakers_send_it(
    model: LanguageModel, text: str, code: str
) -> None:
    assert model.detect(text)["code"] == code


def test_reply_languages_need_every_word_to_be_a_reply() -> None:
    assert reply_languages("merci") == {"fr", "fa", "ar"}
    assert reply_languages("na merci") == {"fa"}
    assert reply_languages("Ok 👍") == frozenset()  # tells nothing
    assert reply_languages("ja ich brauche einen Kurs") == frozenset()  # a sentence
    assert reply_languages("merci Heinsberg") == frozenset()


def test_a_reply_of_fewer_than_two_letters_is_refused(tmp_path) -> None:
    (tmp_path / "fr.yml").write_text("language: fr\nreplies: [a+]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="fewer than two letters"):
        load_lexicon(tmp_path)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Valdfoyht", "tr"),  # spelt by ear the Turkish way
        ("wassemberg", "fr"),  # a French m before b
        ("Heinsberg", "de"),  # the German name tells nothing: German words only
        ("Hueckelhoven", "de"),  # a German keyboard-less form tells nothing either
    ],
)
def test_a_town_spelt_the_way_only_some_languages_write_it_points_to_them(
    model: LanguageModel, text: str, code: str
) -> None:
    found = model.detect(text)
    assert found["code"] == code
    # A spelling is no word: the dialogue keeps the conversation's language.
    assert found["confidence"] <= NO_EVIDENCE_CONFIDENCE
    assert found["own_words"] == 0


def test_spellings_of_the_german_lexicon_mark_no_language() -> None:
    assert spelling_marks("Valdfoyht") == ("tr",)
    assert spelling_marks("Heinsberg") == ()
    assert spelling_marks("Hueckelhoven") == ()
    assert all("de" not in langs for langs in spelling_languages().values())
