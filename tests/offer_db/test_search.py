"""Searching offers: every filter, ranking, distance, paging and the neighbour fallback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from offer_db.diagnostics import full_table_scans, query_plan, recorded_statements
from offer_db.engine import make_engine, make_session_factory
from offer_db.geo import haversine_km
from offer_db.migrate import upgrade
from offer_db.models import ContactPoint, LocalProcedure
from offer_db.search import OfferQuery, get_contact, get_offer, get_procedure, search_offers
from tests.offer_db import factories as f

SELFKANT_CENTRE = (51.033, 5.933)
WEGBERG_CENTRE = (51.142, 6.285)


@dataclass(frozen=True)
class Catalogue:
    engine: Engine
    sessions: sessionmaker[Session]


@pytest.fixture(scope="module")
def catalogue(module_db_url: str) -> Iterator[Catalogue]:
    """A small hand-made database whose expected answers are known exactly."""
    upgrade(module_db_url)
    engine = make_engine(module_db_url)
    sessions = make_session_factory(engine)
    with sessions.begin() as s:
        kitas = f.provider(s, external_id="kitas", name="Kita-Träger")
        for external_id, title, ages, places, lat, lon in [
            ("kita-alpha", "Kita Alpha", (0, 6), "available", 51.142, 6.285),
            ("kita-beta", "Kita Beta", (3, 6), "few", 51.150, 6.300),
            ("kita-gamma", "Kita Gamma", (2, 6), "waitlist", 51.130, 6.270),
            ("kita-delta", "Kita Delta", (1, 3), "none", 51.160, 6.260),
            ("kita-epsilon", "Kita Epsilon", (3, 6), "unknown", 51.135, 6.300),
            ("kita-zeta", "Kita Zeta", (4, 6), "available", 51.120, 6.290),
        ]:
            at = f.site(s, kitas, "Wegberg", lat, lon, name=title)
            f.offer(
                s,
                at,
                external_id=external_id,
                category="kita",
                title=title,
                age_min=ages[0],
                age_max=ages[1],
                free_places=places,
                target_group="children",
            )
        school = f.provider(s, external_id="school", name="Sprachschule")
        courses: list[tuple[str, str, float, float, list[str], dict[str, Any]]] = [
            ("erk-integration", "Erkelenz", 51.080, 6.315, ["A1", "A2", "B1"], {}),
            (
                "erk-parents",
                "Erkelenz",
                51.082,
                6.320,
                ["A1", "A2"],
                {"childcare": True, "target_group": "women", "course_type": "parents_women"},
            ),
            ("erk-job", "Erkelenz", 51.078, 6.310, ["B2"], {"course_type": "job_language"}),
            ("hueck-b1", "Hückelhoven", 51.055, 6.226, ["B1"], {}),
            ("gangelt-a1", "Gangelt", 50.975, 6.010, ["A1"], {}),
            ("heinsberg-a1", "Heinsberg", 51.055, 6.040, ["A1"], {}),
            ("uebach-a1", "Übach-Palenberg", 50.920, 6.070, ["A1"], {}),
        ]
        for external_id, town, lat, lon, levels, extra in courses:
            at = f.site(s, school, town, lat, lon)
            fields: dict[str, Any] = {
                "external_id": external_id,
                "category": "language_course",
                "title": f"Deutschkurs {external_id}",
                "course_type": "integration",
                "levels": levels,
                "free_places": "available",
            }
            notes = {"de": "Bitte anrufen.", "en": "Please call."}
            f.offer(s, at, notes=notes, **(fields | extra))
        help_desk = f.site(s, f.provider(s), "Heinsberg", 51.063, 6.096)
        f.offer(s, help_desk, external_id="heinsberg-counsel", category="counseling")
        s.add(
            ContactPoint(
                key="ki",
                name="Kommunales Integrationszentrum",
                street="Valkenburger Str. 45",
                postcode="52525",
                municipality="Heinsberg",
            )
        )
        s.add(
            LocalProcedure(
                municipality="Wegberg",
                category="kita",
                office_name="Jugendamt",
                steps=["kita_legal_right", "kita_visit_kitas"],
                verified_on=f.VERIFIED_ON,
            )
        )
    yield Catalogue(engine, sessions)
    engine.dispose()


def search(catalogue: Catalogue, **query: object) -> tuple[list[str], int, bool]:
    with catalogue.sessions() as s:
        result = search_offers(s, OfferQuery(**query))  # type: ignore[arg-type]
    return [h.offer.external_id for h in result.hits], result.total, result.fallback


def test_kitas_in_a_municipality_rank_free_places_first_then_title(catalogue: Catalogue) -> None:
    ids, total, fallback = search(catalogue, category="kita", municipality="Wegberg", limit=10)
    assert ids == [
        "kita-alpha",
        "kita-zeta",
        "kita-beta",
        "kita-epsilon",
        "kita-gamma",
        "kita-delta",
    ]
    assert (total, fallback) == (6, False)


def test_child_age_keeps_offers_whose_age_range_contains_it(catalogue: Catalogue) -> None:
    ids, total, _ = search(catalogue, category="kita", municipality="Wegberg", child_age=1)
    assert set(ids) == {"kita-alpha", "kita-delta"} and total == 2
    ids, total, _ = search(
        catalogue, category="kita", municipality="Wegberg", child_age=4, limit=10
    )
    assert "kita-delta" not in ids and total == 5


def test_child_age_matches_offers_without_age_limits(catalogue: Catalogue) -> None:
    ids, _, _ = search(catalogue, category="counseling", municipality="Heinsberg", child_age=9)
    assert ids == ["heinsberg-counsel"]


def test_level_filter_finds_courses_teaching_that_level(catalogue: Catalogue) -> None:
    ids, total, _ = search(
        catalogue, category="language_course", municipality="Erkelenz", level="A2"
    )
    assert set(ids) == {"erk-integration", "erk-parents"} and total == 2
    ids, _, _ = search(catalogue, category="language_course", municipality="Erkelenz", level="b2")
    assert ids == ["erk-job"]


def test_childcare_filter(catalogue: Catalogue) -> None:
    ids, _, _ = search(
        catalogue, category="language_course", municipality="Erkelenz", childcare=True
    )
    assert ids == ["erk-parents"]
    ids, _, _ = search(
        catalogue, category="language_course", municipality="Erkelenz", childcare=False
    )
    assert set(ids) == {"erk-integration", "erk-job"}


def test_target_group_includes_offers_for_everyone(catalogue: Catalogue) -> None:
    ids, _, _ = search(
        catalogue, category="language_course", municipality="Erkelenz", target_group="women"
    )
    assert set(ids) == {"erk-integration", "erk-parents", "erk-job"}
    ids, _, _ = search(
        catalogue, category="language_course", municipality="Erkelenz", target_group="parents"
    )
    assert set(ids) == {"erk-integration", "erk-job"}


def test_free_places_only_keeps_available_and_few(catalogue: Catalogue) -> None:
    ids, total, _ = search(
        catalogue, category="kita", municipality="Wegberg", free_places_only=True
    )
    assert ids == ["kita-alpha", "kita-zeta", "kita-beta"] and total == 3


def test_near_orders_by_distance_within_the_municipality(catalogue: Catalogue) -> None:
    point = (51.121, 6.291)  # next to Kita Zeta
    with catalogue.sessions() as s:
        result = search_offers(
            s, OfferQuery(category="kita", municipality="Wegberg", near=point, limit=10)
        )
    distances = [h.distance_km for h in result.hits]
    assert result.hits[0].offer.external_id == "kita-zeta"
    assert distances == sorted(distances)  # type: ignore[type-var]
    site = result.hits[-1].offer.site
    assert distances[-1] == pytest.approx(haversine_km(point, (site.lat, site.lon)))


def test_near_without_municipality_gives_the_nearest_offers_anywhere(catalogue: Catalogue) -> None:
    with catalogue.sessions() as s:
        result = search_offers(
            s, OfferQuery(category="language_course", near=(51.056, 6.227), limit=3)
        )
    assert [h.offer.external_id for h in result.hits][0] == "hueck-b1"
    assert result.hits[0].distance_km is not None and result.hits[0].distance_km < 0.2
    assert result.total == 7 and result.municipality is None and not result.fallback


def test_distance_is_from_the_municipality_centre_without_a_point(catalogue: Catalogue) -> None:
    with catalogue.sessions() as s:
        result = search_offers(s, OfferQuery(category="kita", municipality="Wegberg"))
    alpha = result.hits[0]
    assert alpha.offer.external_id == "kita-alpha"
    assert alpha.distance_km == pytest.approx(
        haversine_km(WEGBERG_CENTRE, (51.142, 6.285)), abs=0.01
    )


def test_no_municipality_and_no_point_gives_no_distance(catalogue: Catalogue) -> None:
    with catalogue.sessions() as s:
        result = search_offers(s, OfferQuery(category="kita"))
    assert all(h.distance_km is None for h in result.hits) and result.total == 6


def test_pages_are_disjoint_and_cover_all_matches(catalogue: Catalogue) -> None:
    pages = [
        search(catalogue, category="kita", municipality="Wegberg", limit=4, offset=offset)
        for offset in (0, 4, 8)
    ]
    assert [len(ids) for ids, _, _ in pages] == [4, 2, 0]
    assert all(total == 6 for _, total, _ in pages)
    everything, _, _ = search(catalogue, category="kita", municipality="Wegberg", limit=10)
    assert pages[0][0] + pages[1][0] == everything


def test_nothing_in_the_municipality_falls_back_to_neighbours_first(catalogue: Catalogue) -> None:
    # Heinsberg's course is nearer to Selfkant's centre, but Gangelt borders Selfkant.
    assert haversine_km(SELFKANT_CENTRE, (51.055, 6.040)) < haversine_km(
        SELFKANT_CENTRE, (50.975, 6.010)
    )
    with catalogue.sessions() as s:
        result = search_offers(
            s, OfferQuery(category="language_course", municipality="Selfkant", limit=10)
        )
    ids = [h.offer.external_id for h in result.hits]
    assert result.fallback and result.municipality == "Selfkant" and result.total == 7
    assert ids[:2] == ["gangelt-a1", "heinsberg-a1"]
    rest = [h.distance_km for h in result.hits[1:]]
    assert rest == sorted(rest)  # type: ignore[type-var]


def test_fallback_pages_run_from_the_neighbours_into_the_rest(catalogue: Catalogue) -> None:
    everything, total, _ = search(
        catalogue, category="language_course", municipality="Selfkant", limit=10
    )
    for size in (1, 2, 3):
        pages = [
            search(
                catalogue, category="language_course", municipality="Selfkant", limit=size, offset=o
            )[0]
            for o in range(0, total, size)
        ]
        assert [i for page in pages for i in page] == everything


def test_nearest_pages_match_a_full_ranking_by_distance(catalogue: Catalogue) -> None:
    point = (51.0, 6.2)
    with catalogue.sessions() as s:
        every = search_offers(s, OfferQuery(category="language_course", near=point, limit=50))
        pages = [
            search_offers(s, OfferQuery(category="language_course", near=point, limit=2, offset=o))
            for o in (0, 2, 4, 6)
        ]
    expected = sorted(every.hits, key=lambda h: h.distance_km or 0)
    paged = [h.offer.external_id for page in pages for h in page.hits]
    assert paged == [h.offer.external_id for h in expected]
    assert {page.total for page in pages} == {7}


def test_fallback_keeps_the_other_filters(catalogue: Catalogue) -> None:
    ids, total, fallback = search(
        catalogue, category="language_course", municipality="Selfkant", level="B2"
    )
    assert (ids, total, fallback) == (["erk-job"], 1, True)


def test_nothing_anywhere_is_an_empty_result_without_fallback(catalogue: Catalogue) -> None:
    ids, total, fallback = search(catalogue, category="school_to_work", municipality="Wegberg")
    assert (ids, total, fallback) == ([], 0, False)


@pytest.mark.parametrize(
    ("query", "mentioned"),
    [
        ({"municipality": "Hamburg"}, "Hamburg"),
        ({"level": "D1"}, "D1"),
        ({"category": "sauna"}, "sauna"),
        ({"target_group": "aliens"}, "aliens"),
        ({"limit": 0}, "limit"),
        ({"child_age": -1}, "child_age"),
        ({"near": (123.0, 6.0)}, "near"),
    ],
)
def test_unknown_values_raise_a_clear_value_error(
    catalogue: Catalogue, query: dict[str, object], mentioned: str
) -> None:
    with catalogue.sessions() as s, pytest.raises(ValueError, match=mentioned):
        search_offers(s, OfferQuery(**query))  # type: ignore[arg-type]


def test_hits_are_usable_after_the_session_is_closed(catalogue: Catalogue) -> None:
    with catalogue.sessions() as s:
        result = search_offers(
            s, OfferQuery(category="language_course", municipality="Erkelenz", level="B2")
        )
    offer = result.hits[0].offer
    assert offer.site.municipality == "Erkelenz"
    assert offer.provider.name == "Sprachschule"
    assert offer.note("en") == "Please call." and offer.note("tr") == "Bitte anrufen."


def test_get_offer_by_external_id(catalogue: Catalogue) -> None:
    with catalogue.sessions() as s:
        offer = get_offer(s, "erk-parents")
        assert get_offer(s, "no-such-offer") is None
    assert offer is not None and offer.childcare and offer.site.municipality == "Erkelenz"
    assert offer.note("de") == "Bitte anrufen."


def test_get_contact_and_procedure(catalogue: Catalogue) -> None:
    with catalogue.sessions() as s:
        contact = get_contact(s)
        procedure = get_procedure(s, "Wegberg", "kita")
        assert get_procedure(s, "Wegberg", "school") is None
        assert get_procedure(s, "Erkelenz", "language_course") is None
        with pytest.raises(ValueError, match="Hamburg"):
            get_procedure(s, "Hamburg", "kita")
        with pytest.raises(ValueError, match="sauna"):
            get_procedure(s, "Wegberg", "sauna")
    assert contact is not None and contact.street == "Valkenburger Str. 45"
    assert procedure is not None and procedure.steps == ["kita_legal_right", "kita_visit_kitas"]


@pytest.mark.parametrize(
    "query",
    [
        OfferQuery(category="kita", municipality="Wegberg"),
        OfferQuery(category="kita", municipality="Wegberg", child_age=4),
        OfferQuery(category="language_course", municipality="Erkelenz", level="A1"),
        OfferQuery(category="language_course", near=(51.08, 6.31)),
        OfferQuery(category="kita", municipality="Wegberg", limit=2, offset=2),
    ],
)
def test_common_searches_read_no_table_in_full(catalogue: Catalogue, query: OfferQuery) -> None:
    with catalogue.sessions() as s, recorded_statements(catalogue.engine) as statements:
        search_offers(s, query)
    with catalogue.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # On tables this small PostgreSQL rightly prefers scanning; forbid it so the plan
            # shows whether an index could serve the query at all.
            connection.exec_driver_sql("SET enable_seqscan = off")
        plans = [query_plan(connection, sql, params) for sql, params in statements]
    assert len(plans) >= 3  # count, rank the ids (in growing boxes when near), load the page
    assert all(full_table_scans(plan) == [] for plan in plans), plans
