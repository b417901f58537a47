"""Entry point: `python -m bot.telegram` runs the bridge until SIGTERM or Ctrl-C."""

from __future__ import annotations

import asyncio
import signal
import sys

from bot.logging_setup import configure_logging
from bot.telegram.app import run
from bot.telegram.settings import TelegramSettings


async def serve(settings: TelegramSettings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await run(settings, stop)


def main() -> int:
    configure_logging()
    settings = TelegramSettings.from_env()
    asyncio.run(serve(settings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
