"""The reply-language rule: explicit choice, then confident detection, then current, then hint."""

from __future__ import annotations

from actions.reply_language import (
    LanguageEvidence,
    choose_reply_language,
    hint_code,
    is_short_or_ambiguous,
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
