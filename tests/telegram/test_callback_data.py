"""Button payloads within Telegram's 64-byte callback data (bot/telegram/callback_data.py)."""

from __future__ import annotations

import pytest

from bot.payload_signing import PayloadSigner
from bot.telegram.callback_data import SIGNING_PURPOSE, PayloadStore

LONG = '/inform{"offer_ref":"' + "ü" * 40 + '"}'  # 40 characters, 80 bytes


def test_short_payload_is_its_own_callback_data_with_a_signature() -> None:
    store = PayloadStore(signer=PayloadSigner(b"key", SIGNING_PURPOSE))
    data = store.callback_data('/inform{"municipality":"Wegberg"}', "tg-a")
    assert data.startswith('/inform{"municipality":"Wegberg"}~') and len(data.encode()) <= 64
    assert len(store) == 0
    # the same key after a restart: the button still works
    restarted = PayloadStore(signer=PayloadSigner(b"key", SIGNING_PURPOSE))
    assert restarted.payload(data) == '/inform{"municipality":"Wegberg"}'


@pytest.mark.parametrize(
    "forged",
    [
        '/ask_kita{"child_age": "1e400"}',  # what a modified client can send as callback data
        '/inform{"municipality":"Wegberg"}~AAAAAAAAAAA',
        "/restart",
        "",
    ],
)
def test_callback_data_the_bridge_did_not_make_stands_for_nothing(forged: str) -> None:
    store = PayloadStore()
    assert store.payload(forged) is None
    signed = store.callback_data("/affirm", "tg-a")
    assert store.payload(signed) == "/affirm"
    # a signature of one payload does not fit another
    assert store.payload("/deny" + signed[len("/affirm") :]) is None


def test_long_payload_gets_a_short_key_that_expires() -> None:
    now = [0.0]
    store = PayloadStore(ttl_s=60, clock=lambda: now[0])
    key = store.callback_data(LONG, "tg-a")
    assert key.startswith("~") and len(key.encode()) <= 64
    assert store.payload(key) == LONG
    now[0] = 61
    assert store.payload(key) is None
    assert store.payload("~never-issued") is None


def test_store_is_bounded_and_forgets_a_user() -> None:
    store = PayloadStore(max_entries=2)
    first = store.callback_data(LONG, "tg-a")
    store.callback_data(LONG + " ", "tg-b")
    store.callback_data(LONG + "  ", "tg-a")
    assert len(store) == 2 and store.payload(first) is None
    store.forget_owner("tg-a")
    assert len(store) == 1
