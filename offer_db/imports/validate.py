"""Checks everything staff hand in before anything is written, and collects every problem.

Readers (YAML seed, CSV, XLSX) turn a file into `Entry`s: raw values per field, with the place
they came from. `validate` parses each value, checks each record (municipality and postcode,
coordinates, time and age ranges, costs, course fields), merges records that appear in several
rows (a provider on every row of its offers), checks the references between them, and returns
either a `Batch` of clean records or the complete list of errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from offer_db.geo import haversine_km
from offer_db.imports import cells
from offer_db.imports.fields import FIELDS, Field
from offer_db.imports.report import Location, RowError
from offer_db.models import Municipality, Offer, Provider, Site
from offer_db.vocabulary import Category, CostKind

MAX_KM_FROM_CENTRE = 12.0
_REFERENCES: dict[str, dict[str, tuple[str, type[Provider] | type[Site]]]] = {
    "sites": {"provider": ("providers", Provider)},
    "offers": {"provider": ("providers", Provider), "site": ("sites", Site)},
}
_NAMES = {"providers": ("Anbieter", "provider"), "sites": ("Standort", "site")}
# Providers and sites repeat on every row of their offers; everything else must be unique.
_MAY_REPEAT = {"providers", "sites"}
_ID_FIELD = {"contact_points": "key", "procedures": "category"}  # blamed for duplicates
_KEY_FIELDS = {"contact_points": ("key",), "procedures": ("municipality", "category")}


@dataclass(frozen=True)
class Entry:
    """One record as read from a file, before parsing."""

    kind: str  # a key of offer_db.imports.fields.FIELDS
    location: Location
    values: Mapping[str, object]  # raw values by field key; a missing key is an empty cell
    columns: Mapping[str, str] = field(default_factory=dict)  # field key -> name shown

    def column(self, key: str) -> str:
        return self.columns.get(key, key)

    def error(self, key: str | None, reason_de: str, reason_en: str) -> RowError:
        column = self.column(key) if key else None
        value = cells.raw_text(self.values.get(key)) if key else ""
        return RowError(self.location, column, value, reason_de, reason_en)


@dataclass(frozen=True)
class Record:
    """A parsed, checked record; `values` are model attribute values and references."""

    kind: str
    key: str
    values: dict[str, Any]
    entry: Entry


@dataclass
class Batch:
    """The clean records of one file, by kind and key, in file order."""

    records: dict[str, dict[str, Record]] = field(
        default_factory=lambda: {kind: {} for kind in FIELDS}
    )

    def __getitem__(self, kind: str) -> dict[str, Record]:
        return self.records[kind]


class Gazetteer:
    """The municipalities of the database, found by name however it is spelled."""

    def __init__(self, municipalities: Iterable[Municipality]) -> None:
        self.by_name = {m.name: m for m in municipalities}
        self._lookup = {"".join(cells.words(name)): name for name in self.by_name}

    @classmethod
    def load(cls, session: Session) -> Gazetteer:
        return cls(session.scalars(select(Municipality)))

    def canonical(self, name: str) -> str | None:
        """'hueckelhoven', 'Übach Palenberg' -> 'Hückelhoven', 'Übach-Palenberg'."""
        return self._lookup.get("".join(cells.words(name)))


def validate(session: Session, entries: Sequence[Entry]) -> tuple[Batch, list[RowError]]:
    """Parses and checks `entries`; returns the clean batch and every error found."""
    gazetteer = Gazetteer.load(session)
    batch = Batch()
    rejected: dict[str, set[str]] = {kind: set() for kind in FIELDS}
    errors: list[RowError] = []
    for entry in entries:
        values, problems = parse_entry(entry, FIELDS[entry.kind])
        for needs, check in CHECKS[entry.kind]:
            if all(key in values for key in needs):
                problems.extend(check(entry, values, gazetteer))
        if problems:
            errors.extend(problems)
            key = record_key(entry.kind, values)
            if key is not None:
                rejected[entry.kind].add(key)
            continue
        record = Record(entry.kind, str(record_key(entry.kind, values)), values, entry)
        errors.extend(_merge(batch, record))
    errors.extend(_check_references(session, batch, rejected))
    return batch, sorted(errors, key=_error_order)


def _error_order(e: RowError) -> tuple[str, str, int]:
    return (e.location.file, e.location.section or "", e.location.row)


def record_key(kind: str, values: Mapping[str, Any]) -> str | None:
    """The key that identifies the record (external id; contact key; municipality/category),
    or None when part of it could not be read."""
    fields = _KEY_FIELDS.get(kind, ("external_id",))
    if any(f not in values for f in fields):
        return None
    return "/".join(str(values[f]) for f in fields)


def parse_entry(entry: Entry, fields: Sequence[Field]) -> tuple[dict[str, Any], list[RowError]]:
    """The fields of `entry` that could be read (empty ones with their defaults), and an error
    for each missing or unreadable one."""
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for f in fields:
        raw = entry.values.get(f.key)
        if cells.is_empty(raw):
            if f.required:
                errors.append(entry.error(f.key, "fehlt (Pflichtfeld)", "is missing (required)"))
            else:
                values[f.key] = list(f.default) if isinstance(f.default, list) else f.default
            continue
        try:
            values[f.key] = f.parse(raw)
        except cells.CellError as e:
            errors.append(entry.error(f.key, e.reason_de, e.reason_en))
    return values, errors


# Checks across fields. Each runs only when the fields it needs could be read, so that one bad
# cell is reported once, and never hides a problem in another cell of the same row.


def _known_municipality(
    entry: Entry, values: dict[str, Any], places: Gazetteer
) -> Iterator[RowError]:
    name = places.canonical(values["municipality"])
    if name is None:
        del values["municipality"]  # the checks that depend on it are skipped
        yield entry.error(
            "municipality",
            "ist keine Gemeinde im Kreis Heinsberg",
            "not a municipality of Kreis Heinsberg",
        )
    else:
        values["municipality"] = name


def _postcode_of_municipality(
    entry: Entry, values: dict[str, Any], places: Gazetteer
) -> Iterator[RowError]:
    town = places.by_name[values["municipality"]]
    if values["postcode"] not in (None, *town.postcodes):
        codes = ", ".join(town.postcodes)
        yield entry.error(
            "postcode",
            f"ist keine Postleitzahl von {town.name} ({codes})",
            f"is not a postcode of {town.name} ({codes})",
        )


def _near_municipality(
    entry: Entry, values: dict[str, Any], places: Gazetteer
) -> Iterator[RowError]:
    lat, lon = values["lat"], values["lon"]
    if lat is None or lon is None:
        if lat is not None or lon is not None:
            yield entry.error(
                "lat" if lat is None else "lon",
                "fehlt: Breiten- und Längengrad nur zusammen",
                "is missing: latitude and longitude go together",
            )
        return
    town = places.by_name[values["municipality"]]
    km = haversine_km((lat, lon), (town.lat, town.lon))
    if km > MAX_KM_FROM_CENTRE:
        yield entry.error(
            "lat",
            f"liegt {km:.0f} km von {town.name} entfernt: Koordinaten prüfen",
            f"is {km:.0f} km away from {town.name}: check the coordinates",
        )


def _course_fields(entry: Entry, values: dict[str, Any], places: Gazetteer) -> Iterator[RowError]:
    course = values["category"] == Category.LANGUAGE_COURSE
    if not course and values["course_type"] is not None:
        yield entry.error(
            "course_type",
            "gibt es nur bei Sprachkursen (category language_course)",
            "only applies to language courses (category language_course)",
        )
    if course and values["course_type"] is None:
        yield entry.error(
            "course_type",
            "fehlt (Pflicht bei Sprachkursen)",
            "is missing (required for language courses)",
        )
    if course and not values["levels"]:
        yield entry.error(
            "levels",
            "fehlen (Pflicht bei Sprachkursen)",
            "are missing (required for language courses)",
        )


def _times(entry: Entry, values: dict[str, Any], places: Gazetteer) -> Iterator[RowError]:
    start, end = values["time_from"], values["time_to"]
    if (start is None) != (end is None):
        yield entry.error(
            "time_from" if start is None else "time_to",
            "fehlt: Uhrzeit von und bis nur zusammen",
            "is missing: start and end time go together",
        )
    elif start is not None and start >= end:
        yield entry.error(
            "time_to", "liegt nicht nach der Uhrzeit von", "is not after the start time"
        )


def _ages(entry: Entry, values: dict[str, Any], places: Gazetteer) -> Iterator[RowError]:
    low, high = values["age_min"], values["age_max"]
    if low is not None and high is not None and low > high:
        yield entry.error("age_max", "ist kleiner als das Alter von", "is below the minimum age")


def _cost(entry: Entry, values: dict[str, Any], places: Gazetteer) -> Iterator[RowError]:
    kind, amount = values["cost_kind"], values["cost_amount_eur"]
    if kind == CostKind.FEE and amount is None:
        yield entry.error(
            "cost_amount_eur",
            "fehlt (Pflicht bei Kosten fee)",
            "is missing (required when cost_kind is fee)",
        )
    elif kind == CostKind.FREE and amount:
        yield entry.error(
            "cost_amount_eur", "passt nicht zu kostenlos (free)", "contradicts cost_kind free"
        )


def _steps_of_category(
    entry: Entry, values: dict[str, Any], places: Gazetteer
) -> Iterator[RowError]:
    wrong = [step for step in values["steps"] if not step.startswith(f"{values['category']}_")]
    if wrong:
        yield entry.error(
            "steps",
            f"enthält Schritte für eine andere Kategorie: {', '.join(wrong)}",
            f"contains steps of another category: {', '.join(wrong)}",
        )


Check = Callable[[Entry, dict[str, Any], Gazetteer], Iterable[RowError]]
_PLACE_CHECKS: list[tuple[tuple[str, ...], Check]] = [
    (("municipality",), _known_municipality),
    (("municipality", "postcode"), _postcode_of_municipality),
    (("municipality", "lat", "lon"), _near_municipality),
]
CHECKS: dict[str, list[tuple[tuple[str, ...], Check]]] = {
    "providers": [],
    "sites": _PLACE_CHECKS,
    "contact_points": _PLACE_CHECKS,
    "offers": [
        (("category", "course_type", "levels"), _course_fields),
        (("time_from", "time_to"), _times),
        (("age_min", "age_max"), _ages),
        (("cost_kind", "cost_amount_eur"), _cost),
    ],
    "procedures": [
        (("municipality",), _known_municipality),
        (("municipality", "postcode"), _postcode_of_municipality),
        (("category", "steps"), _steps_of_category),
    ],
}


def _merge(batch: Batch, record: Record) -> list[RowError]:
    """Adds `record`; a repeated key must repeat the same values (providers, sites)."""
    known = batch[record.kind].get(record.key)
    if known is None:
        batch[record.kind][record.key] = record
        return []
    first = known.entry.location
    if record.kind not in _MAY_REPEAT:
        return [
            record.entry.error(
                _ID_FIELD.get(record.kind, "external_id"),
                f"steht doppelt: schon in {first.short('de')}",
                f"is a duplicate: already in {first.short('en')}",
            )
        ]
    for key, value in record.values.items():
        if known.values[key] != value:
            shown = cells.raw_text(known.entry.values.get(key))
            return [
                record.entry.error(
                    key,
                    f"widerspricht {first.short('de')} ('{shown}') für dieselbe ID '{record.key}'",
                    f"contradicts {first.short('en')} ('{shown}') for the same id '{record.key}'",
                )
            ]
    return []


def _check_references(
    session: Session, batch: Batch, rejected: Mapping[str, set[str]]
) -> list[RowError]:
    """Providers and sites referred to exist in the file or in the database.

    A reference to a record that is in the file but was rejected is not reported again.
    """
    errors = []
    for kind, refs in _REFERENCES.items():
        for key, (target, model) in refs.items():
            known = set(batch[target]) | rejected[target]
            wanted = {r.values[key] for r in batch[kind].values()} - known
            known |= _existing_ids(session, model, wanted)
            for record in batch[kind].values():
                if record.values[key] not in known:
                    de, en = _NAMES[target]
                    errors.append(
                        record.entry.error(
                            key,
                            f"ist kein bekannter {de} (weder in der Datei noch in der Datenbank)",
                            f"is not a known {en} (neither in the file nor in the database)",
                        )
                    )
    return errors


def _existing_ids(
    session: Session, model: type[Provider] | type[Site] | type[Offer], ids: set[str]
) -> set[str]:
    found: set[str] = set()
    ordered = sorted(ids)
    for i in range(0, len(ordered), 500):
        chunk = ordered[i : i + 500]
        found.update(session.scalars(select(model.external_id).where(model.external_id.in_(chunk))))
    return found
