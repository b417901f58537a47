"""Reference data shipped with the package: the eight languages and the ten municipalities.

The CSV files in `offer_db/data/` are the project's own copy of the public reference facts
(municipality centres, postcodes, neighbours inside the Kreis). `sync_reference_data` writes them
into the database; `offer_db.migrate.upgrade` calls it after every schema upgrade.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sqlalchemy.orm import Session

from offer_db.models import Language, Municipality


@dataclass(frozen=True)
class LanguageInfo:
    code: str
    native_name: str
    english_name: str
    direction: str


@dataclass(frozen=True)
class MunicipalityInfo:
    name: str
    postcodes: tuple[str, ...]
    lat: float
    lon: float
    neighbours: tuple[str, ...]
    is_town: bool  # a Stadt (the seven bigger places) rather than a Gemeinde


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("offer_db").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def languages() -> tuple[LanguageInfo, ...]:
    """The assistant's languages, German first."""
    return tuple(
        LanguageInfo(r["code"], r["native_name"], r["english_name"], r["direction"])
        for r in _rows("languages.csv")
    )


@cache
def municipalities() -> tuple[MunicipalityInfo, ...]:
    """The ten municipalities of Kreis Heinsberg, alphabetically, with their neighbours."""
    neighbours: dict[str, set[str]] = {}
    for pair in _rows("neighbours.csv"):
        a, b = pair["municipality"], pair["neighbour"]
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    return tuple(
        MunicipalityInfo(
            name=r["name"],
            postcodes=tuple(r["postcodes"].replace(";", " ").split()),
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            neighbours=tuple(sorted(neighbours.get(r["name"], ()))),
            is_town=r["kind"].startswith("Stadt"),
        )
        for r in sorted(_rows("municipalities.csv"), key=lambda r: r["name"])
    )


def municipality(name: str) -> MunicipalityInfo | None:
    """The municipality called exactly `name` (canonical spelling), or None."""
    return _by_name().get(name)


@cache
def _by_name() -> dict[str, MunicipalityInfo]:
    return {m.name: m for m in municipalities()}


def sync_reference_data(session: Session) -> int:
    """Inserts or updates the languages and municipalities; returns how many rows changed."""
    changed = 0
    for lang in languages():
        changed += _upsert(
            session,
            Language,
            lang.code,
            native_name=lang.native_name,
            english_name=lang.english_name,
            direction=lang.direction,
        )
    for m in municipalities():
        changed += _upsert(
            session,
            Municipality,
            m.name,
            postcodes=list(m.postcodes),
            lat=m.lat,
            lon=m.lon,
            neighbours=list(m.neighbours),
        )
    return changed


def _upsert(
    session: Session, model: type[Language] | type[Municipality], key: str, **values: object
) -> int:
    row = session.get(model, key)
    if row is None:
        pk = "code" if model is Language else "name"
        session.add(model(**{pk: key}, **values))
        return 1
    changes = {k: v for k, v in values.items() if getattr(row, k) != v}
    for k, v in changes.items():
        setattr(row, k, v)
    return int(bool(changes))
