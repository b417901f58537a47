"""Fuzz: thousands of hostile requests through the web chat host against the fake Rasa (issue 9).

Every one gets a normal answer (200 with messages) or a clear 4xx with a message in the user's
language and CORS headers; nothing is a 5xx or an uncaught error (the test client re-raises
those); answers are JSON the widget renders as text; the host keeps answering afterwards.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from locales.catalog import default_catalog
from tests.fake_rasa import FakeRasa
from tests.hostile_inputs import (
    body_with,
    hostile_text,
    invalid_utf8,
    json_values,
    lone_surrogates,
    nested_json,
)
from tests.webchat.conftest import ORIGIN, ClientFactory, TestClient, post_message

CATALOG = default_catalog()
ERROR_TEXTS = {
    CATALOG.text(code, key, max=1000)
    for code in CATALOG.codes
    for key in CATALOG.messages[code]
    if key.startswith("webchat.error.")
}
MESSAGES = 1500  # hostile messages in well-formed bodies
BODIES = 600  # malformed bodies
FUZZ = settings(
    max_examples=MESSAGES,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fields() -> st.SearchStrategy[dict[str, Any]]:
    """A widget body with a hostile message; one in three also with hostile other fields."""
    as_the_widget_sends = st.fixed_dictionaries(
        {
            "session": st.just(None),
            "message": hostile_text(),
            "language": st.sampled_from(["de", "en", "ar", "fa", "uk", "ru", "tr", "fr"]),
            "id": st.uuids().map(lambda u: u.hex[:16]),
        }
    )
    anything = st.one_of(st.none(), json_values(), hostile_text(40))
    tampered = st.fixed_dictionaries(
        {"session": st.just(None), "message": hostile_text()},
        optional={
            "language": st.one_of(st.sampled_from(["de", "ar", "fa-IR", "xx", ""]), anything),
            "id": st.one_of(st.uuids().map(lambda u: u.hex[:16]), anything),
            "location": st.one_of(
                st.fixed_dictionaries({"lat": st.floats(-100, 100), "lon": st.floats(-200, 200)}),
                anything,
            ),
        },
    )
    return st.one_of(as_the_widget_sends, as_the_widget_sends, tampered)


def check_answer(response: Any) -> None:
    """A normal answer or a clear, localized refusal the widget can read."""
    assert response.status_code in (200, 400, 413), response.status_code
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    if response.status_code == 200:
        assert isinstance(body["messages"], list)
        for message in body["messages"]:
            assert set(message) <= {"text", "buttons", "custom"}
            assert all(isinstance(b["payload"], str) for b in message.get("buttons", []))
    else:
        assert body["message"] in ERROR_TEXTS, body


@pytest.fixture
def fuzz_client(make_client: ClientFactory) -> TestClient:
    """The host with limits out of the way: the fuzz is about inputs, not rates."""
    return make_client(
        messages_per_minute=10**9, messages_per_minute_per_ip=10**9, max_in_flight=10**9
    )


def test_hostile_messages_get_an_answer_or_a_clear_4xx(
    fuzz_client: TestClient, fake_rasa: FakeRasa, record_property: Any
) -> None:
    tried: list[int] = []
    outcomes: Counter[str] = Counter()
    started = time.monotonic()

    @FUZZ
    @given(fields=fields())
    def one(fields: dict[str, Any]) -> None:
        fields["session"] = uuid.uuid4().hex
        raw = body_with(fields)
        r = fuzz_client.post(
            "/api/messages",
            content=raw,
            headers={"Origin": ORIGIN, "Content-Type": "application/json"},
        )
        check_answer(r)
        tried.append(r.status_code)
        outcomes[r.json().get("error", "answered")] += 1

    one()
    seconds = time.monotonic() - started
    answered = tried.count(200)
    print(
        f"\nweb chat fuzz: {len(tried)} messages in {seconds:.1f} s, 0 server errors: "
        f"{dict(outcomes.most_common())}"
    )
    record_property("webchat_fuzz_messages", len(tried))
    assert len(tried) >= MESSAGES * 0.9
    assert answered > len(tried) / 3  # most hostile text is still text the assistant answers
    assert post_message(fuzz_client, message="Hallo").json()["messages"] == [
        {"text": "echo: Hallo"}
    ]


def test_malformed_bodies_get_a_clear_4xx(
    fuzz_client: TestClient, fake_rasa: FakeRasa, record_property: Any
) -> None:
    tried: list[int] = []
    started = time.monotonic()

    @settings(FUZZ, max_examples=BODIES)
    @given(
        raw=st.one_of(
            nested_json(),
            invalid_utf8(),
            lone_surrogates(),
            json_values().map(lambda v: json.dumps(v).encode()),
        ),
        method=st.sampled_from(["POST", "DELETE"]),
    )
    def one(raw: bytes, method: str) -> None:
        path = "/api/messages" if method == "POST" else "/api/conversation"
        r = fuzz_client.request(
            method, path, content=raw, headers={"Origin": ORIGIN, "Accept-Language": "ar"}
        )
        tried.append(r.status_code)
        if r.status_code == 200:  # a body that happened to be valid
            return
        check_answer(r)

    one()
    seconds = time.monotonic() - started
    print(
        f"\nweb chat body fuzz: {len(tried)} bodies in {seconds:.1f} s, "
        f"{sum(s >= 500 for s in tried)} server errors"
    )
    record_property("webchat_fuzz_bodies", len(tried))
    assert len(tried) >= BODIES * 0.9
    assert fake_rasa.requests == [] or all(
        isinstance(r["message"], str) for r in fake_rasa.requests
    )
    assert post_message(fuzz_client, message="Hallo").status_code == 200
