"""Password hashes of staff accounts: scrypt from the standard library (no extra dependency).

Format: `scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>`, so the cost can be raised later and old
hashes still verify. n=2**15, r=8, p=1 is OWASP's recommended minimum for scrypt (32 MiB).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

N, R, P = 2**15, 8, 1
MAXMEM = 64 * 1024 * 1024
KEY_LENGTH = 32


def hash_password(password: str) -> str:
    """A salted scrypt hash of `password`, safe to store."""
    salt = secrets.token_bytes(16)
    key = hashlib.scrypt(
        password.encode(), salt=salt, n=N, r=R, p=P, maxmem=MAXMEM, dklen=KEY_LENGTH
    )
    return "$".join(["scrypt", str(N), str(R), str(P), _b64(salt), _b64(key)])


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches the stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key)
        actual = hashlib.scrypt(
            password.encode(),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=MAXMEM,
            dklen=len(expected),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
