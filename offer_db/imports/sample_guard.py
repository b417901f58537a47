"""Whether loading the sample data is safe: never over a database that holds real data.

`make run` seeds on every start. Pointed at a production `DATABASE_URL`, that would write the
sample KI contact and enrolment procedures over the real ones (records are matched by their
keys). So the sample is loaded only into an empty database, or into the local default SQLite
database while it holds nothing but sample data (to refresh it after the seed file changed).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from offer_db.models import ContactPoint, LocalProcedure, Offer, Provider, Site


@dataclass(frozen=True)
class Contents:
    """What a database holds, as far as seeding is concerned."""

    records: int  # providers, sites, offers, contact points and procedures
    real: int  # offers, contact points and procedures not marked as sample data


def contents(session: Session) -> Contents:
    records = sum(
        session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Provider, Site, Offer, ContactPoint, LocalProcedure)
    )
    real = sum(
        session.scalar(select(func.count()).select_from(model).where(model.is_sample.is_(False)))
        or 0
        for model in (Offer, ContactPoint, LocalProcedure)
    )
    return Contents(records, real)


def refusal(found: Contents, *, default_database: bool) -> tuple[str, str] | None:
    """Why the sample must not be loaded (German, English), or None when it may."""
    if found.records == 0:
        return None
    if found.real:
        return (
            f"die Datenbank enthält {found.real} echte Einträge (nicht als Beispieldaten "
            "markiert); die Beispieldaten würden sie überschreiben",
            f"the database holds {found.real} real records (not marked as sample data); the "
            "sample data would overwrite them",
        )
    if not default_database:
        return (
            f"die Datenbank ist nicht die lokale Standarddatenbank und enthält schon "
            f"{found.records} Einträge",
            f"the database is not the local default one and already holds {found.records} records",
        )
    return None
