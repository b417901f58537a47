"""Rasa messages → Telegram calls (bot/telegram/rendering.py): pure, no network."""

from __future__ import annotations

from typing import Any

from bot.telegram.rendering import RenderOptions, TelegramCall, render, split_text

LIMIT = 4096


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def options(private: bool = True) -> RenderOptions:
    return RenderOptions(
        text=lambda key: f"<{key}>", callback_data=lambda payload: payload, private_chat=private
    )


def rendered(*messages: dict[str, Any], private: bool = True) -> list[TelegramCall]:
    return render(list(messages), options(private))


def test_short_text_is_one_escaped_html_message() -> None:
    [call] = rendered({"text": "Tom & Jerry <3"})
    assert call.method == "send_message"
    assert call.kwargs["text"] == "Tom &amp; Jerry &lt;3"
    assert call.kwargs["parse_mode"] == "HTML"
    assert call.kwargs["link_preview_options"].is_disabled


def test_split_prefers_paragraphs_then_sentences() -> None:
    paragraph = "1. Kita Sonnenschein\n📍 Hauptstraße 1, Wegberg"
    text = "\n\n".join([paragraph] * 150)
    chunks = split_text(text)
    assert len(chunks) > 1
    assert all(chunk.endswith("Wegberg") for chunk in chunks)
    assert "\n\n".join(chunks) == text


def test_split_counts_what_escaping_and_emoji_add() -> None:
    text = " ".join(["🙂&<>."] * 2000)  # 2 + 5 + 4 + 4 + 1 UTF-16 units once escaped
    chunks = split_text(text)
    assert all(
        utf16(c.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")) < LIMIT
        for c in chunks
    )
    assert " ".join(chunks) == text


def test_split_at_arabic_question_marks_and_hard_cut_without_any_boundary() -> None:
    sentence = "هل تبحث عن روضة أطفال في هاينسبرغ؟ "
    chunks = split_text(sentence * 300)
    assert len(chunks) > 1 and all(c.endswith("؟") for c in chunks)
    blob = "x" * 9000
    assert [len(c) for c in split_text(blob)] == [4095, 4095, 810]


def test_buttons_are_laid_out_in_rows_by_title_length() -> None:
    buttons = [
        {"title": level, "payload": f'/inform{{"course_level":"{level}"}}'}
        for level in ("A1", "A2", "B1", "B2")
    ]
    buttons.append({"title": "Meeting places and volunteering", "payload": "/x"})
    [call] = rendered({"text": "Level?", "buttons": buttons})
    rows = call.kwargs["reply_markup"].inline_keyboard
    assert [[b.text for b in row] for row in rows] == [
        ["A1", "A2", "B1"],
        ["B2"],
        ["Meeting places and volunteering"],
    ]
    assert rows[0][0].callback_data == '/inform{"course_level":"A1"}'


def test_offer_details_card_becomes_a_venue_and_a_card_without_place_nothing() -> None:
    card = {"title": "VHS", "address": "Markt 1, 41812 Erkelenz", "lat": 51.08, "lon": 6.31}
    calls = rendered(
        {"text": "VHS Erkelenz"},
        {"custom": {"type": "offer_details", "offer": card}},
        {"custom": {"type": "offer_details", "offer": {"title": "no place", "lat": None}}},
    )
    assert [c.method for c in calls] == ["send_message", "send_venue"]
    assert calls[1].kwargs == {
        "latitude": 51.08,
        "longitude": 6.31,
        "title": "VHS",
        "address": "Markt 1, 41812 Erkelenz",
    }


def test_location_request_only_in_private_chats_and_unknown_customs_ignored() -> None:
    messages: list[dict[str, Any]] = [
        {"custom": {"type": "request_location"}},
        {"custom": {"type": "something_new"}},
        {"custom": {"type": "offer_list", "offers": [{"lat": 1, "lon": 2}]}},
    ]
    [prompt] = render(messages, options(private=True))
    assert prompt.kwargs["text"] == "&lt;location_prompt&gt;"
    [[button]] = prompt.kwargs["reply_markup"].keyboard
    assert button.request_location and button.text == "<share_location>"
    assert prompt.kwargs["reply_markup"].one_time_keyboard
    assert render(messages, options(private=False)) == []


def test_location_keyboard_is_removed_with_the_first_plain_message() -> None:
    opts = RenderOptions(text=str, callback_data=str, private_chat=True, remove_reply_keyboard=True)
    calls = render(
        [{"text": "list", "buttons": [{"title": "1", "payload": "/a"}]}, {"text": "more"}], opts
    )
    assert calls[0].kwargs["reply_markup"].inline_keyboard
    assert calls[1].kwargs["reply_markup"].remove_keyboard
