"""Turns offers, procedures and the KI contact into text in the user's language.

Everything shown comes from the database's structured fields, rendered through catalog keys
(`course_type.integration`, `document.passport`, ...) and Babel, so a new language needs no
translation of the data. Free-text notes and titles are shown in the user's language when staff
wrote one (else in German; a German note says it is German).
"""

from __future__ import annotations

from typing import Any, Protocol
from urllib.parse import quote_plus

from actions import formatting as fmt
from contract.messages import OfferCard
from offer_db.models import ContactPoint, LocalProcedure, Offer, Site
from offer_db.vocabulary import CostKind, FreePlaces, TargetGroup


class Texts(Protocol):
    """What rendering needs of a Reply: the language and catalog lookups."""

    language: str

    def text(self, key: str, **params: Any) -> str: ...


def _years(t: Texts, n: int) -> str:
    return fmt.years(n, t.language) or t.text("unit.years", count=n)


def _weeks(t: Texts, n: int) -> str:
    return fmt.weeks(n, t.language) or t.text("unit.weeks", count=n)


def map_url(lat: float, lon: float) -> str:
    """A map link that opens on any phone without an app (OpenStreetMap)."""
    return (
        f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=17/{lat:.5f}/{lon:.5f}"
    )


def schedule(t: Texts, offer: Offer) -> str | None:
    """'Mon, Wed 9:00–12:00' or None when the offer has no fixed times."""
    days = fmt.weekday_names(list(offer.weekdays or []), t.language)
    if offer.time_from and offer.time_to:
        start = fmt.time_of_day(offer.time_from, t.language)
        times = f"{start}–{fmt.time_of_day(offer.time_to, t.language)}"
        return t.text("offer.when_days_times", days=days, times=times) if days else times
    return t.text("offer.when_days", days=days) if days else None


def cost(t: Texts, offer: Offer) -> str:
    if offer.cost_kind == CostKind.FEE and offer.cost_amount_eur is not None:
        return t.text("offer.cost_fee", amount=fmt.money(offer.cost_amount_eur, t.language))
    return t.text(f"offer.cost_{offer.cost_kind}")


def summary(
    t: Texts, number: int, offer: Offer, distance_km: float | None, centre_of: str | None = None
) -> str:
    """The few lines of one offer in a result list: name, place, when, cost, childcare.

    `distance_km` is from the user's shared location, or, with `centre_of`, from the centre of
    that municipality (and says so: a bare distance reads as the distance from the user).
    """
    site = offer.site
    lines = [f"{number}. {offer.title_in(t.language)}"]
    if offer.course_type:
        lines.append(t.text(f"course_type.{offer.course_type}"))
    place = t.text("offer.place", site=site.name, municipality=site.municipality)
    if distance_km is not None:
        km = fmt.kilometres(distance_km, t.language)
        place = (
            t.text("offer.place_distance_centre", place=place, km=km, municipality=centre_of)
            if centre_of
            else t.text("offer.place_distance", place=place, km=km)
        )
    lines.append(place)
    when = schedule(t, offer)
    if when:
        lines.append(when)
    lines += terms(t, offer)
    lines += free_places(t, offer)
    return "\n".join(lines)


def terms(t: Texts, offer: Offer) -> list[str]:
    """Who and what it is for and what it costs: levels, ages, cost, childcare."""
    lines = []
    if offer.levels:
        lines.append(t.text("offer.levels", levels=", ".join(offer.levels)))
    if offer.age_min is not None and offer.age_max is not None:
        lines.append(t.text("offer.ages", min=offer.age_min, max=_years(t, offer.age_max)))
    lines.append(cost(t, offer))
    if offer.childcare:
        lines.append(t.text("offer.childcare"))
    return lines


def free_places(t: Texts, offer: Offer) -> list[str]:
    """Whether there are places, when staff know it."""
    if offer.free_places and offer.free_places != FreePlaces.UNKNOWN:
        return [t.text(f"free_places.{offer.free_places}")]
    return []


def address(t: Texts, name: str, place: Site | ContactPoint) -> str:
    """'Address: <name>, <street>, <postcode> <municipality>' in the user's language."""
    return t.text(
        "details.address",
        site=name,
        street=place.street,
        postcode=place.postcode,
        municipality=place.municipality,
    )


