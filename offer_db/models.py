"""The offer database: SQLAlchemy 2 typed models.

Lists (levels, weekdays, documents, ...) are stored as JSON so that they read back as Python
lists on SQLite and PostgreSQL alike. What the assistant searches by is additionally kept in
indexed form: `offer_levels` holds one row per taught level, and every offer carries a copy of
its site's municipality and coordinates, for the `(category, municipality)` index and for
ranking by distance from the `(category, lat, lon)` index without reading the sites. The models
maintain these copies themselves (validators below), so code only ever assigns `offer.levels`,
`offer.site` and the site's own fields.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, validates

from db_support.schema import NAMING_CONVENTION, UTCDateTime, utcnow
from offer_db.vocabulary import (
    LEVELS,
    NOTES_FIELD,
    TITLE_FIELD,
    Category,
    CostKind,
    CourseType,
    FreePlaces,
    ProcedureCategory,
    TargetGroup,
    TextDirection,
)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime(), list[str]: JSON()}


def one_of(column: str, codes: type[StrEnum] | tuple[str, ...]) -> str:
    """A CHECK expression: `column` holds one of the codes (or NULL)."""
    quoted = ", ".join(f"'{code}'" for code in codes)
    return f"{column} IN ({quoted})"


# Column types by what they hold, one length for each kind of value (the import checks the same
# lengths). Nullability comes from the annotation: `Mapped[Phone | None]` may be NULL.
ExternalId = Annotated[str, mapped_column(String(64))]  # staff's own id of a record
Name = Annotated[str, mapped_column(String(200))]  # names, streets, who verified
Title = Annotated[str, mapped_column(String(300))]
Phone = Annotated[str, mapped_column(String(40))]
Email = Annotated[str, mapped_column(String(200))]
Url = Annotated[str, mapped_column(String(300))]
Postcode = Annotated[str, mapped_column(String(5))]
OpeningHours = Annotated[str, mapped_column(String(200))]
MunicipalityName = Annotated[str, mapped_column(ForeignKey("municipalities.name"))]
Code = Annotated[str, mapped_column(String(32))]  # a code of `offer_db.vocabulary`
ShortCode = Annotated[str, mapped_column(String(16))]
SmallInt = Annotated[int, mapped_column(SmallInteger)]


class ContactColumns:
    """How to reach a place, an office or the KI itself."""

    phone: Mapped[Phone | None]
    email: Mapped[Email | None]


class AddressColumns(ContactColumns):
    """Where people go: the address, its web site and opening hours."""

    street: Mapped[Name]
    postcode: Mapped[Postcode]
    municipality: Mapped[MunicipalityName] = mapped_column(index=True)
    website: Mapped[Url | None]
    opening_hours: Mapped[OpeningHours | None]


class Language(Base):
    """A language of the assistant, with its own name and writing direction."""

    __tablename__ = "languages"
    __table_args__ = (CheckConstraint(one_of("direction", TextDirection), name="direction"),)

    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    native_name: Mapped[str] = mapped_column(String(64))
    english_name: Mapped[str] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(3), default=TextDirection.LTR)


class Municipality(Base):
    """One of the ten towns and municipalities of Kreis Heinsberg."""

    __tablename__ = "municipalities"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    postcodes: Mapped[list[str]]
    lat: Mapped[float]
    lon: Mapped[float]
    neighbours: Mapped[list[str]]


class Provider(Base):
    """An organisation that runs offers (Träger)."""

    __tablename__ = "providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[ExternalId] = mapped_column(unique=True)
    name: Mapped[Name]
    phone: Mapped[Phone | None]
    email: Mapped[Email | None]
    website: Mapped[Url | None]

    sites: Mapped[list[Site]] = relationship(back_populates="provider")
    offers: Mapped[list[Offer]] = relationship(back_populates="provider")


class Site(AddressColumns, Base):
    """A place where offers happen (Standort), run by a provider."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[ExternalId] = mapped_column(unique=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    name: Mapped[Name]
    district: Mapped[str | None] = mapped_column(String(100))
    lat: Mapped[float]
    lon: Mapped[float]
    step_free: Mapped[bool | None]

    provider: Mapped[Provider] = relationship(back_populates="sites")
    offers: Mapped[list[Offer]] = relationship(back_populates="site")

    @validates("municipality", "lat", "lon")
    def _move_offers_along(self, key: str, value: Any) -> Any:
        for offer in self.offers:
            setattr(offer, key, value)
        return value


