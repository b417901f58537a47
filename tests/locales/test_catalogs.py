"""Every message exists in every language, with exactly the same placeholders."""

from __future__ import annotations

import re

import pytest

from locales.catalog import Catalog, default_catalog, placeholders

CATALOG = default_catalog()
PLACEHOLDER = re.compile(r"\{[^}]*\}")
WORDS = re.compile(r"[^\W\d_]{4,}")
# Words that many languages share with English ("Online", "Details").
MAY_EQUAL_ENGLISH = {"details.online", "button.details"}

REFERENCE = "en"
EXPECTED_LANGUAGES = {"de", "en", "ar", "fa", "uk", "ru", "tr", "fr"}


def test_all_eight_languages_have_a_catalog() -> None:
    assert set(CATALOG.codes) >= EXPECTED_LANGUAGES


@pytest.mark.parametrize("code", sorted(EXPECTED_LANGUAGES))
def test_language_has_every_message_with_the_same_placeholders(code: str) -> None:
    if code not in CATALOG.messages:
        pytest.fail(f"locales/{code}.yml is missing")
    reference = CATALOG.messages[REFERENCE]
    messages = CATALOG.messages[code]
    missing = sorted(set(reference) - set(messages))
    extra = sorted(set(messages) - set(reference))
    assert not missing, f"{code} lacks {missing}"
    assert not extra, f"{code} has keys English does not: {extra}"
    wrong = {
        key: (placeholders(reference[key]), placeholders(messages[key]))
        for key in reference
        if placeholders(reference[key]) != placeholders(messages[key])
    }
    assert not wrong, f"{code} placeholders differ: {wrong}"


@pytest.mark.parametrize("code", sorted(EXPECTED_LANGUAGES - {REFERENCE}))
def test_translation_is_not_a_copy_of_english(code: str) -> None:
    assert code in CATALOG.messages, f"locales/{code}.yml is missing"
    same = [
        k
        for k, v in CATALOG.messages[code].items()
        if k not in MAY_EQUAL_ENGLISH
        and v == CATALOG.messages[REFERENCE].get(k)
        and WORDS.search(PLACEHOLDER.sub("", v))
    ]
    assert not same, f"{code} still has English text for {same}"


def test_right_to_left_languages_are_marked() -> None:
    assert {c for c, info in CATALOG.languages.items() if info.direction == "rtl"} >= {
        "ar",
        "fa",
    } & set(CATALOG.codes)
    assert all(info.direction in {"ltr", "rtl"} for info in CATALOG.languages.values())


def test_missing_key_falls_back_to_english(tmp_path) -> None:
    (tmp_path / "en.yml").write_text(
        "meta: {native_name: English}\na:\n  b: 'hi {name}'\n", encoding="utf-8"
    )
    (tmp_path / "xx.yml").write_text("meta: {native_name: X}\n", encoding="utf-8")
    assert Catalog(tmp_path).text("xx", "a.b", name="Ana") == "hi Ana"


def test_unknown_key_is_an_error() -> None:
    with pytest.raises(KeyError):
        CATALOG.text("de", "no.such.key")
