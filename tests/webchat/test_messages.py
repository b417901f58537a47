"""POST /api/messages: proxied to Rasa's REST channel with a pseudonymous sender and the
language hint; answers reduced to what the widget renders; errors localized."""

from __future__ import annotations

import re
from typing import Any

import pytest

from contract.messages import erase_payload, turn_payload
from locales.catalog import default_catalog
from tests.fake_rasa import FakeRasa
from tests.tracker_rows import TrackerRows, refusing_deletes
from tests.webchat.conftest import (
    ORIGIN,
    SESSION,
    ClientFactory,
    post_message,
    pseudonym,
    signed,
)

T = default_catalog().text
ORIGIN_HEADER = {"Origin": ORIGIN}


def test_message_goes_to_rasa_with_language_hint_and_pseudonymous_sender(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    r = post_message(make_client(), message="  Kita in Wegberg  ", language="ar")
    assert r.status_code == 200
    [sent] = fake_rasa.requests
    assert sent == {
        "sender": pseudonym(SESSION),
        "message": "Kita in Wegberg",
        "metadata": {"language_hint": "ar", "chat_type": "web"},
    }
    assert re.fullmatch(r"web-[0-9a-f]{24}", sent["sender"])
    assert SESSION not in str(sent)


def test_each_browser_session_is_its_own_conversation(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    client = make_client()
    post_message(client, session="a" * 32)
    post_message(client, session="a" * 32)
    post_message(client, session="b" * 32)
    senders = [r["sender"] for r in fake_rasa.requests]
    assert senders[0] == senders[1] != senders[2]


def test_region_subtag_of_the_page_language_is_dropped(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    post_message(make_client(), language="de-DE")
    assert fake_rasa.requests[0]["metadata"]["language_hint"] == "de"


def test_without_a_language_there_is_no_hint(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    client = make_client()
    client.post("/api/messages", json={"session": SESSION, "message": "hi"}, headers=ORIGIN_HEADER)
    assert fake_rasa.requests[0]["metadata"] == {"chat_type": "web"}


def test_shared_location_is_passed_as_metadata(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    location = {"lat": 51.06, "lon": 6.1}
    post_message(make_client(), message=signed("/inform"), location=location)
    assert fake_rasa.requests[0]["metadata"]["location"] == {"lat": 51.06, "lon": 6.1}
    assert fake_rasa.messages() == ["/inform"]


def test_answer_keeps_only_what_the_widget_renders(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    card = {
        "id": "K-1",
        "title": "Kita Sonnenschein",
        "category": "kita",
        "site": "Kita Sonnenschein",
        "address": "Hauptstraße 1, 41844 Wegberg",
        "lat": 51.1,
        "lon": 6.2,
        "map_url": "https://www.openstreetmap.org/?mlat=51.1&mlon=6.2",
        "distance_km": 1.25,
        "secret": "not for the browser",
    }
    fake_rasa.reply = lambda body: [
        {"recipient_id": body["sender"], "text": "Hallo", "image": "https://x.example/i.png"},
        {"text": "Wählen Sie:", "buttons": [{"title": "Kita", "payload": "/ask_kita"}, {"x": 1}]},
        {"custom": {"type": "offer_list", "language": "de", "offers": [card, {"no": "title"}]}},
        {"custom": {"type": "offer_details", "offer": {**card, "map_url": "javascript:alert(1)"}}},
        {"custom": {"type": "request_location", "language": "de"}},
        {"custom": {"type": "something_new", "data": "<b>x</b>"}},
        "not a message",
    ]
    answer = post_message(make_client()).json()
    expected_card = {
        "id": "K-1",
        "title": "Kita Sonnenschein",
        "category": "kita",
        "site": "Kita Sonnenschein",
        "address": "Hauptstraße 1, 41844 Wegberg",
        "map_url": "https://www.openstreetmap.org/?mlat=51.1&mlon=6.2",
        "distance_km": 1.25,
    }
    assert answer["messages"] == [
        {"text": "Hallo"},
        {"text": "Wählen Sie:", "buttons": [{"title": "Kita", "payload": signed("/ask_kita")}]},
        {"custom": {"type": "offer_list", "offers": [expected_card], "language": "de"}},
        {"custom": {"type": "offer_details", "offer": {**expected_card, "map_url": None}}},
        {"custom": {"type": "request_location", "language": "de"}},
    ]


def test_answer_carries_the_language_the_assistant_answered_in_and_its_direction(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    fake_rasa.reply = lambda body: [{"text": "سلام"}, {"custom": turn_payload("fa")}]
    answer = post_message(make_client(), message="سلام").json()
    assert (answer["language"], answer["direction"]) == ("fa", "rtl")
    assert answer["messages"] == [{"text": "سلام"}]  # the turn payload is data, not shown
    assert fake_rasa.tracker_reads == []  # no tracker read per turn


def test_the_last_actions_language_wins(make_client: ClientFactory, fake_rasa: FakeRasa) -> None:
    fake_rasa.reply = lambda body: [
        {"text": "Hallo"},
        {"custom": turn_payload("de")},
        {"text": "Привет"},
        {"custom": turn_payload("ru")},
    ]
    answer = post_message(make_client()).json()
    assert (answer["language"], answer["direction"]) == ("ru", "ltr")


def test_unknown_language_is_not_reported(make_client: ClientFactory, fake_rasa: FakeRasa) -> None:
    fake_rasa.reply = lambda body: [{"text": "?"}, {"custom": turn_payload("xx")}]
    answer = post_message(make_client()).json()
    assert (answer["language"], answer["direction"]) == (None, None)


def test_a_retried_message_reaches_rasa_once(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    """The answer got lost on the way back; the widget sends the same message id again."""
    client = make_client()
    first = post_message(client, id="m-1", message="Hallo")
    again = post_message(client, id="m-1", message="Hallo")
    post_message(client, id="m-2", message="Hallo")
    assert first.json() == again.json()
    assert len(fake_rasa.requests) == 2


def test_deletion_confirmed_in_the_chat_erases_the_store_and_tells_the_widget(
    make_client: ClientFactory, fake_rasa: FakeRasa, tracker_rows: TrackerRows
) -> None:
    tracker_rows.add(pseudonym(SESSION), events=4)
    fake_rasa.reply = lambda body: [{"custom": erase_payload("tr")}, {"custom": turn_payload("tr")}]
    answer = post_message(make_client(), message=signed("/affirm")).json()
    assert answer["deleted"] is True
    assert answer["messages"] == [{"text": T("tr", "delete.done")}]
    assert tracker_rows.count(pseudonym(SESSION)) == 0


def test_a_failed_erasure_is_reported_and_can_be_retried(
    make_client: ClientFactory, fake_rasa: FakeRasa, tracker_rows: TrackerRows
) -> None:
    tracker_rows.add(pseudonym(SESSION), events=4)
    fake_rasa.reply = lambda body: [{"custom": erase_payload("ar")}, {"custom": turn_payload("ar")}]
    client = make_client()
    with refusing_deletes(tracker_rows, silently=True):
        answer = post_message(client, message=signed("/affirm"), id="m-1").json()
    assert answer["deleted"] is False
    assert answer["messages"] == [
        {
            "text": T("ar", "delete.failed"),
            "buttons": [{"title": T("ar", "button.retry_delete"), "payload": signed("/affirm")}],
        }
    ]
    assert tracker_rows.count(pseudonym(SESSION)) == 4
    retried = post_message(client, message=signed("/affirm"), id="m-2").json()
    assert retried["deleted"] is True
    assert tracker_rows.count(pseudonym(SESSION)) == 0


@pytest.mark.parametrize(
    ("body", "language", "status", "code", "params"),
    [
        ({"message": ""}, "de", 400, "empty", {}),
        ({"message": " \n\t\x00 "}, "uk", 400, "empty", {}),
        ({"message": "x" * 1001}, "uk", 400, "too_long", {"max": 1000}),
        # not even read: the message is in the browser's language (here none: German)
        ({"message": "x" * 20000}, "de", 413, "too_long", {"max": 1000}),
        ({"message": 42}, "fr", 400, "bad_request", {}),
        ({"message": ["a"]}, "fa", 400, "bad_request", {}),
        ({"session": "short"}, "tr", 400, "bad_request", {}),
        ({"session": "../../etc/passwd/aaaaaaaa"}, "tr", 400, "bad_request", {}),
        ({"session": None}, "ru", 400, "bad_request", {}),
        ({"id": "not an id!"}, "en", 400, "bad_request", {}),
        ({"location": {"lat": 91, "lon": 6}}, "de", 400, "bad_request", {}),
        ({"location": {"lat": "51", "lon": 6}}, "de", 400, "bad_request", {}),
        ({"location": [51, 6]}, "de", 400, "bad_request", {}),
    ],
)
def test_invalid_messages_get_a_localized_error_and_never_reach_rasa(
    make_client: ClientFactory,
    fake_rasa: FakeRasa,
    body: dict[str, Any],
    language: str,
    status: int,
    code: str,
    params: dict[str, Any],
) -> None:
    r = post_message(make_client(), language=language, **body)
    assert r.status_code == status
    assert r.json() == {"error": code, "message": T(language, f"webchat.error.{code}", **params)}
    assert fake_rasa.requests == []


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_refused_in_the_browsers_language(
    make_client: ClientFactory, fake_rasa: FakeRasa, raw: bytes
) -> None:
    r = make_client().post(
        "/api/messages",
        content=raw,
        headers={
            "Content-Type": "application/json",
            "Accept-Language": "tr-TR, en;q=0.5",
            **ORIGIN_HEADER,
        },
    )
    assert r.status_code == 400
    assert r.json()["message"] == T("tr", "webchat.error.bad_request")
    assert fake_rasa.requests == []


def test_the_maximum_length_is_configurable(make_client: ClientFactory) -> None:
    client = make_client(max_message_chars=10)
    assert post_message(client, message="x" * 10).status_code == 200
    r = post_message(client, message="x" * 11, language="en")
    assert r.json()["message"] == T("en", "webchat.error.too_long", max=10)


@pytest.mark.parametrize("failure", [500, 502])
def test_rasa_failing_gives_503_with_a_localized_message(
    make_client: ClientFactory, fake_rasa: FakeRasa, failure: int
) -> None:
    fake_rasa.reply = lambda body: failure
    r = post_message(make_client(), language="ar")
    assert r.status_code == 503
    assert r.json() == {"error": "unavailable", "message": T("ar", "webchat.error.unavailable")}
    assert r.headers["retry-after"]


def test_rasa_answering_nothing_counts_as_down(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    """What Rasa does when the action server is down."""
    fake_rasa.reply = lambda body: []
    assert post_message(make_client()).status_code == 503


def test_rasa_not_running_gives_503(make_client: ClientFactory, fake_rasa: FakeRasa) -> None:
    client = make_client()
    fake_rasa.stop()
    r = post_message(client, language="uk")
    assert r.status_code == 503
    assert r.json()["message"] == T("uk", "webchat.error.unavailable")


def test_a_session_sending_too_fast_is_slowed_down(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    client = make_client(messages_per_minute=3)
    statuses = [post_message(client, language="fr").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    r = post_message(client, language="fr")
    assert r.status_code == 429
    assert r.json()["message"] == T("fr", "webchat.error.rate_limited")
    assert 1 <= int(r.headers["retry-after"]) <= 60
    assert post_message(client, session="c" * 32).status_code == 200  # others are not affected
    assert len(fake_rasa.requests) == 4


def test_an_oversized_body_is_refused_without_being_read_whole(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    """Also when no Content-Length announces it (chunked upload)."""
    client = make_client()
    chunks = (b"x" * 10_000 for _ in range(100))
    headers = {"Content-Type": "application/json", **ORIGIN_HEADER}
    r = client.post("/api/messages", content=chunks, headers=headers)
    assert r.status_code == 413
    assert r.json()["error"] == "too_long"
    assert fake_rasa.requests == []
