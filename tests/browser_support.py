"""Headless Chromium for the browser tests, launched one way for every folder that has them.

A folder's conftest.py imports the fixtures (`browser`, `chromium_path`, `screenshots`); pytest
then gives that folder its own browser (package scope).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deploy.processes import ROOT

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "var" / "screenshots"


def chromium_or_skip() -> Path:
    """Debian's Chromium, or skip (fail on CI) with scripts/ensure_chromium.sh's advice."""
    if CHROMIUM.exists():
        return CHROMIUM
    message = (
        f"{CHROMIUM} not found: run scripts/ensure_chromium.sh "
        "(as root it installs Debian's chromium; else: sudo apt-get install -y chromium)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    return chromium_or_skip()


# Package scope, not session: Playwright's sync API keeps an event loop running in this thread
# while it is open, which would break the asyncio tests of folders that run after this one.
@pytest.fixture(scope="package")
def browser(chromium_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path),
            # the background-networking flags keep Chromium from calling out of this machine
            args=[
                "--no-sandbox",
                "--headless",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
