"""The web chat host's settings, read once from the environment (defaults work locally)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from bot.rasa_client import RasaConnection
from bot.webchat.clients import Network, parse_networks
from bot.webchat.origins import normalize_origin

DEFAULT_PORT = 8080
# The demo page's origins on a developer's machine (README: http://localhost:8080/).
DEFAULT_ORIGINS = ("http://localhost:8080", "http://127.0.0.1:8080")


@dataclass(frozen=True)
class WebchatSettings:
    """Everything the host needs; `from_env` reads it."""

    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    rasa: RasaConnection = field(default_factory=RasaConnection)
    configured_origins: tuple[str, ...] = ()
    max_message_chars: int = 1000
    messages_per_minute: int = 30  # per browser session
    # Per client address: a shelter or school behind one address has many people typing, so
    # this is a multiple of the per-session limit; a script with fresh sessions meets it.
    messages_per_minute_per_ip: int = 120
    max_in_flight: int = 32  # requests waiting for Rasa at once; more get "busy, try again"
    trusted_proxies: tuple[Network, ...] = ()  # whose X-Forwarded-For is believed
    # While a conversation is with staff the widget asks for their answers this often.
    poll_seconds: float = 10.0

    @property
    def own_origins(self) -> tuple[str, ...]:
        """The origins under which this host serves its own demo page."""
        hosts = {self.host, "localhost", "127.0.0.1"} - {"0.0.0.0", "::", ""}
        return tuple(sorted(f"http://{h}:{self.port}" for h in hosts))

    @property
    def allowed_origins(self) -> frozenset[str]:
        """Pages that may call /api: the configured ones (else the defaults) plus our own."""
        configured = self.configured_origins or DEFAULT_ORIGINS
        return frozenset(normalize_origin(o) for o in (*configured, *self.own_origins)) - {""}

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> WebchatSettings:
        """Reads WEBCHAT_* (incl. WEBCHAT_POLL_SECONDS), RASA_URL, RASA_TOKEN and RASA_TIMEOUT."""
        env = dict(os.environ) if env is None else env
        try:
            proxies = parse_networks(env.get("WEBCHAT_TRUSTED_PROXIES", "").split(","))
        except ValueError:
            raise SystemExit(
                "WEBCHAT_TRUSTED_PROXIES: comma-separated addresses or networks of the reverse "
                "proxies in front of the host, such as 127.0.0.1 or 10.0.0.0/24"
            ) from None
        origins = tuple(
            o.strip() for o in env.get("WEBCHAT_ALLOWED_ORIGINS", "").split(",") if o.strip()
        )
        for origin in origins:
            if not normalize_origin(origin):
                # No wildcard: it would let any website talk to the assistant as its visitors.
                raise SystemExit(
                    f"WEBCHAT_ALLOWED_ORIGINS: {origin!r} is not an origin such as "
                    "https://www.kreis-heinsberg.de (scheme, host, optional port; no '*')"
                )
        return cls(
            host=env.get("WEBCHAT_HOST", "").strip() or "127.0.0.1",
            port=int(env.get("WEBCHAT_PORT") or DEFAULT_PORT),
            rasa=RasaConnection.from_env(env),
            configured_origins=origins,
            max_message_chars=int(env.get("WEBCHAT_MAX_MESSAGE_CHARS") or 1000),
            messages_per_minute=int(env.get("WEBCHAT_MESSAGES_PER_MINUTE") or 30),
            messages_per_minute_per_ip=int(env.get("WEBCHAT_MESSAGES_PER_MINUTE_PER_IP") or 120),
            max_in_flight=int(env.get("WEBCHAT_MAX_IN_FLIGHT") or 32),
            trusted_proxies=proxies,
            poll_seconds=float(env.get("WEBCHAT_POLL_SECONDS") or 10.0),
        )