def details(t: Texts, offer: Offer) -> str:
    """Everything needed to act: address, hours, how to register, documents, contact, checked."""
    site, provider = offer.site, offer.provider
    lines = [offer.title_in(t.language), t.text("offer.provider", provider=provider.name)]
    if offer.course_type:
        lines.append(t.text(f"course_type.{offer.course_type}"))
    if offer.target_group and offer.target_group != TargetGroup.ALL:
        lines.append(t.text("offer.target", group=t.text(f"target_group.{offer.target_group}")))
    lines.append(address(t, site.name, site))
    if site.step_free:
        lines.append(t.text("details.step_free"))
    hours = fmt.opening_hours(site.opening_hours, t.language)
    if hours:
        lines.append(t.text("details.hours", hours=hours))
    when = schedule(t, offer)
    if when:
        lines.append(when)
    if offer.rolling_start:
        lines.append(t.text("offer.start_rolling"))
    elif offer.start_date:
        lines.append(t.text("offer.start_date", date=fmt.date_text(offer.start_date, t.language)))
    if offer.duration_weeks:
        lines.append(t.text("offer.duration", duration=_weeks(t, offer.duration_weeks)))
    lines += terms(t, offer)
    if offer.staff_languages:
        names = ", ".join(fmt.language_name(c, t.language) for c in offer.staff_languages)
        lines.append(t.text("offer.staff_languages", languages=names))
    lines += free_places(t, offer)
    lines.append("")
    lines.append(t.text("details.register_heading"))
    if offer.registration_at_site:
        lines.append(t.text("details.register_in_person"))
    if offer.registration_phone:
        lines.append(t.text("details.phone", phone=offer.registration_phone))
    if offer.registration_email:
        lines.append(t.text("details.email", email=offer.registration_email))
    if offer.registration_url:
        lines.append(t.text("details.online", url=offer.registration_url))
    if offer.documents:
        lines.append(t.text("details.documents_heading"))
        lines.extend(f"• {t.text(f'document.{code}')}" for code in offer.documents)
    note, note_key = offer.note(t.language, fallback=None), "details.note"
    if note is None and t.language != "de":
        # Staff wrote it in German only: shown as it is, and said so (the reader may need help).
        note, note_key = offer.note("de", fallback=None), "details.note_in_german"
    if note:
        lines.append("")
        lines.append(t.text(note_key, note=note))
    contact = [
        site.phone or provider.phone,
        site.email or provider.email,
        site.website or provider.website,
    ]
    contact_text = ", ".join(c for c in contact if c)
    if contact_text:
        lines.append(t.text("details.contact", contact=contact_text))
    lines.append(t.text("details.map", url=map_url(site.lat, site.lon)))
    lines.append(
        t.text(
            "details.verified",
            date=fmt.date_text(offer.verified_on, t.language),
            source=offer.verified_by,
        )
    )
    return "\n".join(lines)


def procedure(t: Texts, proc: LocalProcedure) -> str:
    """How school or Kita enrolment works in the user's municipality, step by step."""
    lines = [t.text(f"procedure.heading_{proc.category}", municipality=proc.municipality)]
    lines.extend(f"{i}. {t.text(f'procedure_step.{step}')}" for i, step in enumerate(proc.steps, 1))
    office = ", ".join(
        x for x in (proc.office_name, proc.street, f"{proc.postcode} {proc.municipality}") if x
    )
    lines.append(t.text("procedure.office", office=office))
    reach = ", ".join(x for x in (proc.phone, proc.email, proc.url) if x)
    if reach:
        lines.append(t.text("details.contact", contact=reach))
    if proc.documents:
        lines.append(t.text("details.documents_heading"))
        lines.extend(f"• {t.text(f'document.{code}')}" for code in proc.documents)
    return "\n".join(lines)


def contact_point(t: Texts, contact: ContactPoint) -> str:
    """The KI's own address, phone and hours."""
    lines = [
        t.text("contact.heading", name=contact.name),
        address(t, contact.name, contact),
    ]
    if contact.phone:
        lines.append(t.text("details.phone", phone=contact.phone))
    if contact.email:
        lines.append(t.text("details.email", email=contact.email))
    hours = fmt.opening_hours(contact.opening_hours, t.language)
    if hours:
        lines.append(t.text("details.hours", hours=hours))
    if contact.website:
        lines.append(t.text("details.website", url=contact.website))
    if contact.lat is not None and contact.lon is not None:
        lines.append(t.text("details.map", url=map_url(contact.lat, contact.lon)))
    return "\n".join(lines)


def offer_card(t: Texts, offer: Offer, distance_km: float | None) -> OfferCard:
    """Structured offer data for channels: web cards, Telegram venue messages with a map pin.

    The title is in the reply's language when staff translated it, else in German.
    """
    site = offer.site
    return {
        "id": offer.external_id,
        "title": offer.title_in(t.language),
        "category": offer.category,
        "site": site.name,
        "address": f"{site.street}, {site.postcode} {site.municipality}",
        "municipality": site.municipality,
        "lat": site.lat,
        "lon": site.lon,
        "map_url": map_url(site.lat, site.lon),
        "distance_km": None if distance_km is None else round(distance_km, 2),
        "directions_query": quote_plus(f"{site.street}, {site.postcode} {site.municipality}"),
        # Site, provider and translations are loaded with the offer (offer_db.search), so this
        # also works after the session has closed.
        "share_text": details(t, offer),
    }
