"""Small builders for offer database rows with sensible defaults, for tests and the benchmark."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy.orm import Session

from offer_db.models import Offer, OfferTranslation, Provider, Site

_ids = itertools.count(1)
VERIFIED_ON = dt.date(2026, 1, 15)


def provider(session: Session, **values: Any) -> Provider:
    n = next(_ids)
    row = Provider(**({"external_id": f"P-{n}", "name": f"Anbieter {n}"} | values))
    session.add(row)
    return row


def site(
    session: Session, owner: Provider, municipality: str, lat: float, lon: float, **values: Any
) -> Site:
    n = next(_ids)
    defaults = {
        "external_id": f"S-{n}",
        "name": f"Standort {n}",
        "street": f"Hauptstraße {n}",
        "postcode": "00000",
    }
    row = Site(**(defaults | values), provider=owner, municipality=municipality, lat=lat, lon=lon)
    session.add(row)
    return row


def offer(
    session: Session,
    at: Site,
    notes: dict[str, str] | None = None,
    titles: dict[str, str] | None = None,
    **values: Any,
) -> Offer:
    n = next(_ids)
    defaults: dict[str, Any] = {
        "external_id": f"O-{n}",
        "category": "counseling",
        "title": f"Angebot {n}",
        "verified_on": VERIFIED_ON,
        "verified_by": "Test",
    }
    row = Offer(**(defaults | values), provider=at.provider, site=at)
    row.translations = [
        OfferTranslation(language=lang, field="notes", text=text)
        for lang, text in (notes or {}).items()
    ] + [
        OfferTranslation(language=lang, field="title", text=text)
        for lang, text in (titles or {}).items()
    ]
    session.add(row)
    return row
