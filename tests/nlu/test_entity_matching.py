"""Place names in any script, ages from digits and words, CEFR levels, language names."""

from __future__ import annotations

import pytest

from nlu.entity_matching import default_matcher
from nlu.text_normalization import fold

MATCHER = default_matcher()


def values(found) -> list[str]:
    return [f.value for f in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kita in Hückelhoven", "Hückelhoven"),
        ("kita in hueckelhoven", "Hückelhoven"),
        ("kurs in huckelhoven?", "Hückelhoven"),
        ("Deutschkurs Erkelens", "Erkelenz"),
        ("wo in Übach Palenberg", "Übach-Palenberg"),
        ("ubach-palenberg", "Übach-Palenberg"),
        ("Wegberg'de kurs var mı", "Wegberg"),
        ("أين روضة في هاينسبرغ", "Heinsberg"),
        ("مهدکودک در هاینسبرگ", "Heinsberg"),
        ("Садик в Гайнсберге", "Heinsberg"),
        ("садок у Вегберзі", "Wegberg"),
        ("Geilenkirschen schule", "Geilenkirchen"),
    ],
)
def test_municipality_found_in_any_spelling(text: str, expected: str) -> None:
    assert values(MATCHER.municipalities(text)) == [expected]


def test_span_points_into_the_original_text() -> None:
    text = "Kita in hueckelhoven bitte"
    (found,) = MATCHER.municipalities(text)
    assert text[found.start : found.end] == "hueckelhoven"


@pytest.mark.parametrize(
    "text", ["Ich suche eine Kita", "Hallo wie geht es", "Gelsenkirchen", "Berg"]
)
def test_no_municipality_where_there_is_none(text: str) -> None:
    assert MATCHER.municipalities(text) == []


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("meine Tochter ist 4 Jahre alt", "4"),
        ("ابني عمره ٧ سنوات", "7"),
        ("vier Jahre", "4"),
        ("four", "4"),
        ("she is four years old", "4"),
        ("мне нужна школа, сыну девять лет", "9"),
        ("she is 4, and needs a kita", "4"),
        ("meine vierjährige Tochter", "4"),
        ("oğlum on iki yaşında", "12"),
        ("ابني عمره ثلاثة عشر سنة", "13"),
        ("a 2 year old boy", "2"),
        ("my son is 5yo", "5"),
    ],
)
def test_child_age_from_digits_and_words(text: str, age: str) -> None:
    assert values(MATCHER.child_ages(text)) == [age]


@pytest.mark.parametrize(
    "text",
    [
        "Ich suche eine Kita für meinen Sohn",
        "I need one course",
        "kurs um 10:00 in 41812",
        "Kurs A2",
        "Kita U3 Gruppe",
        "ana 3ayez kurs ya 7abibi",
        "курс 1,5 часа",
    ],
)
def test_articles_times_postcodes_and_levels_are_not_ages(text: str) -> None:
    assert MATCHER.child_ages(text) == []


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("A2", "A2"),
        ("kurs b1", "B1"),
        ("Niveau B 1", "B1"),
        ("курс А2", "A2"),
        ("курс В1", "B1"),
    ],
)
def test_course_levels(text: str, level: str) -> None:
    assert values(MATCHER.course_levels(text)) == [level]


@pytest.mark.parametrize(
    "text",
    ["a 2 year old boy", "школа в 1 классе", "I have a child", "il a 1 an", "a 2 minutes walk"],
)
def test_articles_and_prepositions_are_not_levels(text: str) -> None:
    assert MATCHER.course_levels(text) == []


def test_a_hyphenated_name_with_a_case_ending_is_one_place() -> None:
    found = MATCHER.municipalities("Übach-Palenberg'de okul")
    assert [(f.value, f.text) for f in found] == [("Übach-Palenberg", "Übach-Palenberg'de")]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("auf Arabisch bitte", "ar"),
        ("in English please", "en"),
        ("فارسی لطفا", "fa"),
        ("на русском", "ru"),
    ],
)
def test_language_names(text: str, code: str) -> None:
    assert code in values(MATCHER.language_names(text))


