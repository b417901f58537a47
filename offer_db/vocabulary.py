"""The codes stored in the offer database.

The assistant renders every code through its translation catalogs (`category.kita`,
`document.passport`, ...), so these values are a contract between the data, the import format
and the bot: add codes freely, but never rename or remove one without migrating the data and
the catalogs together.
"""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    LANGUAGE_COURSE = "language_course"
    SCHOOL = "school"
    KITA = "kita"
    SCHOOL_TO_WORK = "school_to_work"
    COUNSELING = "counseling"
    VOLUNTEERING = "volunteering"


class CourseType(StrEnum):
    INTEGRATION = "integration"
    LITERACY = "literacy"
    JOB_LANGUAGE = "job_language"
    YOUTH = "youth"
    PARENTS_WOMEN = "parents_women"


class TargetGroup(StrEnum):
    ALL = "all"
    WOMEN = "women"
    PARENTS = "parents"
    YOUNG_PEOPLE = "young_people"
    CHILDREN = "children"
    FAMILIES = "families"
    VOLUNTEERS = "volunteers"


class CostKind(StrEnum):
    FREE = "free"
    FUNDED = "funded"
    FEE = "fee"


class FreePlaces(StrEnum):
    AVAILABLE = "available"
    FEW = "few"
    WAITLIST = "waitlist"
    NONE = "none"
    UNKNOWN = "unknown"


class Document(StrEnum):
    PASSPORT = "passport"
    RESIDENCE_DOCUMENT = "residence_document"
    REGISTRATION_CERTIFICATE = "registration_certificate"
    BIRTH_CERTIFICATE = "birth_certificate"
    VACCINATION_RECORD = "vaccination_record"
    SCHOOL_REPORTS = "school_reports"
    BAMF_ELIGIBILITY = "bamf_eligibility"
    JOBCENTER_LETTER = "jobcenter_letter"
    INCOME_PROOF = "income_proof"


class ProcedureStep(StrEnum):
    KITA_REGISTER_PORTAL = "kita_register_portal"
    KITA_CONTACT_YOUTH_OFFICE = "kita_contact_youth_office"
    KITA_VISIT_KITAS = "kita_visit_kitas"
    KITA_LEGAL_RIGHT = "kita_legal_right"
    SCHOOL_NEWCOMER_COUNSELLING = "school_newcomer_counselling"
    SCHOOL_HEALTH_CHECK = "school_health_check"
    SCHOOL_ASSIGNMENT = "school_assignment"
    SCHOOL_COMPULSORY = "school_compulsory"


class ProcedureCategory(StrEnum):
    """The categories with a local enrolment procedure (a subset of `Category`)."""

    SCHOOL = "school"
    KITA = "kita"


class TextDirection(StrEnum):
    LTR = "ltr"
    RTL = "rtl"


LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1")
"""CEFR levels taught by language courses, in ascending order."""

WEEKDAYS: tuple[str, ...] = ("mo", "tu", "we", "th", "fr", "sa", "su")
"""Weekday codes, Monday first."""

NOTES_FIELD = "notes"
"""The free-text offer field staff write in several languages (`OfferTranslation.field`)."""

TITLE_FIELD = "title"
"""The offer title in a language other than German (`OfferTranslation.field`); German is
`Offer.title` itself."""


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The codes of `enum` in declaration order."""
    return tuple(member.value for member in enum)
