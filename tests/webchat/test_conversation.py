"""DELETE /api/conversation: "delete my conversation" removes the rows from the tracker store."""

from __future__ import annotations

from locales.catalog import default_catalog
from tests.fake_rasa import FakeRasa
from tests.tracker_rows import TrackerRows, refusing_deletes
from tests.webchat.conftest import ORIGIN, SESSION, ClientFactory, post_message, pseudonym

T = default_catalog().text


def delete(client, **body):  # type: ignore[no-untyped-def]
    payload = {"session": SESSION, "language": "de", **body}
    return client.request("DELETE", "/api/conversation", json=payload, headers={"Origin": ORIGIN})


def test_delete_removes_the_pseudonymous_conversation_from_the_store(
    make_client: ClientFactory, tracker_rows: TrackerRows
) -> None:
    tracker_rows.add(pseudonym(SESSION), events=5)
    tracker_rows.add("web-someone-else", events=2)
    r = delete(make_client())
    assert r.status_code == 200
    assert r.json() == {"deleted": True}
    assert r.headers["access-control-allow-origin"] == ORIGIN
    assert tracker_rows.count(pseudonym(SESSION)) == 0
    assert tracker_rows.count("web-someone-else") == 2


def test_after_deleting_a_retried_message_is_sent_again(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    """Answers remembered for retries belong to the deleted conversation too."""
    client = make_client()
    post_message(client, id="m-1")
    delete(client)
    post_message(client, id="m-1")
    assert len(fake_rasa.requests) == 2


def test_delete_when_the_store_fails_says_so_in_the_users_language(
    make_client: ClientFactory, tracker_rows: TrackerRows
) -> None:
    tracker_rows.add(pseudonym(SESSION))
    client = make_client()
    with refusing_deletes(tracker_rows):
        r = delete(client, language="fa")
    assert r.status_code == 503
    assert r.json() == {"error": "delete_failed", "message": T("fa", "webchat.delete.failed")}
    assert tracker_rows.count(pseudonym(SESSION)) == 3


def test_delete_needs_a_valid_session(make_client: ClientFactory, fake_rasa: FakeRasa) -> None:
    r = delete(make_client(), session="x", language="ru")
    assert r.status_code == 400
    assert r.json()["message"] == T("ru", "webchat.error.bad_request")
