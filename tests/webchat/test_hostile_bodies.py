"""Bodies built to break the parser (issue 9 #11): a clear, localized 400 with CORS headers.

A browser hands the widget an answer only with CORS headers, so a 500 from an uncaught error
would look like a dead host; every refusal must be an answer the widget can show.
"""

from __future__ import annotations

import pytest

from bot.webchat.chat import WebChat
from bot.webchat.validation import MAX_JSON_DEPTH, json_depth_exceeds
from locales.catalog import default_catalog
from tests.fake_rasa import FakeRasa
from tests.webchat.conftest import ORIGIN, SESSION, ClientFactory, post_message

T = default_catalog().text


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 14_000,  # the reported body: RecursionError in json.loads
        b'{"a":' * 2_800,
        b'{"session": "'
        + SESSION.encode()
        + b'", "message": '
        + b"[" * 5_000
        + b"]" * 5_000
        + b"}",
    ],
    ids=["brackets", "objects", "nested_message"],
)
@pytest.mark.parametrize(
    "path, method", [("/api/messages", "POST"), ("/api/conversation", "DELETE")]
)
def test_deeply_nested_json_is_a_localized_400_with_cors_headers(
    make_client: ClientFactory, fake_rasa: FakeRasa, body: bytes, path: str, method: str
) -> None:
    client = make_client()
    headers = {"Origin": ORIGIN, "Content-Type": "application/json", "Accept-Language": "fr"}
    r = client.request(method, path, content=body, headers=headers)
    assert r.status_code in (400, 413), r.text
    assert r.headers["access-control-allow-origin"] == ORIGIN
    assert r.json()["message"] in (
        T("fr", "webchat.error.bad_request"),
        T("fr", "webchat.error.too_long", max=1000),
    )
    assert fake_rasa.requests == []
    # and the host keeps answering
    assert post_message(client).status_code == 200


def test_brackets_inside_the_message_text_are_just_text(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    text = "[{" * 400
    r = post_message(make_client(), message=text)
    assert r.status_code == 200
    assert fake_rasa.messages() == [text]


def test_depth_check_counts_only_structure() -> None:
    assert not json_depth_exceeds(b'{"a": {"b": "[[[[[[[[[[[[[[[[[[[[\\"[[[["}}')
    assert not json_depth_exceeds(b"[" * MAX_JSON_DEPTH)
    assert json_depth_exceeds(b"[" * (MAX_JSON_DEPTH + 1))


@pytest.mark.parametrize(
    "path, method", [("/api/messages", "POST"), ("/api/conversation", "DELETE")]
)
def test_an_unexpected_error_is_a_localized_answer_with_cors_headers(
    make_client: ClientFactory,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    path: str,
    method: str,
) -> None:
    """Before, Starlette's bare 500 came without CORS headers: the widget saw a dead host."""

    async def broken(*args: object) -> None:
        raise RuntimeError("a bug somewhere behind the API")

    monkeypatch.setattr(WebChat, "answer", broken)
    monkeypatch.setattr(WebChat, "forget", broken)
    client = make_client()
    headers = {"Origin": ORIGIN, "Accept-Language": "uk"}
    body = {"session": SESSION, "message": "Привіт", "language": "uk"}
    r = client.request(method, path, json=body, headers=headers)
    assert r.status_code == 500
    assert r.headers["access-control-allow-origin"] == ORIGIN
    assert r.json() == {"error": "unavailable", "message": T("uk", "webchat.error.unavailable")}
    assert int(r.headers["retry-after"]) >= 1
    assert "RuntimeError" in caplog.text and "Привіт" not in caplog.text
