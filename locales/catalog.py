"""Translation catalogs: every text the assistant sends, one YAML file per language.

Translators edit `locales/<code>.yml` (nested keys, `{placeholders}`), never code; a channel's
own texts (Telegram, web chat) live beside them in `locales/<channel>/<code>.yml` and are merged
into the same language. A ninth language is one more file per folder. A key missing in a
language falls back to English, then German, and the fallback is logged, so a half-finished
translation never shows a raw key.
"""

from __future__ import annotations

import logging
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LOCALES_DIR = Path(__file__).parent
# The Kreis's own language: every layer's answer when nothing else is known, defined only here.
DEFAULT_LANGUAGE = "de"
FALLBACK_CHAIN = ("en", DEFAULT_LANGUAGE)
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LanguageInfo:
    """What a language file says about itself."""

    code: str
    native_name: str
    direction: str  # "ltr" or "rtl"


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = str(value)
    return flat


def placeholders(template: str) -> set[str]:
    """The `{names}` a message uses."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


class Catalog:
    """All languages' messages, loaded once."""

    def __init__(self, directory: Path = LOCALES_DIR) -> None:
        self.messages: dict[str, dict[str, str]] = {}
        self.languages: dict[str, LanguageInfo] = {}
        for path in sorted(directory.glob("*.yml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            meta = doc.pop("meta", {})
            code = path.stem
            self.languages[code] = LanguageInfo(
                code=code,
                native_name=str(meta.get("native_name", code)),
                direction=str(meta.get("direction", "ltr")),
            )
            self.messages[code] = _flatten(doc)
        for path in sorted(directory.glob("*/*.yml")):
            if path.stem not in self.messages:
                continue  # a channel text for a language the assistant does not have yet
            extra = _flatten(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
            clash = set(extra) & set(self.messages[path.stem])
            if clash:
                raise ValueError(f"{path} redefines {sorted(clash)}")
            self.messages[path.stem].update(extra)

    @property
    def codes(self) -> tuple[str, ...]:
        """Supported language codes, German first (the Kreis's own language), then by code."""
        return tuple(sorted(self.languages, key=lambda c: (c != DEFAULT_LANGUAGE, c)))

    def supports(self, code: str | None) -> bool:
        return code is not None and code in self.messages

    def has(self, key: str) -> bool:
        return any(key in msgs for msgs in self.messages.values())

    def text(self, language: str, key: str, **params: Any) -> str:
        """The message `key` in `language`, with `params` filled in."""
        for code in (language, *FALLBACK_CHAIN):
            template = self.messages.get(code, {}).get(key)
            if template is not None:
                if code != language:
                    logger.warning("message %s missing in %s, used %s", key, language, code)
                return template.format(**params)
        raise KeyError(f"message {key!r} exists in no language")


@lru_cache(maxsize=1)
def default_catalog() -> Catalog:
    """The repository's catalogs (loaded once per process)."""
    return Catalog()
