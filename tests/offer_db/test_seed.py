"""The sample seed: loads idempotently and is realistic, complete and clearly SAMPLE data."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, selectinload

from offer_db import reference
from offer_db.engine import make_engine
from offer_db.geo import haversine_km
from offer_db.imports.seed import load_seed
from offer_db.migrate import upgrade
from offer_db.models import ContactPoint, LocalProcedure, Municipality, Offer, Provider, Site
from offer_db.vocabulary import LEVELS, CourseType, values
from seeds.generate_sample import TOWNS_WITH_COURSES, Generator, render
from tests.offer_db.conftest import SAMPLE_SEED

FICTION_PHONE = re.compile(r"(030 23125|069 90009|0221 4710) \d{3}")
MUNICIPALITIES = {m.name for m in reference.municipalities()}


@pytest.fixture(scope="module")
def seeded(module_db_url: str) -> Iterator[Engine]:
    upgrade(module_db_url)
    engine = make_engine(module_db_url)
    with Session(engine) as s:
        report = load_seed(s, SAMPLE_SEED)
        assert report.ok, report.summary()
        s.commit()
    yield engine
    engine.dispose()


@pytest.fixture
def offers(seeded: Engine) -> list[Offer]:
    with Session(seeded) as s:
        stmt = select(Offer).options(
            selectinload(Offer.site), selectinload(Offer.provider), selectinload(Offer.translations)
        )
        return list(s.scalars(stmt))


def test_loading_the_seed_again_changes_nothing(seeded: Engine) -> None:
    with Session(seeded) as s:
        updated_before = s.scalar(select(func.max(Offer.updated_at)))
        report = load_seed(s, SAMPLE_SEED)
        s.commit()
        assert report.ok and report.changes == 0
        assert report.counts["offers"].unchanged == s.scalar(select(func.count(Offer.id)))
        assert s.scalar(select(func.max(Offer.updated_at))) == updated_before


def test_committed_seed_file_is_what_the_generator_writes() -> None:
    assert render(Generator().build()) == SAMPLE_SEED.read_text(encoding="utf-8")


def test_seed_has_at_least_150_offers_in_all_ten_municipalities(offers: list[Offer]) -> None:
    assert len(offers) >= 150
    assert {o.municipality for o in offers} == MUNICIPALITIES


def test_every_municipality_has_kitas_schools_counselling_and_meeting_points(
    offers: list[Offer],
) -> None:
    per_place = Counter((o.municipality, o.category) for o in offers)
    for town in MUNICIPALITIES:
        assert per_place[town, "kita"] >= 3, town
        assert per_place[town, "school"] >= 2, town
        assert per_place[town, "counseling"] >= 1, town
        assert per_place[town, "volunteering"] >= 2, town


def test_kitas_differ_in_ages_and_free_places_within_a_municipality(offers: list[Offer]) -> None:
    for town in MUNICIPALITIES:
        kitas = [o for o in offers if o.category == "kita" and o.municipality == town]
        assert len({(o.age_min, o.free_places) for o in kitas}) > 1, town
        assert all(o.age_max == 6 and o.age_min is not None for o in kitas)


def test_primary_schools_everywhere_secondary_schools_in_the_towns(offers: list[Offer]) -> None:
    schools = [o for o in offers if o.category == "school"]
    assert {o.municipality for o in schools if (o.age_min, o.age_max) == (6, 10)} == MUNICIPALITIES
    secondary = {o.municipality for o in schools if o.age_min == 10}
    assert secondary == set(TOWNS_WITH_COURSES)


def test_language_courses_are_in_the_towns_with_every_type_and_level(offers: list[Offer]) -> None:
    courses = [o for o in offers if o.category == "language_course"]
    assert {o.municipality for o in courses} == set(TOWNS_WITH_COURSES)
    assert {o.course_type for o in courses} == set(values(CourseType))
    assert {level for o in courses for level in o.levels} == set(LEVELS)
    assert any(o.childcare for o in courses) and any(o.cost_kind == "fee" for o in courses)


def test_school_to_work_offers_are_mainly_in_towns(offers: list[Offer]) -> None:
    places = Counter(o.municipality for o in offers if o.category == "school_to_work")
    in_towns = sum(n for town, n in places.items() if town in TOWNS_WITH_COURSES)
    assert in_towns >= 0.8 * sum(places.values()) and len(places) >= 5


def test_everything_is_marked_as_sample_data(seeded: Engine, offers: list[Offer]) -> None:
    assert all(o.is_sample and o.verified_by == "SAMPLE – nicht geprüft" for o in offers)
    with Session(seeded) as s:
        names = list(s.scalars(select(Provider.name))) + list(s.scalars(select(Site.name)))
        contact = s.get(ContactPoint, "ki")
    assert all(name.endswith(" (Beispiel)") for name in names)
    assert contact is not None and contact.is_sample


def test_contact_data_is_obviously_fictitious(seeded: Engine, offers: list[Offer]) -> None:
    with Session(seeded) as s:
        providers = list(s.scalars(select(Provider)))
        sites = list(s.scalars(select(Site)))
        procedures = list(s.scalars(select(LocalProcedure)))
        contact = s.get(ContactPoint, "ki")
    assert contact is not None
    places: list[Any] = [*providers, *sites, *procedures, contact]
    phones = [x.phone for x in places]
    phones += [o.registration_phone for o in offers]
    assert all(FICTION_PHONE.fullmatch(p) for p in phones if p), phones
    emails = [x.email for x in places]
    emails += [o.registration_email for o in offers]
    assert all(e.endswith("@example.org") for e in emails if e)
    urls = [p.website for p in providers] + [o.registration_url for o in offers]
    urls += [p.url for p in procedures] + [contact.website]
    assert all(u.startswith("https://example.org/") for u in urls if u)


def test_sites_lie_near_their_municipality_with_its_postcode(seeded: Engine) -> None:
    with Session(seeded) as s:
        towns = {m.name: m for m in s.scalars(select(Municipality))}
        sites = list(s.scalars(select(Site)))
    for site in sites:
        town = towns[site.municipality]
        assert site.postcode in town.postcodes
        assert haversine_km((site.lat, site.lon), (town.lat, town.lon)) <= 2.0


def test_notes_are_translated_into_several_languages(offers: list[Offer]) -> None:
    languages = Counter(t.language for o in offers for t in o.translations)
    assert set(languages) == {"de", "en", "ar", "fa", "uk", "ru", "tr", "fr"}
    assert all(o.note("de", fallback=None) for o in offers)
    assert all(len(o.translations) >= 3 for o in offers)


def test_titles_are_translated_into_every_other_language(offers: list[Offer]) -> None:
    others = {lang.code for lang in reference.languages()} - {"de"}
    for offer in offers:
        titles = {t.language: t.text for t in offer.translations if t.field == "title"}
        assert set(titles) == others, offer.external_id
        assert all(text and text != offer.title for text in titles.values())


def test_ki_contact_is_at_the_kreishaus(seeded: Engine) -> None:
    with Session(seeded) as s:
        contact = s.get(ContactPoint, "ki")
    assert contact is not None
    assert contact.name.startswith("Kommunales Integrationszentrum Kreis Heinsberg")
    assert (contact.street, contact.postcode, contact.municipality) == (
        "Valkenburger Str. 45",
        "52525",
        "Heinsberg",
    )


def test_school_and_kita_procedures_exist_for_all_ten_municipalities(seeded: Engine) -> None:
    with Session(seeded) as s:
        procedures = list(s.scalars(select(LocalProcedure)))
    assert {(p.municipality, p.category) for p in procedures} == {
        (m, c) for m in MUNICIPALITIES for c in ("school", "kita")
    }
    for p in procedures:
        assert p.steps and all(step.startswith(f"{p.category}_") for step in p.steps)
        assert p.documents
