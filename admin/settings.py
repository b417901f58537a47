"""The staff admin's settings, read once from the environment (defaults work locally)."""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from offer_db.settings import load_settings
from project_paths import data_dir

DEFAULT_PORT = 8090
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
SECRET_FILE = "admin-session.key"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class AdminSettings:
    """Where the admin listens, how long a login lasts, which database it edits.

    Attributes:
        secret_key: signs the session cookie (`ADMIN_SECRET_KEY`, else generated once into
            the data folder so that a restart keeps people logged in).
        idle_timeout_s: a session not used for this long is over (`ADMIN_SESSION_IDLE_S`, 8 h);
            the signed cookie's max age, renewed by every request.
        absolute_timeout_s: at most this long after login (`ADMIN_SESSION_MAX_S`, 12 h).
        secure_cookie: the cookie is sent over HTTPS only (`ADMIN_COOKIE_SECURE`; default on
            unless the admin listens on loopback, where `make run` serves plain HTTP).
        trusted_proxies: the reverse proxies in front of the admin (`ADMIN_TRUSTED_PROXIES`,
            comma-separated addresses or networks; default none). Only from them are
            X-Forwarded-For (whose failed logins are counted) and X-Forwarded-Proto (https
            links) believed; from anyone else the headers are ignored.
    """

    database_url: str
    secret_key: str
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    idle_timeout_s: int = 8 * 3600
    absolute_timeout_s: int = 12 * 3600
    secure_cookie: bool = False
    login_attempts: int = 5  # failed logins per address or account ...
    login_window_s: int = 15 * 60  # ... within this window, then refused until it passes
    initial_user: str | None = None
    initial_password: str | None = None
    trusted_proxies: tuple[Network, ...] = ()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> AdminSettings:
        env = os.environ if environ is None else environ
        host = env.get("ADMIN_HOST", "127.0.0.1")
        secure_default = "false" if host in LOOPBACK else "true"
        return cls(
            database_url=load_settings(env).database_url,
            secret_key=env.get("ADMIN_SECRET_KEY") or _stored_secret(data_dir(env)),
            host=host,
            port=int(env.get("ADMIN_PORT", str(DEFAULT_PORT))),
            idle_timeout_s=int(env.get("ADMIN_SESSION_IDLE_S", str(8 * 3600))),
            absolute_timeout_s=int(env.get("ADMIN_SESSION_MAX_S", str(12 * 3600))),
            secure_cookie=env.get("ADMIN_COOKIE_SECURE", secure_default).lower() == "true",
            initial_user=env.get("ADMIN_INITIAL_USER") or None,
            initial_password=env.get("ADMIN_INITIAL_PASSWORD") or None,
            trusted_proxies=parse_proxies(env.get("ADMIN_TRUSTED_PROXIES", "")),
        )


def parse_proxies(value: str) -> tuple[Network, ...]:
    """'10.0.0.1, 10.244.0.0/16' → networks (as WEBCHAT_TRUSTED_PROXIES); empty: none.

    Raises:
        SystemExit: a value that is not an address or network (no '*': trusting everyone would
            let any client pick the address its failed logins are counted under).
    """
    try:
        return tuple(
            ipaddress.ip_network(v.strip(), strict=False) for v in value.split(",") if v.strip()
        )
    except ValueError:
        raise SystemExit(
            "ADMIN_TRUSTED_PROXIES: comma-separated addresses or networks of the reverse proxies "
            "in front of the admin, such as 127.0.0.1 or 10.244.0.0/16"
        ) from None


def _stored_secret(folder: Path) -> str:
    """A random key kept in the data folder (created once, readable by the owner only)."""
    path = folder / SECRET_FILE
    if path.exists():
        return path.read_text().strip()
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(key)
    return key
