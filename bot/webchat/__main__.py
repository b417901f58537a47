"""Entry point: `python -m bot.webchat` serves the widget, the demo page and /api until stopped."""

from __future__ import annotations

import sys

import uvicorn

from bot.handoff import HandoffDesk
from bot.logging_setup import configure_logging
from bot.webchat.app import create_app
from bot.webchat.settings import WebchatSettings
from staff_desk.vocabulary import Channel


def main() -> int:
    configure_logging()
    settings = WebchatSettings.from_env()
    app = create_app(settings, desk=HandoffDesk.from_env(Channel.WEB))
    print(f"web chat demo page: http://{settings.host}:{settings.port}/", flush=True)
    # No access log: it would record visitors' IP addresses, which the chat has no use for.
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        access_log=False,
        # The client address is the peer's; X-Forwarded-For is read by the host itself, and
        # only from WEBCHAT_TRUSTED_PROXIES (uvicorn would believe it from 127.0.0.1).
        proxy_headers=False,
        server_header=False,
        log_level="info",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
