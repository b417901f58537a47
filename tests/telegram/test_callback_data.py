"""Button payloads within Telegram's 64-byte callback data (bot/telegram/callback_data.py)."""

from __future__ import annotations

from bot.telegram.callback_data import PayloadStore

LONG = '/inform{"offer_ref":"' + "ü" * 40 + '"}'  # 40 characters, 80 bytes


def test_short_payload_is_its_own_callback_data() -> None:
    store = PayloadStore()
    assert store.callback_data('/inform{"municipality":"Wegberg"}', "tg-a") == (
        '/inform{"municipality":"Wegberg"}'
    )
    assert len(store) == 0


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