class Offer(Base):
    """One offer: a course, a school, a Kita, a counselling service, a meeting point."""

    __tablename__ = "offers"
    __table_args__ = (
        Index(None, "category", "municipality"),
        Index(None, "category", "lat", "lon"),
        CheckConstraint(one_of("category", Category), name="category"),
        CheckConstraint(one_of("course_type", CourseType), name="course_type"),
        CheckConstraint(one_of("cost_kind", CostKind), name="cost_kind"),
        CheckConstraint(one_of("target_group", TargetGroup), name="target_group"),
        CheckConstraint(one_of("free_places", FreePlaces), name="free_places"),
        CheckConstraint("cost_amount_eur >= 0", name="cost_amount_not_negative"),
        CheckConstraint("age_min <= age_max", name="age_range"),
        CheckConstraint("time_from < time_to", name="time_range"),
        CheckConstraint("duration_weeks > 0", name="duration_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[ExternalId] = mapped_column(unique=True)
    category: Mapped[Code]
    title: Mapped[Title]
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    # Copies of the site's municipality and coordinates (kept in sync by the validators),
    # so that searches filter and rank on this table's indexes alone.
    municipality: Mapped[MunicipalityName] = mapped_column(index=True)
    lat: Mapped[float]
    lon: Mapped[float]
    course_type: Mapped[Code | None]
    levels: Mapped[list[str]] = mapped_column(default=list)
    weekdays: Mapped[list[str]] = mapped_column(default=list)
    time_from: Mapped[dt.time | None]
    time_to: Mapped[dt.time | None]
    start_date: Mapped[dt.date | None]
    rolling_start: Mapped[bool] = mapped_column(default=False)
    duration_weeks: Mapped[SmallInt | None]
    cost_kind: Mapped[ShortCode] = mapped_column(default=CostKind.FREE)
    cost_amount_eur: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    childcare: Mapped[bool] = mapped_column(default=False)
    target_group: Mapped[Code] = mapped_column(default=TargetGroup.ALL)
    age_min: Mapped[SmallInt | None]
    age_max: Mapped[SmallInt | None]
    staff_languages: Mapped[list[str]] = mapped_column(default=list)
    registration_phone: Mapped[Phone | None]
    registration_email: Mapped[Email | None]
    registration_url: Mapped[Url | None]
    registration_at_site: Mapped[bool] = mapped_column(default=False)
    documents: Mapped[list[str]] = mapped_column(default=list)
    free_places: Mapped[ShortCode] = mapped_column(default=FreePlaces.UNKNOWN)
    verified_on: Mapped[dt.date]
    verified_by: Mapped[Name]
    is_sample: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    site: Mapped[Site] = relationship(back_populates="offers")
    provider: Mapped[Provider] = relationship(back_populates="offers")
    translations: Mapped[list[OfferTranslation]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", passive_deletes=True
    )
    level_rows: Mapped[list[OfferLevel]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", passive_deletes=True
    )

    def note(self, language: str, fallback: str | None = "de") -> str | None:
        """The staff note in `language`, else in `fallback`, else None."""
        notes = {t.language: t.text for t in self.translations if t.field == NOTES_FIELD}
        if language in notes:
            return notes[language]
        return notes.get(fallback) if fallback else None

    def title_translation(self, language: str) -> str | None:
        """The title staff wrote in `language` (not German), else None."""
        for t in self.translations:
            if t.field == TITLE_FIELD and t.language == language:
                return t.text
        return None

    def title_in(self, language: str) -> str:
        """The title in `language` when staff translated it, else the German title."""
        return self.title_translation(language) or self.title

    @validates("site")
    def _copy_site_place(self, _key: str, site: Site | None) -> Site | None:
        if site is not None:
            self.municipality, self.lat, self.lon = site.municipality, site.lat, site.lon
        return site

    @validates("levels")
    def _index_levels(self, _key: str, levels: list[str]) -> list[str]:
        unknown = [level for level in levels if level not in LEVELS]
        if unknown:
            raise ValueError(f"unknown CEFR levels {unknown}; known: {', '.join(LEVELS)}")
        ordered = [level for level in LEVELS if level in levels]
        # Reuse the existing rows so that an unchanged level is neither deleted nor re-inserted.
        current = {row.level: row for row in self.level_rows}
        self.level_rows = [current.get(level) or OfferLevel(level=level) for level in ordered]
        return ordered


class OfferLevel(Base):
    """One CEFR level an offer teaches: the indexed form of `Offer.levels`."""

    __tablename__ = "offer_levels"
    __table_args__ = (
        Index(None, "level", "offer_id"),
        CheckConstraint(one_of("level", LEVELS), name="level"),
    )

    offer_id: Mapped[int] = mapped_column(
        ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True
    )
    level: Mapped[str] = mapped_column(String(2), primary_key=True)

    offer: Mapped[Offer] = relationship(back_populates="level_rows")


class OfferTranslation(Base):
    """A free-text field of an offer (`notes`, `title`) in one language."""

    __tablename__ = "offer_translations"

    offer_id: Mapped[int] = mapped_column(
        ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(
        ForeignKey("languages.code"), primary_key=True, index=True
    )
    field: Mapped[Code] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)

    offer: Mapped[Offer] = relationship(back_populates="translations")


class ContactPoint(AddressColumns, Base):
    """A contact of the KI itself, for "who can I ask?" (`key` 'ki' is the main one)."""

    __tablename__ = "contact_points"

    key: Mapped[Code] = mapped_column(primary_key=True)
    name: Mapped[Name]
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    is_sample: Mapped[bool] = mapped_column(default=False)


class LocalProcedure(ContactColumns, Base):
    """How school or Kita enrolment works in one municipality, as step and document codes."""

    __tablename__ = "local_procedures"
    __table_args__ = (
        UniqueConstraint("municipality", "category"),
        CheckConstraint(one_of("category", ProcedureCategory), name="category"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality: Mapped[MunicipalityName]
    category: Mapped[ShortCode]
    office_name: Mapped[Name]
    street: Mapped[Name | None]
    postcode: Mapped[Postcode | None]
    url: Mapped[Url | None]
    steps: Mapped[list[str]] = mapped_column(default=list)
    documents: Mapped[list[str]] = mapped_column(default=list)
    verified_on: Mapped[dt.date]
    is_sample: Mapped[bool] = mapped_column(default=False)
