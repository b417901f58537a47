"""DELETE /api/conversation: "delete my conversation" empties the tracker in Rasa."""

from __future__ import annotations

from locales.catalog import default_catalog
from tests.fake_rasa import FakeRasa
from tests.webchat.conftest import ORIGIN, SESSION, ClientFactory, post_message, pseudonym

T = default_catalog().text


def delete(client, **body):  # type: ignore[no-untyped-def]
    payload = {"session": SESSION, "language": "de", **body}
    return client.request("DELETE", "/api/conversation", json=payload, headers={"Origin": ORIGIN})


def test_delete_forgets_the_pseudonymous_conversation_in_rasa(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    r = delete(make_client())
    assert r.status_code == 200
    assert r.json() == {"deleted": True}
    assert r.headers["access-control-allow-origin"] == ORIGIN
    assert fake_rasa.forgotten == [pseudonym(SESSION)]


def test_after_deleting_a_retried_message_is_sent_again(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    """Answers remembered for retries belong to the deleted conversation too."""
    client = make_client()
    post_message(client, id="m-1")
    delete(client)
    post_message(client, id="m-1")
    assert len(fake_rasa.requests) == 2


def test_delete_when_rasa_is_down_says_so_in_the_users_language(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    fake_rasa.forget_status = 500
    r = delete(make_client(), language="fa")
    assert r.status_code == 503
    assert r.json() == {"error": "unavailable", "message": T("fa", "webchat.error.unavailable")}


def test_delete_needs_a_valid_session(make_client: ClientFactory, fake_rasa: FakeRasa) -> None:
    r = delete(make_client(), session="x", language="ru")
    assert r.status_code == 400
    assert r.json()["message"] == T("ru", "webchat.error.bad_request")
    assert fake_rasa.forgotten == []
