"""The messages one action sends, rendered from the catalogs in the turn's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from locales.catalog import Catalog


@dataclass
class Reply:
    """The messages one action sends, in one language."""

    language: str
    catalog: Catalog
    messages: list[dict[str, Any]] = field(default_factory=list)
    # The volunteer mode's second rendering of the same turn: it stores nothing (feedback,
    # unanswered questions), its texts are only shown beside the first rendering's.
    echo_of: str | None = None  # the user's language, in the second rendering

    @property
    def is_echo(self) -> bool:
        return self.echo_of is not None

    def text(self, key: str, **params: Any) -> str:
        """A rendered message, for composing several into one bubble."""
        return self.catalog.text(self.language, key, **params)

    def say(self, key: str, buttons: list[dict[str, str]] | None = None, **params: Any) -> None:
        """Sends message `key`."""
        self.send(self.text(key, **params), buttons)

    def send(self, text: str, buttons: list[dict[str, str]] | None = None) -> None:
        """Sends an already rendered text (joined from several catalog messages)."""
        message: dict[str, Any] = {"text": text}
        if buttons:
            message["buttons"] = buttons
        self.messages.append(message)

    def custom(self, payload: dict[str, Any]) -> None:
        """Sends structured data for channels that render it (offer cards, venues)."""
        self.messages.append({"json_message": {**payload, "language": self.language}})

    def button(self, key: str, payload: str, **params: Any) -> dict[str, str]:
        return {"title": self.text(key, **params), "payload": payload}
