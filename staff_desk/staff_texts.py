"""What staff read about a ticket, in German (KI staff work in German; users never see these).

Users' texts are in locales/<code>.yml in every language; these are for staff only and so only
German. The German names of topics and intents come from the German catalog, language names
from Babel (CLDR), so nothing here repeats a code list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from babel import Locale

from locales.catalog import Catalog, default_catalog

STAFF_LANGUAGE = "de"
MAX_POST_CHARS = 3500  # a Telegram message holds 4096 characters


def language_name(code: str) -> str:
    name = Locale(STAFF_LANGUAGE).languages.get(code)
    return f"{name} ({code})" if name else code


def _label(catalog: Catalog, key: str, fallback: str) -> str:
    try:
        return catalog.text(STAFF_LANGUAGE, key)
    except KeyError:
        return fallback


def topic_name(topic: str | None, catalog: Catalog | None = None) -> str:
    if not topic:
        return "—"
    return _label(catalog or default_catalog(), f"topic.{topic}", topic)


def summary(understood: Mapping[str, str], catalog: Catalog | None = None) -> str:
    """A German rendering of what the assistant understood, e.g. "Frage: Kita; Alter: 3"."""
    catalog = catalog or default_catalog()
    parts = []
    intent = understood.get("intent")
    if intent:
        parts.append(f"zuletzt erkannt: {_label(catalog, f'intent.{intent}', intent)}")
    if understood.get("child_age"):
        parts.append(f"Alter des Kindes: {understood['child_age']}")
    if understood.get("course_level"):
        parts.append(f"Sprachniveau: {understood['course_level']}")
    return "; ".join(parts) if parts else "nichts Genaues verstanden"


def ticket_post(
    ticket_id: int,
    language: str,
    topic: str | None,
    municipality: str | None,
    summary_text: str | None,
    channel: str,
    messages: Sequence[str],
    catalog: Catalog | None = None,
) -> str:
    """The ticket's post in the staff group."""
    channel_name = "Telegram" if channel == "telegram" else "Web-Chat"
    lines = [
        f"🆕 Anfrage #{ticket_id} ({channel_name})",
        f"Sprache: {language_name(language)}",
        f"Thema: {topic_name(topic, catalog)}",
        f"Ort: {municipality or '—'}",
        f"Verständnis des Assistenten: {summary_text or '—'}",
        "",
        "Nachrichten (wie geschrieben):" if messages else "Noch keine Nachricht.",
        *(f"» {m}" for m in messages),
        "",
        "Antworten Sie auf diese Nachricht (Antworten-Funktion): die Antwort geht an die Person. "
        "/close als Antwort schließt die Anfrage.",
    ]
    return _cap("\n".join(lines))


def user_message_post(ticket_id: int, text: str) -> str:
    return _cap(f"#{ticket_id} » {text}")


DELIVERED = "✅ Zugestellt (#{ticket_id})."
DELIVERED_LATER = "✅ Gespeichert (#{ticket_id}); der Web-Chat holt die Antwort ab."
CLOSED = "☑️ Anfrage #{ticket_id} geschlossen; der Assistent antwortet wieder."
ALREADY_CLOSED = "Anfrage #{ticket_id} ist schon geschlossen."
NOT_DELIVERED = "⚠️ Anfrage #{ticket_id}: die Antwort konnte nicht zugestellt werden."


def _cap(text: str) -> str:
    return text if len(text) <= MAX_POST_CHARS else text[: MAX_POST_CHARS - 1] + "…"