def test_folding_unifies_arabic_and_persian_letter_forms() -> None:
    assert fold("هاينسبرگ") == fold("هاینسبرگ")
    assert fold("كيتا") == fold("کیتا")
    assert fold("می‌خواهم") == fold("میخواهم")


def test_folding_unifies_cyrillic_latin_lookalikes() -> None:
    # "Кита" typed with a Latin "a" at the end
    assert fold("Китa") == fold("Кита")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Heinsbergliyiz", "Heinsberg"),  # Turkish "-li" + "we are"
        ("Erkelenzteyiz", "Erkelenz"),
        ("my u Vegberzi", "Wegberg"),  # Ukrainian locative in Latin letters
        ("a u Vassenberzi?", "Wassenberg"),
    ],
)
def test_towns_with_the_writers_endings(text: str, expected: str) -> None:
    assert values(MATCHER.municipalities(text)) == [expected]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("ibni sab3a", "7"),  # Arabizi number words
        ("binti tlata snin", "3"),
        ("dytyni p'iat rokiv", "5"),  # Ukrainian in Latin letters
        ("shist rokiv yii", "6"),
        ("synu pyat let", "5"),  # Russian in Latin letters
    ],
)
def test_number_words_in_latin_letters_are_ages(text: str, age: str) -> None:
    assert values(MATCHER.child_ages(text)) == [age]


@pytest.mark.parametrize(
    "text",
    ["number 3", "nr. 4 bitte", "Nummer 2", "номер 2", "nomer 4 pozhalujsta", "رقم ٣",
     "shomare 4", "شماره ۳", "3 numara", "2.si lütfen", "lets do number two"],
)  # fmt: skip
def test_a_pick_from_the_numbered_list_is_no_age(text: str) -> None:
    assert MATCHER.child_ages(text) == []


def test_an_age_beside_a_pick_is_still_an_age() -> None:
    assert values(MATCHER.child_ages("she is 4, number 2 pls")) == ["4"]


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("the second one", "2"),
        ("2nd pls", "2"),
        ("der erste bitte", "1"),
        ("den letzten", "last"),
        ("number 3", "3"),
        ("3 numara", "3"),
        ("2.si lütfen", "2"),
        ("ikincisi", "2"),
        ("le deuxième", "2"),
        ("второй", "2"),
        ("2-й", "2"),
        ("vtoroj", "2"),
        ("друге", "2"),
        ("التاني", "2"),
        ("دومی", "2"),
    ],
)
def test_a_pick_from_the_list_in_every_language(text: str, position: str) -> None:
    assert values(MATCHER.list_picks(text)) == [position]


@pytest.mark.parametrize("text", ["2", "my son is 2", "ابعت تاني", "مرة أخرى", "kurs var mı"])
def test_no_pick_without_a_word_that_makes_one(text: str) -> None:
    # A bare "2" is left to the dialogue (an age after "How old is your child?").
    assert MATCHER.list_picks(text) == []


@pytest.mark.parametrize(
    "text",
    ["seit 3 wochen warte ich", "2 months waiting", "9 klasse", "в 9 классе", "zwei Monate",
     "منذ 3 اشهر", "3 ماه", "мы ждём 2 дня"],
)  # fmt: skip
def test_a_number_before_a_unit_of_time_or_a_grade_is_no_age(text: str) -> None:
    assert MATCHER.child_ages(text) == []


def test_ages_beside_units_are_still_ages() -> None:
    assert values(MATCHER.child_ages("she is 4 years old, we waited 2 months")) == ["4"]


@pytest.mark.parametrize(
    "text",
    ["keine Ahnung", "idk", "I don't know", "не знаю какой уровень", "ne znayu", "bilmiyorum",
     "je sais pas", "ما بعرف", "ma ba3ref", "نمیدونم", "nemidunam"],
)  # fmt: skip
def test_i_dont_know_in_every_language(text: str) -> None:
    assert values(MATCHER.unsure_answers(text)) == ["any"]


def test_a_longer_message_with_i_dont_know_says_more() -> None:
    assert MATCHER.unsure_answers("I don't know where to register my son for school") == []
