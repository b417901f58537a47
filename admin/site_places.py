"""Keeps an offer's copy of its site's town and coordinates when the admin sets `site_id`.

sqladmin assigns a chosen relation by its foreign key (`offer.site_id = 3`), which bypasses the
model's `site` validator that copies municipality, lat and lon (offer_db/models.py). Before
each flush of the admin's sessions, every new or changed offer is given its site object, so the
model's own rule runs: a new offer gets its place, a moved offer follows its new site.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from offer_db.models import Offer, Site


def keep_site_places(sessions: sessionmaker[Session]) -> None:
    event.listen(sessions, "before_flush", _assign_sites)


def _assign_sites(session: Session, _context: Any, _instances: Any) -> None:
    for obj in [*session.new, *session.dirty]:
        if not isinstance(obj, Offer) or obj.site_id is None:
            continue
        current = inspect(obj).attrs.site.loaded_value
        if isinstance(current, Site) and current.id == obj.site_id:
            continue
        site = session.get(Site, obj.site_id)
        if site is not None:
            obj.site = site  # the model's validator copies municipality, lat and lon
