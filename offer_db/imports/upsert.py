"""Writes a validated batch: new records are inserted, changed ones updated, equal ones left alone.

Records are matched by their own keys (external ids; the contact's key; municipality and
category of a procedure), so importing the same data twice changes nothing at all, not even
`updated_at`. Nothing here commits: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
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
        providers = _providers(session, batch["providers"].values(), report, bar)
        sites = _sites(session, batch["sites"].values(), providers, report, bar)
        _offers(session, batch["offers"].values(), providers, sites, report, bar)
        _contacts(session, batch["contact_points"].values(), report, bar)
        _procedures(session, batch["procedures"].values(), report, bar)


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


def _providers(
    session: Session, records: Collection[Record], report: ImportReport, bar: tqdm[None]
) -> dict[str, Provider]:
    existing = _by_external_id(session, Provider, [r.key for r in records])
    result: dict[str, Provider] = {}
    for record in records:
        provider = existing.get(record.key)
        if provider is None:
            provider = Provider(**record.values)
            session.add(provider)
            report.count("providers", "created")
        else:
            report.count("providers", _outcome(assign(provider, record.values)))
        result[record.key] = provider
        bar.update()
    return result


def _sites(
    session: Session,
    records: Collection[Record],
    providers: dict[str, Provider],
    report: ImportReport,
    bar: tqdm[None],
) -> dict[str, Site]:
    existing = _by_external_id(session, Site, [r.key for r in records])
    providers = _resolve(session, Provider, providers, (r.values["provider"] for r in records))
    result: dict[str, Site] = {}
    for record in records:
        values = dict(record.values)
        provider = providers[values.pop("provider")]
        site = existing.get(record.key)
        if site is None:
            site = Site(**values, provider=provider)
            session.add(site)
            report.count("sites", "created")
        else:
            changed = assign(site, values)
            if site.provider_id is None or site.provider_id != provider.id:
                site.provider = provider
                changed = True
            report.count("sites", _outcome(changed))
        result[record.key] = site
        bar.update()
    return result


def _offers(
    session: Session,
    records: Collection[Record],
    providers: dict[str, Provider],
    sites: dict[str, Site],
    report: ImportReport,
    bar: tqdm[None],
) -> None:
    existing = _by_external_id(session, Offer, [r.key for r in records])
    providers = _resolve(session, Provider, providers, (r.values["provider"] for r in records))
    sites = _resolve(session, Site, sites, (r.values["site"] for r in records))
    for record in records:
        values = dict(record.values)
        provider, site = providers[values.pop("provider")], sites[values.pop("site")]
        texts = {field: _pop_translations(values, prefix) for prefix, field in TRANSLATED.items()}
        offer = existing.get(record.key)
        if offer is None:
            offer = Offer(**values, provider=provider, site=site)
            offer.translations = [
                OfferTranslation(language=language, field=field, text=text)
                for field, by_language in texts.items()
                for language, text in by_language.items()
            ]
            session.add(offer)
            report.count("offers", "created")
        else:
            changed = assign(offer, values)
            if offer.provider_id is None or offer.provider_id != provider.id:
                offer.provider = provider
                changed = True
            if offer.site_id is None or offer.site_id != site.id:
                offer.site = site
                changed = True
            if any([_sync_translations(offer, field, t) for field, t in texts.items()]):
                offer.updated_at = utcnow()
                changed = True
            report.count("offers", _outcome(changed))
        bar.update()


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


def _contacts(
    session: Session, records: Collection[Record], report: ImportReport, bar: tqdm[None]
) -> None:
    for record in records:
        contact = session.get(ContactPoint, record.key)
        if contact is None:
            session.add(ContactPoint(**record.values))
            report.count("contact_points", "created")
        else:
            report.count("contact_points", _outcome(assign(contact, record.values)))
        bar.update()


def _procedures(
    session: Session, records: Collection[Record], report: ImportReport, bar: tqdm[None]
) -> None:
    keys = [(r.values["municipality"], r.values["category"]) for r in records]
    existing = (
        {
            (p.municipality, p.category): p
            for p in session.scalars(
                select(LocalProcedure).where(
                    tuple_(LocalProcedure.municipality, LocalProcedure.category).in_(keys)
                )
            )
        }
        if keys
        else {}
    )
    for record, key in zip(records, keys, strict=True):
        procedure = existing.get(key)
        if procedure is None:
            session.add(LocalProcedure(**record.values))
            report.count("procedures", "created")
        else:
            report.count("procedures", _outcome(assign(procedure, record.values)))
        bar.update()
