"""Logging a failure without anything the user wrote or shared."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

logger = logging.getLogger("actions")


def log_failure(where: str, error: BaseException) -> None:
    """Logs where it failed and with which exception type, never the exception's message.

    Exception messages repeat values from the conversation ("unknown level 'C2'", a town, the
    coordinates in a failed statement's parameters), and no user content may reach the logs;
    the exception type and the code location are enough to find the cause.
    """
    frames = traceback.extract_tb(error.__traceback__)
    at = ", ".join(f"{Path(f.filename).name}:{f.lineno}" for f in frames[-3:])
    logger.error("%s failed with %s at %s", where, type(error).__name__, at)
