"""The assistant's own button payloads, signed so a channel can tell them from typed text.

Rasa takes a message starting with "/" as `/intent{"slot": value}` and skips NLU: whoever can
send such a message can set any slot. So a channel passes a payload on only when it carries the
signature the channel gave it when it showed the button (web chat: the widget sends back what
it got; Telegram: a modified client can send any callback data). Everything else is typed text.

The signature is a truncated HMAC-SHA256 under a key derived from the pseudonym key and the
channel's purpose: stateless, so buttons keep working across restarts and host instances.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SEPARATOR = "~"
SIGNATURE_BYTES = 8  # 64 bits: guessing one takes ~2^63 requests, far beyond any rate limit
SIGNATURE_CHARS = 11  # base64url of 8 bytes, without padding


class PayloadSigner:
    """Signs payloads (`payload~signature`) and gives back the payload of a valid token."""

    def __init__(self, key: bytes | None, purpose: str) -> None:
        # No key (tests, one-off tools): a random one, valid for this process only.
        base = key if key is not None else secrets.token_bytes(32)
        self._key = hmac.new(base, f"payload-signing:{purpose}".encode(), hashlib.sha256).digest()

    def _signature(self, payload: str) -> str:
        digest = hmac.new(
            self._key, payload.encode("utf-8", "surrogatepass"), hashlib.sha256
        ).digest()
        return base64.urlsafe_b64encode(digest[:SIGNATURE_BYTES]).decode("ascii").rstrip("=")

    def sign(self, payload: str) -> str:
        return f"{payload}{SEPARATOR}{self._signature(payload)}"

    def verify(self, token: str) -> str | None:
        """The payload `token` stands for, or None when it is not one this signer made."""
        payload, separator, signature = token.rpartition(SEPARATOR)
        if not separator or len(signature) != SIGNATURE_CHARS:
            return None
        if not hmac.compare_digest(signature, self._signature(payload)):
            return None
        return payload
