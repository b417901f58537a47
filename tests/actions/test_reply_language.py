"""The reply-language rule: explicit choice, then confident detection, then current, then hint."""

from __future__ import annotations

from actions.reply_language import (
    LanguageEvidence,
    choose_reply_language,
    hint_code,
    is_short_or_ambiguous,
    script_of_language,
    script_of_text,
)

SUPPORTED = ("de", "en", "ar", "fa", "uk", "ru", "tr", "fr")


def ev(
    text: str, detected: str | None = None, confidence: float = 0.0, hint: str | None = None
) -> LanguageEvidence:
    return LanguageEvidence(text=text, detected=detected, confidence=confidence, hint=hint)


def test_explicit_choice_wins_over_detection() -> None:
    assert (
        choose_reply_language(ev("Where is a kita please", "en", 0.99), "ar", True, SUPPORTED)
        == "ar"
    )


def test_confident_detection_switches_language() -> None:
    assert (
        choose_reply_language(ev("أين أجد روضة أطفال", "ar", 0.97), "de", False, SUPPORTED) == "ar"
    )


def test_short_message_keeps_current_language() -> None:
    for text in ("ok", "A2", "Wegberg", "4", '/inform{"municipality":"Wegberg"}'):
        assert choose_reply_language(ev(text, "en", 0.99), "fa", False, SUPPORTED) == "fa", text


def test_entities_do_not_count_as_words() -> None:
    assert is_short_or_ambiguous("in Wegberg", ["Wegberg"])
    assert not is_short_or_ambiguous("Kita in Wegberg bitte", ["Wegberg"])


def test_channel_hint_used_when_nothing_better_is_known() -> None:
    assert choose_reply_language(ev("ok", "en", 0.4, hint="uk-UA"), None, False, SUPPORTED) == "uk"


def test_unsupported_hint_and_unsure_detection_fall_back_to_german() -> None:
    assert choose_reply_language(ev("ok", "en", 0.3, hint="es"), None, False, SUPPORTED) == "de"


def test_hint_code_normalises_tags() -> None:
    assert hint_code("pt-BR") == "pt"
    assert hint_code("de_DE") == "de"
    assert hint_code("") is None


def test_short_reply_in_another_latin_language_keeps_the_conversation_language() -> None:
    # The NLU caps the confidence of one- or two-word messages below CONFIDENT ("ok danke").
    assert choose_reply_language(ev("ok danke", "de", 0.7), "ar", False, SUPPORTED) == "ar"
    # Place names and German offer-world words are no own words: "Kita Wegberg" is no German.
    assert choose_reply_language(ev("Kita Wegberg", "de", 0.35), "en", False, SUPPORTED) == "en"


def test_a_message_in_another_script_switches_even_when_short() -> None:
    # "Where do I find the Sprachcafé in Heinsberg?" in Arabic, two own words.
    text = "وين بلاقي Sprachcafé بهاينسبرغ؟"
    assert choose_reply_language(ev(text, "ar", 0.7), "de", False, SUPPORTED) == "ar"
    assert choose_reply_language(ev("привет", "ru", 0.7), "en", False, SUPPORTED) == "ru"


def test_a_short_message_in_the_same_script_does_not_switch_between_its_languages() -> None:
    # Persian conversation, "مرسی" could be either: keep Persian.
    assert choose_reply_language(ev("مرسی", "ar", 0.7), "fa", False, SUPPORTED) == "fa"
    assert choose_reply_language(ev("ок", "uk", 0.7), "ru", False, SUPPORTED) == "ru"


def test_unsure_detection_in_another_script_does_not_switch() -> None:
    assert choose_reply_language(ev("؟؟", "ar", 0.2), "de", False, SUPPORTED) == "de"


def test_latin_script_russian_with_enough_words_switches_to_russian() -> None:
    evidence = ev("gde kursy nemeckogo v Erkelenze", "ru", 0.99)
    assert choose_reply_language(evidence, "de", False, SUPPORTED, ["Erkelenze"]) == "ru"


def test_script_of_text_and_language() -> None:
    assert script_of_text("Мне нужен Berechtigungsschein для курса") == "cyrillic"
    assert script_of_text("وين بلاقي Sprachcafé") == "arabic"
    assert script_of_text("3ayez a3ref") == "latin"
    assert script_of_text("42") is None
    assert script_of_language("fa") == "arabic" and script_of_language("tr") == "latin"


def test_first_message_in_another_script_than_the_channel_hint_wins_over_the_hint() -> None:
    text = "وين بلاقي Sprachcafé بهاينسبرغ؟"
    assert choose_reply_language(ev(text, "ar", 0.7, hint="de-DE"), None, False, SUPPORTED) == "ar"
    # A short Latin message still follows the hint.
    assert (
        choose_reply_language(ev("ok danke", "de", 0.7, hint="tr"), None, False, SUPPORTED) == "tr"
    )


def test_a_lone_place_name_in_arabic_script_is_not_answered_in_german() -> None:
    # No own word (confidence capped at 0.35 by the NLU), no conversation, no hint.
    assert choose_reply_language(ev("هاينسبرغ", "ar", 0.35), None, False, SUPPORTED) == "ar"
    # In a Persian conversation the same script keeps Persian.
    assert choose_reply_language(ev("هاينسبرغ", "ar", 0.35), "fa", False, SUPPORTED) == "fa"
