"""The models keep their indexed copies in sync and store what they are given, on both backends."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from offer_db.models import (
    AddressColumns,
    ContactColumns,
    ContactPoint,
    LocalProcedure,
    Offer,
    OfferLevel,
    Provider,
    Site,
)
from tests.offer_db import factories as f


def test_levels_are_stored_in_order_and_indexed_one_row_each(session: Session) -> None:
    at = f.site(session, f.provider(session), "Erkelenz", 51.08, 6.31)
    course = f.offer(session, at, category="language_course", levels=["B1", "A1"])
    session.commit()
    rows = session.scalars(select(OfferLevel.level).where(OfferLevel.offer_id == course.id))
    assert course.levels == ["A1", "B1"]
    assert sorted(rows) == ["A1", "B1"]

    course.levels = ["A1", "A2"]
    session.commit()
    rows = session.scalars(select(OfferLevel.level).where(OfferLevel.offer_id == course.id))
    assert sorted(rows) == ["A1", "A2"]


def test_unknown_level_is_refused() -> None:
    with pytest.raises(ValueError, match="D1"):
        Offer(levels=["A1", "D1"])


def test_offer_takes_its_sites_municipality_and_follows_it(session: Session) -> None:
    at = f.site(session, f.provider(session), "Wegberg", 51.14, 6.28)
    kita = f.offer(session, at, category="kita")
    session.commit()
    assert kita.municipality == "Wegberg"
    at.municipality = "Erkelenz"
    session.commit()
    session.expire_all()
    assert session.get(Offer, kita.id).municipality == "Erkelenz"  # type: ignore[union-attr]


def test_note_falls_back_to_german_then_to_nothing(session: Session) -> None:
    at = f.site(session, f.provider(session), "Wegberg", 51.14, 6.28)
    both = f.offer(session, at, notes={"de": "Bitte anrufen.", "ar": "يرجى الاتصال."})
    none = f.offer(session, at)
    session.commit()
    assert both.note("ar") == "يرجى الاتصال."
    assert both.note("uk") == "Bitte anrufen."
    assert both.note("uk", fallback=None) is None
    assert none.note("de") is None


def test_title_is_translated_or_german(session: Session) -> None:
    at = f.site(session, f.provider(session), "Wegberg", 51.14, 6.28)
    both = f.offer(
        session,
        at,
        title="Beratung für Frauen",
        notes={"ar": "يرجى الاتصال."},
        titles={"ar": "استشارات للنساء"},
    )
    session.commit()
    assert both.title_in("ar") == "استشارات للنساء"
    assert both.title_in("uk") == "Beratung für Frauen"
    assert both.title_in("de") == "Beratung für Frauen"
    assert both.title_translation("uk") is None
    assert both.note("ar") == "يرجى الاتصال."  # the note and the title are separate fields


def test_values_read_back_with_their_python_types(engine: Engine) -> None:
    with Session(engine) as s:
        at = f.site(s, f.provider(s), "Heinsberg", 51.06, 6.09, step_free=None)
        f.offer(
            s,
            at,
            external_id="typed",
            time_from=dt.time(8, 30),
            time_to=dt.time(12, 45),
            start_date=dt.date(2027, 1, 11),
            cost_kind="fee",
            cost_amount_eur=Decimal("45.50"),
            weekdays=["mo", "we"],
            documents=["passport"],
        )
        s.commit()
    with Session(engine) as s:
        offer = s.scalars(select(Offer).where(Offer.external_id == "typed")).one()
        assert (offer.time_from, offer.time_to) == (dt.time(8, 30), dt.time(12, 45))
        assert offer.start_date == dt.date(2027, 1, 11)
        assert offer.cost_amount_eur == Decimal("45.50")
        assert offer.weekdays == ["mo", "we"] and offer.documents == ["passport"]
        assert offer.site.step_free is None
        assert offer.created_at.tzinfo is not None and offer.updated_at.utcoffset() == dt.timedelta(
            0
        )


def test_database_refuses_codes_outside_the_vocabulary(session: Session) -> None:
    at = f.site(session, f.provider(session), "Wegberg", 51.14, 6.28)
    f.offer(session, at, category="sauna")
    with pytest.raises(IntegrityError):
        session.commit()


def test_database_refuses_a_site_outside_the_kreis(session: Session) -> None:
    f.site(session, f.provider(session), "Hamburg", 53.55, 10.0)
    with pytest.raises(IntegrityError):
        session.commit()


def test_places_share_one_definition_of_their_address_and_contact_columns() -> None:
    assert issubclass(Site, AddressColumns) and issubclass(ContactPoint, AddressColumns)
    assert issubclass(LocalProcedure, ContactColumns) and not issubclass(
        LocalProcedure, AddressColumns
    )
    for name in ("phone", "email", "street", "postcode", "municipality", "website"):
        tables = [m.__table__ for m in (Site, ContactPoint, LocalProcedure, Provider, Offer)]
        types = {repr(t.c[name].type) for t in tables if name in t.c}
        assert len(types) == 1, (name, types)
