"""Writes a validated batch: new records are inserted, changed ones updated, equal ones left alone.

Records are matched by their own keys (external ids; the contact's key; municipality and
category of a procedure), so importing the same data twice changes nothing at all, not even
`updated_at`. Nothing here commits: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session, selectinload
from tqdm import tqdm

from offer_db.imports.fields import NOTE_PREFIX, TITLE_PREFIX
from offer_db.imports.progress import progress_bar
from offer_db.imports.report import ImportReport, Outcome
from offer_db.imports.validate import Batch, Record
from offer_db.models import (
    ContactPoint,
    LocalProcedure,
    Offer,
    OfferTranslation,
    Provider,
    Site,
    utcnow,
)
from offer_db.vocabulary import NOTES_FIELD, TITLE_FIELD

CHUNK = 500
# The translated offer fields: column prefix -> `OfferTranslation.field`.
TRANSLATED = {NOTE_PREFIX: NOTES_FIELD, TITLE_PREFIX: TITLE_FIELD}


def apply_batch(session: Session, batch: Batch, report: ImportReport) -> None:
    """Upserts every record of `batch` into `session` and counts the outcome in `report`."""
    total = sum(len(records) for records in batch.records.values())
    with session.no_autoflush, progress_bar(total, "import") as bar:
        writer = _Writer(session, report, bar)
        providers = _providers(writer, batch["providers"].values())
        sites = _sites(writer, batch["sites"].values(), providers)
        _offers(writer, batch["offers"].values(), providers, sites)
        _contacts(writer, batch["contact_points"].values())
        _procedures(writer, batch["procedures"].values())


def assign(obj: object, values: Mapping[str, Any]) -> bool:
    """Sets the attributes that differ; True when any did."""
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


def _outcome(changed: bool) -> Outcome:
    return "updated" if changed else "unchanged"


def _by_external_id(
    session: Session, model: type[Provider] | type[Site] | type[Offer], ids: Collection[str]
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    ordered = sorted(ids)
    for i in range(0, len(ordered), CHUNK):
        stmt = select(model).where(model.external_id.in_(ordered[i : i + CHUNK]))
        if model is Offer:
            stmt = stmt.options(selectinload(Offer.translations), selectinload(Offer.level_rows))
        rows: Iterable[Any] = session.scalars(stmt)
        found.update((row.external_id, row) for row in rows)
    return found


def _resolve(
    session: Session,
    model: type[Provider] | type[Site],
    known: dict[str, Any],
    ids: Iterable[str],
) -> dict[str, Any]:
    """`known` plus the records referred to by `ids` that only the database has."""
    missing = set(ids) - set(known)
    return {**known, **_by_external_id(session, model, missing)} if missing else known


@dataclass(frozen=True)
class _Writer:
    """Where records go (the session), what is counted (the report) and the progress shown."""

    session: Session
    report: ImportReport
    bar: tqdm[None]

    def save(
        self,
        kind: str,
        found: Any,
        model: type[Any],
        values: Mapping[str, Any],
        links: Mapping[str, Any] | None = None,
        *,
        changed: bool = False,
    ) -> Any:
        """Inserts `model(**values, **links)` when nothing was `found`; otherwise updates
        `found`: the values that differ and the links (`provider`, `site`) that point elsewhere.

        `changed` says the caller already changed `found` (an offer's translations). Counts
        the outcome for `kind` and returns the record.
        """
        self.bar.update()
        links = links or {}
        if found is None:
            record = model(**values, **links)
            self.session.add(record)
            self.report.count(kind, "created")
            return record
        changed = assign(found, values) or changed
        for name, target in links.items():
            # A new target has no id yet: then the link is set again, harmlessly.
            if getattr(found, f"{name}_id") is None or getattr(found, f"{name}_id") != target.id:
                setattr(found, name, target)
                changed = True
        self.report.count(kind, _outcome(changed))
        return found


def _providers(writer: _Writer, records: Collection[Record]) -> dict[str, Provider]:
    existing = _by_external_id(writer.session, Provider, [r.key for r in records])
    return {
        r.key: writer.save("providers", existing.get(r.key), Provider, r.values) for r in records
    }


def _sites(
    writer: _Writer, records: Collection[Record], providers: dict[str, Provider]
) -> dict[str, Site]:
    existing = _by_external_id(writer.session, Site, [r.key for r in records])
    providers = _resolve(
        writer.session, Provider, providers, (r.values["provider"] for r in records)
    )
    result: dict[str, Site] = {}
    for record in records:
        values = dict(record.values)
        links = {"provider": providers[values.pop("provider")]}
        result[record.key] = writer.save("sites", existing.get(record.key), Site, values, links)
    return result


def _offers(
    writer: _Writer,
    records: Collection[Record],
    providers: dict[str, Provider],
    sites: dict[str, Site],
) -> None:
    session = writer.session
    existing = _by_external_id(session, Offer, [r.key for r in records])
    providers = _resolve(session, Provider, providers, (r.values["provider"] for r in records))
    sites = _resolve(session, Site, sites, (r.values["site"] for r in records))
    for record in records:
        values = dict(record.values)
        links: dict[str, Any] = {
            "provider": providers[values.pop("provider")],
            "site": sites[values.pop("site")],
        }
        texts = {field: _pop_translations(values, prefix) for prefix, field in TRANSLATED.items()}
        offer = existing.get(record.key)
        translated = False
        if offer is None:
            links["translations"] = [
                OfferTranslation(language=language, field=field, text=text)
                for field, by_language in texts.items()
                for language, text in by_language.items()
            ]
        elif any([_sync_translations(offer, field, t) for field, t in texts.items()]):
            offer.updated_at = utcnow()  # the offer's own row may be unchanged
            translated = True
        writer.save("offers", offer, Offer, values, links, changed=translated)


def _pop_translations(values: dict[str, Any], prefix: str) -> dict[str, str]:
    """Removes the `<prefix><lang>` values; the non-empty ones as language -> text."""
    texts = {
        key.removeprefix(prefix): values.pop(key) for key in list(values) if key.startswith(prefix)
    }
    return {language: text for language, text in texts.items() if text}


def _sync_translations(offer: Offer, field: str, texts: dict[str, str]) -> bool:
    """Makes the offer's `field` translations exactly `texts` (language -> text).

    True when anything changed. Used for the notes and the translated titles alike.
    """
    current = {t.language: t for t in offer.translations if t.field == field}
    changed = False
    for language, translation in current.items():
        if language not in texts:
            offer.translations.remove(translation)
            changed = True
        elif translation.text != texts[language]:
            translation.text = texts[language]
            changed = True
    for language, text in texts.items():
        if language not in current:
            offer.translations.append(OfferTranslation(language=language, field=field, text=text))
            changed = True
    return changed


def _contacts(writer: _Writer, records: Collection[Record]) -> None:
    for record in records:
        found = writer.session.get(ContactPoint, record.key)
        writer.save("contact_points", found, ContactPoint, record.values)


def _procedures(writer: _Writer, records: Collection[Record]) -> None:
    keys = [(r.values["municipality"], r.values["category"]) for r in records]
    places = tuple_(LocalProcedure.municipality, LocalProcedure.category)
    existing = (
        {
            (p.municipality, p.category): p
            for p in writer.session.scalars(select(LocalProcedure).where(places.in_(keys)))
        }
        if keys
        else {}
    )
    for record, key in zip(records, keys, strict=True):
        writer.save("procedures", existing.get(key), LocalProcedure, record.values)
