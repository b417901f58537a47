"""Which language the bridge's own texts use ("unavailable", "I can only read text", ...).

The assistant decides the conversation's language; the bridge only follows it: the language of
the assistant's last answer when known (the `turn` payload of the message contract), else the
user's Telegram language when the assistant
speaks it, else German, the Kreis's own language.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from locales.catalog import DEFAULT_LANGUAGE, Catalog, default_catalog


def telegram_language(code: str | None) -> str | None:
    """The primary subtag of Telegram's IETF `language_code` ("pt-br" → "pt"), lower case."""
    if not code:
        return None
    return code.split("-")[0].strip().lower() or None


class LanguageMemory:
    """Pseudonym → the language last seen from the assistant, in memory, bounded.

    Only a hint for the bridge's own few texts; losing it on restart costs nothing.
    """

    def __init__(self, catalog: Catalog | None = None, max_users: int = 50_000) -> None:
        self.catalog = catalog or default_catalog()
        self._known: OrderedDict[str, str] = OrderedDict()
        self._max = max_users

    def remember(self, sender: str, language: str | None) -> None:
        if language is None or not self.catalog.supports(language):
            return
        self._known[sender] = language
        self._known.move_to_end(sender)
        while len(self._known) > self._max:
            self._known.popitem(last=False)

    def forget(self, sender: str) -> None:
        self._known.pop(sender, None)

    def language(self, sender: str | None, telegram_code: str | None) -> str:
        """The language for a bridge text to `sender` (see the module docstring)."""
        if sender and sender in self._known:
            return self._known[sender]
        hinted = telegram_language(telegram_code)
        if hinted is not None and self.catalog.supports(hinted):
            return hinted
        return DEFAULT_LANGUAGE

    def text(self, language: str, key: str, **params: Any) -> str:
        """A channel text (`locales/telegram/<code>.yml`, key without the `telegram.` prefix)."""
        return self.catalog.text(language, f"telegram.{key}", **params)
