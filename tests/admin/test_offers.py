"""Offers, sites and providers are edited with the import's validation, errors per field."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from offer_db.models import Offer, Site
from tests.admin.conftest import USER, AdminDatabase, field_errors, form_of


def _site(db: AdminDatabase) -> Site:
    with Session(db.offer_engine) as session:
        site = session.get(Site, db.site_id)
        assert site is not None
        return site


def test_a_site_saved_with_a_malformed_postcode_shows_the_error_on_the_postcode_field(
    logged_in: TestClient, admin_db: AdminDatabase
) -> None:
    edit = f"/admin/site/edit/{admin_db.site_id}"
    values = form_of(logged_in.get(edit))
    response = logged_in.post(edit, data={**values, "postcode": "4183X"})
    assert response.status_code == 400
    assert "ist keine Postleitzahl (5 Ziffern)" in field_errors(response, "postcode")
    assert field_errors(response, "street") == []
    assert _site(admin_db).postcode == "41836"


def test_a_postcode_of_another_town_is_an_error_on_the_postcode_field(
    logged_in: TestClient, admin_db: AdminDatabase
) -> None:
    edit = f"/admin/site/edit/{admin_db.site_id}"
    values = form_of(logged_in.get(edit))
    response = logged_in.post(edit, data={**values, "postcode": "52525"})  # Heinsberg's
    assert response.status_code == 400
    errors = field_errors(response, "postcode")
    assert errors and errors[0].startswith("ist keine Postleitzahl von Hückelhoven")
    assert _site(admin_db).postcode == "41836"


def test_a_valid_site_is_saved_with_the_imports_normalised_values(
    logged_in: TestClient, admin_db: AdminDatabase, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="admin.audit")
    edit = f"/admin/site/edit/{admin_db.site_id}"
    values = form_of(logged_in.get(edit))
    response = logged_in.post(
        edit, data={**values, "municipality": "hueckelhoven", "street": "Markt 2"}
    )
    assert response.status_code == 302, response.text
    site = _site(admin_db)
    assert (site.municipality, site.street) == ("Hückelhoven", "Markt 2")
    audit = [r.getMessage() for r in caplog.records if r.name == "admin.audit"]
    assert audit == [f"admin audit: {USER} update site {admin_db.site_id}"]
    assert "Markt 2" not in caplog.text  # who and what, never the values


def test_an_offer_with_its_end_before_its_start_shows_the_error_on_that_field(
    logged_in: TestClient, admin_db: AdminDatabase
) -> None:
    edit = f"/admin/offer/edit/{admin_db.offer_id}"
    values = form_of(logged_in.get(edit))
    response = logged_in.post(
        edit, data={**values, "time_from": "14:00", "time_to": "09:00", "levels": "A1"}
    )
    assert response.status_code == 400
    assert field_errors(response, "time_to") == ["liegt nicht nach der Uhrzeit von"]
    with Session(admin_db.offer_engine) as session:
        assert session.scalar(select(Offer.time_to).where(Offer.id == admin_db.offer_id)) is None


def test_a_language_course_needs_its_course_type_and_levels(
    logged_in: TestClient, admin_db: AdminDatabase
) -> None:
    edit = f"/admin/offer/edit/{admin_db.offer_id}"
    values = form_of(logged_in.get(edit))
    response = logged_in.post(edit, data={**values, "category": "language_course"})
    assert response.status_code == 400
    assert field_errors(response, "course_type") == ["fehlt (Pflicht bei Sprachkursen)"]
    assert field_errors(response, "levels") == ["fehlen (Pflicht bei Sprachkursen)"]


def test_a_valid_offer_change_is_saved(logged_in: TestClient, admin_db: AdminDatabase) -> None:
    edit = f"/admin/offer/edit/{admin_db.offer_id}"
    values = form_of(logged_in.get(edit))
    response = logged_in.post(
        edit,
        data={
            **values,
            "category": "language_course",
            "course_type": "integration",
            "levels": "B1; a1",
            "weekdays": "Mo-Mi",
        },
    )
    assert response.status_code == 302, response.text
    with Session(admin_db.offer_engine) as session:
        offer = session.get(Offer, admin_db.offer_id)
        assert offer is not None
        assert offer.levels == ["A1", "B1"]
        assert offer.weekdays == ["mo", "tu", "we"]
        assert offer.municipality == "Hückelhoven"  # still the site's


def test_a_new_site_and_offer_are_created_through_the_forms(
    logged_in: TestClient, admin_db: AdminDatabase
) -> None:
    site_form = form_of(logged_in.get("/admin/site/create"))
    with Session(admin_db.offer_engine) as session:
        provider_id = session.scalar(select(Site.provider_id).where(Site.id == admin_db.site_id))
    created = logged_in.post(
        "/admin/site/create",
        data={
            **site_form,
            "provider": str(provider_id),
            "external_id": "S-NEU",
            "name": "Familienzentrum",
            "street": "Kirchplatz 3",
            "postcode": "41844",
            "municipality": "wegberg",
            "lat": "51,1420",
            "lon": "6,2840",
        },
    )
    assert created.status_code == 302, created.text
    with Session(admin_db.offer_engine) as session:
        site = session.scalars(select(Site).where(Site.external_id == "S-NEU")).one()
        assert (site.municipality, site.lat) == ("Wegberg", 51.142)
        site_id = site.id
    offer_form = form_of(logged_in.get("/admin/offer/create"))
    created = logged_in.post(
        "/admin/offer/create",
        data={
            **offer_form,
            "provider": str(provider_id),
            "site": str(site_id),
            "external_id": "O-NEU",
            "category": "kita",
            "title": "Kita Kirchplatz",
            "cost_kind": "free",
            "target_group": "all",
            "free_places": "unknown",
            "verified_on": "2026-12-01",
            "verified_by": "Admin-Test",
        },
    )
    assert created.status_code == 302, created.text
    with Session(admin_db.offer_engine) as session:
        offer = session.scalars(select(Offer).where(Offer.external_id == "O-NEU")).one()
        assert (offer.municipality, offer.lat, offer.course_type) == ("Wegberg", 51.142, None)
        offer_id = offer.id
    # Moved to another site, the offer follows it (sqladmin sets only the site id).
    edit = f"/admin/offer/edit/{offer_id}"
    moved = logged_in.post(
        edit, data={**form_of(logged_in.get(edit)), "site": str(admin_db.site_id)}
    )
    assert moved.status_code == 302, moved.text
    with Session(admin_db.offer_engine) as session:
        offer = session.get(Offer, offer_id)
        assert offer is not None and offer.municipality == "Hückelhoven"
