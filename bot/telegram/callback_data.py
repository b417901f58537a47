"""Button payloads as Telegram callback data, which may hold at most 64 bytes.

A modified Telegram client can send any callback data, so a tap counts only for a payload the
bridge itself put into a button: a short payload is the callback data with its signature
(bot/payload_signing.py), so taps survive a restart of the bridge; a longer one is kept in
memory under a short random key for a while. A tap on an expired key or with a wrong signature
gets a polite "please ask again" instead of a wrong answer.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from bot.payload_signing import PayloadSigner

MAX_CALLBACK_BYTES = 64
KEY_PREFIX = "~"  # Rasa payloads start with "/", so a key can never be taken for one
DEFAULT_TTL_S = 24 * 3600.0
SIGNING_PURPOSE = "telegram-buttons"


@dataclass(frozen=True)
class _Entry:
    payload: str
    owner: str
    expires: float


class PayloadStore:
    """Maps long payloads to short keys with expiry; bounded so memory cannot grow forever."""

    def __init__(
        self,
        ttl_s: float = DEFAULT_TTL_S,
        max_entries: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
        signer: PayloadSigner | None = None,
    ) -> None:
        self._signer = signer or PayloadSigner(None, SIGNING_PURPOSE)
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._ttl = ttl_s
        self._max = max_entries
        self._clock = clock

    def callback_data(self, payload: str, owner: str) -> str:
        """What to put into a button for `payload`, sent to the user `owner` (a pseudonym)."""
        signed = self._signer.sign(payload)
        if not payload.startswith(KEY_PREFIX) and len(signed.encode()) <= MAX_CALLBACK_BYTES:
            return signed
        self._expire()
        key = KEY_PREFIX + secrets.token_urlsafe(12)
        self._entries[key] = _Entry(payload, owner, self._clock() + self._ttl)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)
        return key

    def payload(self, data: str) -> str | None:
        """The payload a tapped button stands for; None when expired, unknown or not signed."""
        if not data.startswith(KEY_PREFIX):
            return self._signer.verify(data)
        entry = self._entries.get(data)
        if entry is None or entry.expires < self._clock():
            return None
        return entry.payload

    def forget_owner(self, owner: str) -> None:
        """Drops every payload kept for `owner` ("delete my data")."""
        for key in [k for k, e in self._entries.items() if e.owner == owner]:
            del self._entries[key]

    def __len__(self) -> int:
        return len(self._entries)

    def _expire(self) -> None:
        # Entries are in insertion order and share one TTL, so expired ones are at the front.
        now = self._clock()
        while self._entries:
            key, entry = next(iter(self._entries.items()))
            if entry.expires >= now:
                break
            del self._entries[key]
