"""The end-to-end tests use the session-wide `assistant` fixture of tests/running_assistant.py
(registered once in tests/conftest.py, so that all test folders share one running assistant)."""

from tests.running_assistant import Assistant, buttons, customs, new_sender, texts

__all__ = ["Assistant", "buttons", "customs", "new_sender", "texts"]
