"""GET /api/texts/<code>: the widget's own texts come from the catalogs (translators edit YAML)."""

from __future__ import annotations

import pytest

from bot.webchat.texts import SHARED_KEYS, accepted_languages
from locales.catalog import default_catalog
from tests.webchat.conftest import ClientFactory, signed

CATALOG = default_catalog()
WIDGET_KEYS = {
    k.removeprefix("webchat.") for k in CATALOG.messages["en"] if k.startswith("webchat.")
} | set(SHARED_KEYS)


def test_arabic_texts_are_right_to_left(make_client: ClientFactory) -> None:
    body = make_client().get("/api/texts/ar").json()
    assert (body["language"], body["direction"], body["native_name"]) == ("ar", "rtl", "العربية")
    assert body["texts"]["send"] == CATALOG.text("ar", "webchat.send")


def test_persian_is_right_to_left_and_german_left_to_right(make_client: ClientFactory) -> None:
    client = make_client()
    assert client.get("/api/texts/fa").json()["direction"] == "rtl"
    assert client.get("/api/texts/de").json()["direction"] == "ltr"


@pytest.mark.parametrize("code", CATALOG.codes)
def test_every_language_has_every_widget_text_with_placeholders_for_the_widget(
    make_client: ClientFactory, code: str
) -> None:
    body = make_client().get(f"/api/texts/{code}").json()
    assert set(body["texts"]) == WIDGET_KEYS
    assert "{seconds}" in body["texts"]["retrying"]  # filled in by the widget
    assert "{km}" in body["texts"]["offer.distance"]
    # The volunteer button says what the chat's own volunteer button says.
    assert body["texts"]["volunteer.button"] == CATALOG.text(code, "volunteer.button")


def test_texts_list_all_languages_with_native_names_german_first(
    make_client: ClientFactory,
) -> None:
    languages = make_client().get("/api/texts/en").json()["languages"]
    # each with the signed payload the widget sends when it is chosen
    de = {"code": "de", "native_name": "Deutsch", "direction": "ltr"}
    assert languages[0] == {**de, "payload": signed('/change_language{"language":"de"}')}
    assert {lang["code"] for lang in languages} == {"de", "en", "ar", "fa", "uk", "ru", "tr", "fr"}
    uk = {"code": "uk", "native_name": "Українська", "direction": "ltr"}
    assert {**uk, "payload": signed('/change_language{"language":"uk"}')} in languages


def test_texts_tell_the_widget_the_message_limit(make_client: ClientFactory) -> None:
    assert (
        make_client(max_message_chars=500).get("/api/texts/de").json()["max_message_chars"] == 500
    )


def test_texts_may_be_cached_briefly(make_client: ClientFactory) -> None:
    r = make_client().get("/api/texts/tr")
    assert r.headers["cache-control"] == "public, max-age=300"
    assert r.headers["content-type"].startswith("application/json")


def test_unknown_language_is_404_with_a_message(make_client: ClientFactory) -> None:
    r = make_client().get("/api/texts/xx", headers={"Accept-Language": "uk"})
    assert r.status_code == 404
    assert r.json() == {
        "error": "unknown_language",
        "message": CATALOG.text("uk", "webchat.error.unknown_language"),
    }


def test_accept_language_is_ranked_by_quality() -> None:
    assert accepted_languages("fr;q=0.5, ar-SY, tr;q=0.9, *;q=0.1, en;q=0") == ["ar", "tr", "fr"]
    assert accepted_languages(None) == []
