"""The flat sheet: one row per offer, its provider and site written out on the same row.

Headers are the stable English keys below (`offer_id`, `municipality`, ...); the German labels
of `offer_db.imports.fields` are accepted as well ("Gemeinde", "Anbieter-ID"), in any case, with or
without spaces, hyphens and umlauts. A site's provider is the row's provider unless
`site_provider_id` names another one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from offer_db.imports import cells
from offer_db.imports.fields import (
    NOTE_PREFIX,
    OFFER_FIELDS,
    PROVIDER_FIELDS,
    SITE_FIELDS,
    TITLE_PREFIX,
    Field,
)
from offer_db.imports.report import Location, RowError
from offer_db.imports.tabular.table import Table
from offer_db.imports.validate import Entry
from offer_db.models import Offer, Provider, Site

_OFFER_HEADERS = {"external_id": "offer_id"}
_PROVIDER_HEADERS = {
    "external_id": "provider_id",
    "name": "provider_name",
    "phone": "provider_phone",
    "email": "provider_email",
    "website": "provider_website",
}
_SITE_HEADERS = {
    "external_id": "site_id",
    "provider": "site_provider_id",
    "name": "site_name",
    "phone": "site_phone",
    "email": "site_email",
    "website": "site_website",
}
_REFERENCES = ("provider", "site")  # offer fields taken from the row's provider_id / site_id


@dataclass(frozen=True)
class Column:
    header: str
    kind: str  # 'offers', 'providers' or 'sites'
    field: Field

    @property
    def required(self) -> bool:
        # The site's provider defaults to the row's provider.
        return self.field.required and self.header != "site_provider_id"


def _columns(kind: str, fields: tuple[Field, ...], headers: Mapping[str, str]) -> list[Column]:
    return [
        Column(headers.get(f.key, f.key), kind, f)
        for f in fields
        if kind != "offers" or f.key not in _REFERENCES
    ]


COLUMNS: tuple[Column, ...] = (
    *_columns("offers", OFFER_FIELDS, _OFFER_HEADERS),
    *_columns("providers", PROVIDER_FIELDS, _PROVIDER_HEADERS),
    *_columns("sites", SITE_FIELDS, _SITE_HEADERS),
)
HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS)


def fold_header(header: str) -> str:
    """'Anbieter-ID', 'anbieter id', 'ANBIETER_ID' -> 'anbieter_id'."""
    return "_".join(cells.words(header))


_BY_HEADER: dict[str, Column] = {
    **{fold_header(c.field.label_de): c for c in COLUMNS},
    **{fold_header(c.header): c for c in COLUMNS},
}


def entries(table: Table) -> tuple[list[Entry], list[RowError]]:
    """The provider, site and offer entries of every non-empty row, or the header's errors."""
    found, errors = _read_header(table)
    if errors:
        return [], errors
    result: list[Entry] = []
    for number, row in table.rows:
        if all(cells.is_empty(v) for v in row):
            continue
        location = Location(table.file, number)
        values: dict[str, dict[str, object]] = {"offers": {}, "providers": {}, "sites": {}}
        shown: dict[str, dict[str, str]] = {"offers": {}, "providers": {}, "sites": {}}
        for index, column in found.items():
            values[column.kind][column.field.key] = row[index] if index < len(row) else None
            shown[column.kind][column.field.key] = table.header[index]
        provider_id = values["providers"].get("external_id")
        site_id = values["sites"].get("external_id")
        values["offers"] |= {"provider": provider_id, "site": site_id}
        shown["offers"] |= {
            "provider": shown["providers"]["external_id"],
            "site": shown["sites"]["external_id"],
        }
        if cells.is_empty(values["sites"].get("provider")):
            values["sites"]["provider"] = provider_id
            shown["sites"]["provider"] = shown["providers"]["external_id"]
        result.extend(
            Entry(kind, location, values[kind], shown[kind])
            for kind in ("providers", "sites", "offers")
        )
    return result, errors


def _read_header(table: Table) -> tuple[dict[int, Column], list[RowError]]:
    header_row = Location(table.file, 1)
    found: dict[int, Column] = {}
    errors: list[RowError] = []
    seen: dict[str, str] = {}
    for index, name in enumerate(table.header):
        if not name:
            continue
        column = _BY_HEADER.get(fold_header(name))
        if column is None:
            errors.append(
                RowError(header_row, name, "", "ist eine unbekannte Spalte", "is an unknown column")
            )
        elif column.header in seen:
            errors.append(
                RowError(
                    header_row,
                    name,
                    "",
                    f"steht doppelt (wie '{seen[column.header]}')",
                    f"is a duplicate (of '{seen[column.header]}')",
                )
            )
        else:
            seen[column.header] = name
            found[index] = column
    for column in COLUMNS:
        if column.required and column.header not in seen:
            errors.append(
                RowError(
                    header_row,
                    column.header,
                    "",
                    "fehlt als Spalte (Pflicht)",
                    "is missing as a column (required)",
                )
            )
    return found, errors


def export_rows(session: Session) -> Iterator[list[object]]:
    """Every offer as a row of typed values in the order of `HEADERS`, by offer id."""
    stmt = (
        select(Offer)
        .order_by(Offer.external_id)
        .options(
            joinedload(Offer.provider),
            joinedload(Offer.site).joinedload(Site.provider),
            selectinload(Offer.translations),
        )
    )
    for offer in session.scalars(stmt).unique():
        yield [_value(offer, column) for column in COLUMNS]


def _value(offer: Offer, column: Column) -> object:
    key = column.field.key
    if column.kind == "providers":
        return getattr(offer.provider, key)
    if column.kind == "sites":
        if key == "provider":
            owner: Provider = offer.site.provider
            return None if owner.id == offer.provider_id else owner.external_id
        return getattr(offer.site, key)
    if key.startswith(NOTE_PREFIX):
        return offer.note(key.removeprefix(NOTE_PREFIX), fallback=None)
    if key.startswith(TITLE_PREFIX):
        return offer.title_translation(key.removeprefix(TITLE_PREFIX))
    return getattr(offer, key)
