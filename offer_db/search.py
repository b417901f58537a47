"""Searching the offer database: what the assistant asks when a user looks for an offer.

Every filter runs in SQL on indexed columns of `offers` (`(category, municipality)`,
`(category, lat, lon)`, `offer_levels`). A search counts the matches, ranks narrow rows (ids and
sort keys) to pick one page of ids, and then loads only those offers, with their site, provider
and translations, so they stay usable after the session is closed.

Ranking by distance is plain arithmetic in SQL (no trigonometry needed in the database). Over a
whole municipality it ranks every match; over the Kreis it looks inside a bounding box around
the point first and widens the box until the page is certainly complete, so the nearest five of
ten thousand offers cost about as much as the nearest five of a hundred.

Statements are built once per shape of query (which filters, which scope, which ranking) and
executed with bound parameters. Municipalities come from the reference data shipped with the
package (`offer_db.reference`, the rows `migrate` writes into the database), so checking a name
and finding its centre and neighbours costs no query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import (
    BindParameter,
    Boolean,
    ColumnElement,
    Float,
    Integer,
    Select,
    bindparam,
    case,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.expression import Executable

from offer_db import reference
from offer_db.geo import KM_PER_DEGREE, check_point, haversine_km, lon_scale
from offer_db.models import ContactPoint, LocalProcedure, Offer, OfferLevel
from offer_db.reference import MunicipalityInfo
from offer_db.vocabulary import LEVELS, Category, FreePlaces, TargetGroup, values

# The order in which offers with open places come first; "unknown" may well have places.
FREE_PLACES_RANKING = (
    FreePlaces.AVAILABLE,
    FreePlaces.FEW,
    FreePlaces.UNKNOWN,
    FreePlaces.WAITLIST,
    FreePlaces.NONE,
)
MAX_LIMIT = 100
KREIS_AREA_KM2 = 628.0  # Kreis Heinsberg
SMALLEST_BOX_KM = 2.0  # half the side of the smallest bounding box around a point
WHOLE_KREIS_KM = 50.0  # a box this large holds the whole Kreis: rank without one


@dataclass(frozen=True)
class OfferQuery:
    """What the user looks for; every field left as None does not filter."""

    category: str | None = None
    municipality: str | None = None
    level: str | None = None  # the offer teaches this CEFR level
    child_age: int | None = None  # age_min <= age <= age_max (an open bound matches)
    childcare: bool | None = None
    target_group: str | None = None  # offers for this group or for 'all'
    free_places_only: bool = False  # places 'available' or 'few'
    near: tuple[float, float] | None = None  # (lat, lon) of a location the user shared
    limit: int = 5
    offset: int = 0


@dataclass(frozen=True)
class OfferHit:
    offer: Offer  # with site, provider and translations loaded
    distance_km: float | None  # from `near`, else from the municipality's centre


@dataclass(frozen=True)
class SearchResult:
    hits: list[OfferHit]
    total: int  # matches of the whole query (for "more results")
    fallback: bool  # True: nothing in the municipality; hits are from other municipalities
    municipality: str | None


def search_offers(session: Session, query: OfferQuery) -> SearchResult:
    """Finds offers matching `query`, ranked and paged.

    Ranking: in the requested municipality by distance from `near` when given, else by free
    places, then title. Without a municipality: nearest to `near` first, else by free places.
    When the municipality has no match, the result holds the matches elsewhere with
    `fallback=True`: neighbouring municipalities first, then the rest of the Kreis, each
    nearest first (to `near`, else to the municipality's centre).

    Raises:
        ValueError: an unknown category, municipality, level or target group, or a bad
            age, limit, offset or point.
    """
    filters, params = _filters(query)
    near = check_point(query.near) if query.near is not None else None
    offset, limit = query.offset, query.limit
    if query.municipality is None:
        search = _Search(session, filters, params, near)
        total = search.count("anywhere")
        by_distance = near is not None
        ids = (
            search.rank("anywhere", offset, limit, total, by_distance=by_distance) if total else []
        )
        return SearchResult(search.load(ids), total, False, None)

    home = _municipality(query.municipality)
    params |= {
        "municipality": home.name,
        "neighbours": list(home.neighbours),
        "home_and_neighbours": [home.name, *home.neighbours],
    }
    search = _Search(session, filters, params, near or (home.lat, home.lon))
    total = search.count("inside")
    if total:
        ids = search.rank("inside", offset, limit, total, by_distance=near is not None)
        return SearchResult(search.load(ids), total, False, home.name)

    # Nothing in the municipality: its neighbours first, then the rest of the Kreis.
    total, in_neighbours = search.count_elsewhere()
    ids = []
    if offset < in_neighbours:
        ids = search.rank("neighbours", offset, limit, in_neighbours, by_distance=True)
    if len(ids) < limit and total > in_neighbours:
        rest_offset = max(0, offset - in_neighbours)
        rest_total = total - in_neighbours
        reach = _nearest_centre_km(
            search.origin or (home.lat, home.lon), params["home_and_neighbours"]
        )
        ids += search.rank(
            "beyond", rest_offset, limit - len(ids), rest_total, by_distance=True, reach_km=reach
        )
    return SearchResult(search.load(ids), total, bool(total), home.name)


def _nearest_centre_km(origin: tuple[float, float], excluded: list[str]) -> float:
    """How far the nearest municipality not `excluded` is: a good first box for the rest."""
    return min(
        haversine_km(origin, (m.lat, m.lon))
        for m in reference.municipalities()
        if m.name not in excluded
    )


def get_offer(session: Session, external_id: str) -> Offer | None:
    """One offer by its external id, with site, provider and translations loaded."""
    stmt = (
        select(Offer)
        .where(Offer.external_id == external_id)
        .options(joinedload(Offer.site), joinedload(Offer.provider), joinedload(Offer.translations))
    )
    return session.scalars(stmt).unique().first()


def get_contact(session: Session, key: str = "ki") -> ContactPoint | None:
    """A contact point of the KI (`'ki'`: the main office)."""
    return session.get(ContactPoint, key)


def get_procedure(session: Session, municipality: str, category: str) -> LocalProcedure | None:
    """How enrolment for `category` ('school', 'kita') works in `municipality`.

    Returns None for a category without a local procedure (e.g. language courses) or when
    none is recorded yet. Raises ValueError for unknown categories or municipalities.
    """
    _check_code("category", category, values(Category))
    _municipality(municipality)
    stmt = select(LocalProcedure).where(
        LocalProcedure.municipality == municipality, LocalProcedure.category == category
    )
    return session.scalars(stmt).first()


# Where a search looks, relative to the requested municipality, and how it ranks.
Scope = Literal["anywhere", "inside", "neighbours", "beyond"]
Ranking = Literal["free_places", "distance"]


@dataclass(frozen=True)
class Shape:
    """Which filters a statement uses, where it looks and how it ranks: one statement each."""

    filters: frozenset[str]
    scope: Scope
    ranking: Ranking = "free_places"
    boxed: bool = False


class _Search:
    """The statements of one search, sharing its filters, parameters and point of origin."""

    def __init__(
        self,
        session: Session,
        filters: frozenset[str],
        params: dict[str, Any],
        origin: tuple[float, float] | None,
    ) -> None:
        self.session = session
        # Counting and ranking return plain columns: run them on the session's connection
        # (same transaction) without the ORM's per-statement work.
        self.connection = session.connection()
        self.filters = filters
        self.origin = origin
        self.params = dict(params)
        if origin is not None:
            self.params |= {"lat": origin[0], "lon": origin[1], "lon_scale": lon_scale(origin[0])}

    def count(self, scope: Scope) -> int:
        return self.connection.scalar(_count_statement(self.filters, scope), self.params) or 0

    def count_elsewhere(self) -> tuple[int, int]:
        """Matches outside the municipality, and how many of them are in its neighbours."""
        row = self.connection.execute(_elsewhere_count_statement(self.filters), self.params).one()
        return row.total, row.in_neighbours or 0

    def rank(
        self,
        scope: Scope,
        offset: int,
        limit: int,
        total: int,
        *,
        by_distance: bool = False,
        reach_km: float = 0.0,
    ) -> list[int]:
        """The ids of one page of the `total` matches in `scope`, best first.

        By distance over many matches, inside growing bounding boxes, the first at least
        `reach_km` wide (a hint only: any first box gives the same, exact answer).
        """
        if not (by_distance and self.origin):
            return self._ids(Shape(self.filters, scope), offset, limit)
        unboxed = Shape(self.filters, scope, "distance")
        wanted = offset + limit
        if scope in ("inside", "neighbours") or total <= wanted:
            return self._ids(unboxed, offset, limit)  # few enough: rank them all
        boxed = Shape(self.filters, scope, "distance", boxed=True)
        # First the box that would hold the wanted matches twice over were they spread evenly
        # over the Kreis; twice as large each time it holds too few.
        spread = (2 * wanted / total * KREIS_AREA_KM2) ** 0.5 / 2
        half_side = max(SMALLEST_BOX_KM, spread, reach_km)
        while half_side < WHOLE_KREIS_KM:
            rows = self._rows(boxed, 0, wanted, self._box(half_side))
            # Complete when the box held enough matches and the last of them is nearer than
            # anything outside the box could be.
            if len(rows) == wanted and rows[-1].distance <= (half_side / KM_PER_DEGREE) ** 2:
                return [row.id for row in rows[offset:]]
            half_side *= 2
        return self._ids(unboxed, offset, limit)

    def load(self, ids: list[int]) -> list[OfferHit]:
        """The offers `ids` in that order, fully loaded, with their distances from the origin."""
        if not ids:
            return []
        found = self.session.scalars(_load_statement(), {"ids": ids}).unique()
        offers = {offer.id: offer for offer in found}
        origin = self.origin
        return [
            OfferHit(o, haversine_km(origin, (o.site.lat, o.site.lon)) if origin else None)
            for o in (offers[i] for i in ids)
        ]

    def _ids(self, shape: Shape, offset: int, limit: int) -> list[int]:
        return [row.id for row in self._rows(shape, offset, limit)]

    def _rows(
        self, shape: Shape, offset: int, limit: int, box: dict[str, float] | None = None
    ) -> Sequence[Row[Any]]:
        params = self.params | {"offset": offset, "limit": limit} | (box or {})
        return self.connection.execute(_ranking_statement(shape), params).all()

    def _box(self, half_side_km: float) -> dict[str, float]:
        assert self.origin is not None
        lat, lon = self.origin
        dlat = half_side_km / KM_PER_DEGREE
        dlon = dlat / lon_scale(lat) ** 0.5
        return {"south": lat - dlat, "north": lat + dlat, "west": lon - dlon, "east": lon + dlon}


def _filters(query: OfferQuery) -> tuple[frozenset[str], dict[str, Any]]:
    """The filters `query` uses and their parameters, after checking every value."""
    if query.limit < 1 or query.limit > MAX_LIMIT:
        raise ValueError(f"limit={query.limit} must be between 1 and {MAX_LIMIT}")
    if query.offset < 0:
        raise ValueError(f"offset={query.offset} must not be negative")
    params: dict[str, Any] = {}
    if query.category is not None:
        _check_code("category", query.category, values(Category))
        params["category"] = query.category
    if query.level is not None:
        params["level"] = query.level.upper()
        _check_code("level", params["level"], LEVELS)
    if query.child_age is not None:
        if query.child_age < 0:
            raise ValueError(f"child_age={query.child_age} must not be negative")
        params["child_age"] = query.child_age
    if query.childcare is not None:
        params["childcare"] = query.childcare
    if query.target_group is not None:
        _check_code("target group", query.target_group, values(TargetGroup))
        params["target_group"] = query.target_group
    filters = set(params)
    if query.free_places_only:
        filters.add("free_places_only")
    return frozenset(filters), params


def _check_code(what: str, value: str, known: Sequence[str]) -> None:
    if value not in known:
        raise ValueError(f"unknown {what} {value!r}; known: {', '.join(known)}")


def _municipality(name: str) -> MunicipalityInfo:
    found = reference.municipality(name)
    if found is None:
        known = ", ".join(m.name for m in reference.municipalities())
        raise ValueError(f"unknown municipality {name!r}: not in Kreis Heinsberg; known: {known}")
    return found


def _conditions(filters: frozenset[str], scope: Scope) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if "category" in filters:
        conditions.append(Offer.category == bindparam("category"))
    if "level" in filters:
        level: BindParameter[str] = bindparam("level")
        if scope in ("inside", "neighbours"):  # a few rows: look up each one's levels
            conditions.append(
                exists().where(OfferLevel.offer_id == Offer.id, OfferLevel.level == level)
            )
        else:  # many rows: collect the offers teaching the level once
            teaching = select(OfferLevel.offer_id).where(OfferLevel.level == level)
            conditions.append(Offer.id.in_(teaching))
    if "child_age" in filters:
        age = bindparam("child_age", type_=Integer)
        conditions.append(or_(Offer.age_min.is_(None), Offer.age_min <= age))
        conditions.append(or_(Offer.age_max.is_(None), Offer.age_max >= age))
    if "childcare" in filters:
        conditions.append(Offer.childcare == bindparam("childcare", type_=Boolean))
    if "target_group" in filters:
        group: BindParameter[str] = bindparam("target_group")
        conditions.append(or_(Offer.target_group == group, Offer.target_group == TargetGroup.ALL))
    if "free_places_only" in filters:
        conditions.append(Offer.free_places.in_((FreePlaces.AVAILABLE, FreePlaces.FEW)))
    if scope == "inside":
        conditions.append(Offer.municipality == bindparam("municipality"))
    elif scope == "neighbours":
        conditions.append(Offer.municipality.in_(bindparam("neighbours", expanding=True)))
    elif scope == "beyond":
        others: BindParameter[list[str]] = bindparam("home_and_neighbours", expanding=True)
        conditions.append(Offer.municipality.not_in(others))
    return conditions


def _squared_distance() -> ColumnElement[float]:
    """dlat² + (dlon·cos lat)² in degrees²: orders like the distance, computed from the index."""
    dlat = Offer.lat - bindparam("lat", type_=Float)
    dlon = Offer.lon - bindparam("lon", type_=Float)
    return dlat * dlat + dlon * dlon * bindparam("lon_scale", type_=Float)


@lru_cache(maxsize=512)
def _ranking_statement(shape: Shape) -> Executable:
    conditions = _conditions(shape.filters, shape.scope)
    stmt: Select[int] | Select[int, float]
    if shape.ranking == "free_places":
        rank = case(
            {code.value: i for i, code in enumerate(FREE_PLACES_RANKING)},
            value=Offer.free_places,
            else_=len(FREE_PLACES_RANKING),
        )
        stmt = select(Offer.id).where(*conditions).order_by(rank, Offer.title, Offer.id)
    else:
        distance = _squared_distance().label("distance")
        if shape.boxed:
            conditions.append(Offer.lat.between(bindparam("south"), bindparam("north")))
            conditions.append(Offer.lon.between(bindparam("west"), bindparam("east")))
        stmt = select(Offer.id, distance).where(*conditions).order_by(distance, Offer.id)
    return stmt.limit(bindparam("limit", type_=Integer)).offset(bindparam("offset", type_=Integer))


@lru_cache(maxsize=512)
def _count_statement(filters: frozenset[str], scope: Scope) -> Select[int]:
    return select(func.count()).select_from(Offer).where(*_conditions(filters, scope))


@lru_cache(maxsize=512)
def _elsewhere_count_statement(filters: frozenset[str]) -> Select[int, int]:
    conditions = _conditions(filters, "anywhere")  # filters by level as suits many rows
    conditions.append(Offer.municipality != bindparam("municipality"))
    in_neighbours = Offer.municipality.in_(bindparam("neighbours", expanding=True))
    return select(
        func.count().label("total"),
        func.sum(case((in_neighbours, 1), else_=0)).label("in_neighbours"),
    ).where(*conditions)


@lru_cache(maxsize=1)
def _load_statement() -> Select[Offer]:
    return (
        select(Offer)
        .where(Offer.id.in_(bindparam("ids", expanding=True)))
        .options(joinedload(Offer.site), joinedload(Offer.provider), joinedload(Offer.translations))
    )
