"""The seed format: one YAML file with every kind of record, nested by section.

    version: 1
    contact_points: [{key: ki, name: ..., street: ..., postcode: ..., municipality: ...}]
    providers: [{external_id: P-1, name: ..., phone: ..., email: ..., website: ...}]
    sites: [{external_id: S-1, provider: P-1, name: ..., street: ..., municipality: ..., ...}]
    offers: [{external_id: O-1, provider: P-1, site: S-1, category: kita, title: ..., ...,
              titles: {en: ..., ar: ...}, notes: {de: ..., en: ...}}]
    procedures: [{municipality: Wegberg, category: kita, office_name: ..., steps: [...]}]

Field names and values are those of `offer_db.imports.fields`; see docs/import-format.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session

from offer_db.imports.fields import FIELDS, NOTE_PREFIX, TITLE_PREFIX
from offer_db.imports.loading import load_entries
from offer_db.imports.report import ImportReport, Location, RowError
from offer_db.imports.validate import Entry

FORMAT_VERSION = 1
SECTIONS = ("contact_points", "providers", "sites", "offers", "procedures")
NOTES_KEY = "notes"
TITLES_KEY = "titles"  # the title in other languages; German is `title` itself
# The per-language mappings of an offer: seed key -> field prefix (`notes.en` -> `notes_en`).
_TRANSLATED = {TITLES_KEY: TITLE_PREFIX, NOTES_KEY: NOTE_PREFIX}
# libyaml's parser when installed: ten times faster on a seed of a few thousand lines.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_seed(session: Session, path: str | Path, *, dry_run: bool = False) -> ImportReport:
    """Loads a seed file into `session`: all of it or, when anything is invalid, nothing.

    Idempotent: records are matched by their keys, so loading the same file again reports 0
    changes. Flushes but does not commit; the caller owns the transaction.
    """
    path = Path(path)
    entries, errors = read_seed(path)
    return load_entries(session, path.name, entries, errors, dry_run=dry_run)


def read_seed(path: Path) -> tuple[list[Entry], list[RowError]]:
    """The entries of a seed file, and the problems of its structure."""
    file = path.name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        line = getattr(getattr(e, "problem_mark", None), "line", -1) + 1
        return [], [
            _error(
                Location(file, line),
                f"ist keine lesbare YAML-Datei ({e})",
                f"is not a readable YAML file ({e})",
            )
        ]
    if not isinstance(data, dict):
        return [], [
            _error(
                Location(file, 1),
                "enthält keine Abschnitte (providers, sites, offers, ...)",
                "has no sections (providers, sites, offers, ...)",
            )
        ]
    errors = [
        _error(
            Location(file, 0, str(key)),
            f"ist kein Abschnitt; erlaubt: {', '.join(SECTIONS)}",
            f"is not a section; allowed: {', '.join(SECTIONS)}",
        )
        for key in data
        if key not in (*SECTIONS, "version")
    ]
    if data.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        errors.append(
            _error(
                Location(file, 1),
                f"hat die Version {data['version']}, erwartet {FORMAT_VERSION}",
                f"has version {data['version']}, expected {FORMAT_VERSION}",
            )
        )
    entries: list[Entry] = []
    for section in SECTIONS:
        items = data.get(section) or []
        if not isinstance(items, list):
            errors.append(_error(Location(file, 0, section), "ist keine Liste", "is not a list"))
            continue
        for number, item in enumerate(items, start=1):
            entry, problems = _entry(section, Location(file, number, section), item)
            errors.extend(problems)
            if entry is not None:
                entries.append(entry)
    return entries, errors


def _entry(section: str, location: Location, item: Any) -> tuple[Entry | None, list[RowError]]:
    if not isinstance(item, dict):
        return None, [
            _error(location, "ist kein Eintrag mit Feldern", "is not an entry with fields")
        ]
    values = {str(k): v for k, v in item.items()}
    columns: dict[str, str] = {}
    errors: list[RowError] = []
    for mapping_key, prefix in _TRANSLATED.items():
        if section != "offers" or mapping_key not in values:
            continue
        texts = values.pop(mapping_key)
        if not isinstance(texts, dict):
            errors.append(
                RowError(
                    location,
                    mapping_key,
                    "",
                    "ist keine Zuordnung Sprache: Text",
                    "is not a mapping language: text",
                )
            )
            texts = {}
        for language, text in texts.items():
            key = f"{prefix}{language}"
            values[key] = text
            columns[key] = f"{mapping_key}.{language}"
    known = {f.key for f in FIELDS[section]}
    for key in values:
        if key not in known:
            errors.append(
                RowError(
                    location,
                    columns.get(key, key),
                    "",
                    "ist kein bekanntes Feld",
                    "is not a known field",
                )
            )
    return Entry(section, location, values, columns), errors


def _error(location: Location, reason_de: str, reason_en: str) -> RowError:
    return RowError(location, None, "", reason_de, reason_en)
