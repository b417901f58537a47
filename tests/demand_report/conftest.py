"""Chromium for the report's browser test (the same launch as the web chat's tests)."""

from __future__ import annotations

from tests.browser_support import browser, chromium_path, screenshots  # noqa: F401
