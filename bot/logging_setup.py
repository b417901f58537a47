"""Logging of the channel processes (Telegram bridge, web chat host): one format, and no URLs.

httpx logs every request URL at INFO. Bot API URLs contain the Telegram bot token, and Rasa's
tracker URLs carry the users' pseudonyms, so neither belongs in a log: httpx and httpcore log
warnings only.
"""

from __future__ import annotations

import logging


def configure_logging() -> None:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
