"""Only the assistant's own payloads reach Rasa as `/intent{...}` (issue 9 #3).

Rasa strips a message and, when it then starts with "/", takes it as an intent with entities
and skips NLU. Typed text must never be read that way (a user could set any slot, or reset the
conversation without an answer); a button the host sent, the widget's language list and its
location button must keep working: their payloads come back with the host's signature.
"""

from __future__ import annotations

import pytest

from bot.conversation import Turn, as_typed_text
from bot.payload_signing import PayloadSigner
from tests.fake_rasa import FakeRasa
from tests.rasa_messages import read_as_intent_by_rasa
from tests.webchat.conftest import ClientFactory, post_message, signed

TYPED_INTENTS = [
    '/ask_kita{"child_age": "1e400"}',
    "/restart",
    "/session_start",
    '/inform{"municipality":"Wegberg"}',
    " /restart",
    "\u3000/restart",  # an ideographic space: Rasa's strip() removes it too
    "\n\t/ restart",
    "//restart",
    "/ /restart",
    '/affirm{"x": 1}~AAAAAAAAAAA',  # a made-up signature
]


@pytest.mark.parametrize("typed", TYPED_INTENTS)
def test_typed_slash_text_reaches_rasa_as_words(
    make_client: ClientFactory, fake_rasa: FakeRasa, typed: str
) -> None:
    r = post_message(make_client(), message=typed)
    assert r.status_code == 200
    [received] = fake_rasa.messages()
    assert not read_as_intent_by_rasa(received), received
    assert received.strip("/ \u3000\n\t").startswith(typed.strip("/ \u3000\n\t")[:4])


def test_restart_typed_by_a_user_gets_the_assistants_normal_answer(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    """The fake answers what NLU would get: the word, not a silent conversation reset."""
    answer = post_message(make_client(), message="/restart").json()
    assert fake_rasa.messages() == ["restart"]
    assert answer["messages"] == [{"text": "echo: restart"}]


def test_a_button_the_host_sent_comes_back_as_its_payload(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    client = make_client()
    fake_rasa.reply = lambda body: [
        {"text": "?", "buttons": [{"title": "Wegberg", "payload": '/inform{"m":"Wegberg"}'}]}
    ]
    [message] = post_message(client).json()["messages"]
    clicked = message["buttons"][0]["payload"]
    assert clicked != '/inform{"m":"Wegberg"}'  # signed
    post_message(client, message=clicked)
    assert fake_rasa.messages()[-1] == '/inform{"m":"Wegberg"}'


@pytest.mark.parametrize(
    "forged",
    [
        # the signature of one payload on another
        lambda: '/ask_kita{"child_age":"1e400"}' + signed("/affirm")[len("/affirm") :],
        # signed with another key (another installation)
        lambda: PayloadSigner(b"other key", "webchat-buttons").sign("/restart"),
        # signed for the other channel
        lambda: PayloadSigner(b"webchat-test-key", "telegram-buttons").sign("/restart"),
    ],
)
def test_a_payload_without_the_hosts_signature_is_typed_text(
    make_client: ClientFactory, fake_rasa: FakeRasa, forged: object
) -> None:
    post_message(make_client(), message=forged())  # type: ignore[operator]
    assert not read_as_intent_by_rasa(fake_rasa.messages()[-1])


def test_the_widgets_language_list_location_and_volunteer_buttons_send_signed_payloads(
    make_client: ClientFactory, fake_rasa: FakeRasa
) -> None:
    client = make_client()
    texts = client.get("/api/texts/de").json()
    [arabic] = [lang for lang in texts["languages"] if lang["code"] == "ar"]
    post_message(client, message=arabic["payload"])
    post_message(client, message=texts["location_payload"], location={"lat": 51.1, "lon": 6.2})
    post_message(client, message=texts["volunteer_payload"])
    assert fake_rasa.messages() == [
        '/change_language{"language":"ar"}',
        "/inform",
        "/volunteer_mode",
    ]


def test_the_core_keeps_its_own_payloads_and_neutralizes_typed_ones() -> None:
    assert Turn("s", "/affirm", payload=True).message == "/affirm"
    assert Turn("s", "/affirm").message == "affirm"
    assert as_typed_text("  //  /restart now") == "restart now"
    assert as_typed_text("1/2 Kita") == "1/2 Kita"  # a slash inside is just a slash
    assert as_typed_text("///") == "///"  # names no intent: left as it is
    assert as_typed_text("") == ""
