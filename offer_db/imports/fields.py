"""The fields of each kind of record staff maintain: how to read them, defaults, German labels.

One list per kind is the single description used by the YAML seed format, the flat sheet
(CSV/XLSX), its documentation and the export. Field keys are the model attribute names; the
references `provider` and `site` hold external ids, `notes_<lang>` the note in one language,
`title_<lang>` the title in one language other than German (German is `title` itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from offer_db.imports import cells
from offer_db.reference import languages
from offer_db.vocabulary import (
    Category,
    CostKind,
    CourseType,
    Document,
    FreePlaces,
    ProcedureCategory,
    ProcedureStep,
    TargetGroup,
)

# A generous box around Kreis Heinsberg; the distance to the municipality is checked as well.
LAT_RANGE = (50.80, 51.25)
LON_RANGE = (5.80, 6.50)


@dataclass(frozen=True)
class Field:
    """One field of a record."""

    key: str
    parse: cells.Parser
    label_de: str
    help_de: str = ""
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()  # offered as a drop-down in the XLSX export


def _choice(key: str, enum: Any, label: str, help_de: str, **kw: Any) -> Field:
    codes = tuple(member.value for member in enum)
    return Field(key, cells.code(codes), label, help_de, choices=codes, **kw)


def _yes_no(key: str, label: str, help_de: str, default: bool | None = False) -> Field:
    return Field(key, cells.boolean, label, help_de, default=default, choices=("ja", "nein"))


ID = cells.text(64)
NAME = cells.text(200)
documents = cells.code_list(cells.code(tuple(d.value for d in Document)))
steps = cells.code_list(cells.code(tuple(s.value for s in ProcedureStep)))
staff_languages = cells.code_list(cells.language_code)


PROVIDER_FIELDS: tuple[Field, ...] = (
    Field("external_id", ID, "Anbieter-ID", "Eindeutige Kennung des Anbieters", required=True),
    Field("name", NAME, "Anbieter", "Name des Trägers", required=True),
    Field("phone", cells.phone, "Anbieter Telefon"),
    Field("email", cells.email, "Anbieter E-Mail"),
    Field("website", cells.url, "Anbieter Internetseite"),
)

SITE_FIELDS: tuple[Field, ...] = (
    Field("external_id", ID, "Standort-ID", "Eindeutige Kennung des Standorts", required=True),
    Field("provider", ID, "Standort Anbieter-ID", "Anbieter, dem der Ort gehört", required=True),
    Field("name", NAME, "Standort", "Name des Ortes (Schule, Kita, Büro)", required=True),
    Field("street", NAME, "Straße", "Straße und Hausnummer", required=True),
    Field("postcode", cells.postcode, "PLZ", "Postleitzahl (5 Ziffern)", required=True),
    Field("municipality", cells.text(64), "Gemeinde", "Stadt oder Gemeinde", required=True),
    Field("district", cells.text(100), "Ortsteil"),
    Field("lat", cells.coordinate(*LAT_RANGE), "Breitengrad", "z. B. 51,0630", required=True),
    Field("lon", cells.coordinate(*LON_RANGE), "Längengrad", "z. B. 6,0960", required=True),
    Field("phone", cells.phone, "Standort Telefon"),
    Field("email", cells.email, "Standort E-Mail"),
    Field("website", cells.url, "Standort Internetseite"),
    Field(
        "opening_hours", cells.opening_hours, "Öffnungszeiten", "Mo-Fr 08:00-12:00; Tu 14:00-17:00"
    ),
    _yes_no("step_free", "Barrierefrei", "ja, nein oder leer (unbekannt)", default=None),
)

OFFER_FIELDS: tuple[Field, ...] = (
    Field("external_id", ID, "Angebot-ID", "Eindeutige Kennung des Angebots", required=True),
    Field("provider", ID, "Angebot Anbieter-ID", "Anbieter des Angebots", required=True),
    Field("site", ID, "Angebot Standort-ID", "Ort des Angebots", required=True),
    _choice("category", Category, "Kategorie", "Art des Angebots", required=True),
    Field("title", cells.text(300), "Titel", "Offizieller deutscher Name", required=True),
    *(
        Field(
            f"title_{lang.code}",
            cells.text(300),
            f"Titel {lang.code}",
            f"Titel auf {lang.native_name} (leer = deutscher Titel)",
        )
        for lang in languages()
        if lang.code != "de"
    ),
    _choice("course_type", CourseType, "Kursart", "Nur bei Sprachkursen"),
    Field("levels", cells.levels, "Niveaus", "A1; A2; B1 (nur Sprachkurse)", default=[]),
    Field("weekdays", cells.weekdays, "Wochentage", "mo; we oder Mo, Mi oder Mo-Fr", default=[]),
    Field("time_from", cells.time, "Uhrzeit von", "HH:MM"),
    Field("time_to", cells.time, "Uhrzeit bis", "HH:MM"),
    Field("start_date", cells.date, "Beginn", "JJJJ-MM-TT oder TT.MM.JJJJ"),
    _yes_no("rolling_start", "Einstieg jederzeit", "ja/nein"),
    Field("duration_weeks", cells.integer(1, 520), "Dauer (Wochen)"),
    _choice("cost_kind", CostKind, "Kosten", "free, funded oder fee", required=True),
    Field("cost_amount_eur", cells.euro, "Betrag (EUR)", "nur bei fee, z. B. 45,00"),
    _yes_no("childcare", "Kinderbetreuung", "ja/nein"),
    _choice("target_group", TargetGroup, "Zielgruppe", "Für wen", default=TargetGroup.ALL.value),
    Field("age_min", cells.integer(0, 99), "Alter von", "Jahre"),
    Field("age_max", cells.integer(0, 99), "Alter bis", "Jahre"),
    Field("staff_languages", staff_languages, "Sprachen Personal", "ISO-Codes: ar; uk", default=[]),
    Field("registration_phone", cells.phone, "Anmeldung Telefon"),
    Field("registration_email", cells.email, "Anmeldung E-Mail"),
    Field("registration_url", cells.url, "Anmeldung online"),
    _yes_no("registration_at_site", "Anmeldung vor Ort", "persönlich am Standort anmelden"),
    Field(
        "documents", documents, "Unterlagen", "Codes, z. B. passport; birth_certificate", default=[]
    ),
    _choice(
        "free_places",
        FreePlaces,
        "Freie Plätze",
        "Stand der Plätze",
        default=FreePlaces.UNKNOWN.value,
    ),
    Field("verified_on", cells.date, "Geprüft am", "Datum der letzten Prüfung", required=True),
    Field("verified_by", cells.text(200), "Geprüft von", "Wer hat geprüft", required=True),
    _yes_no("is_sample", "Beispieldaten", "ja bei Test- und Beispieldaten"),
    *(
        Field(
            f"notes_{lang.code}",
            cells.text(2000),
            f"Hinweis {lang.code}",
            f"Hinweis auf {lang.native_name}",
        )
        for lang in languages()
    ),
)

CONTACT_FIELDS: tuple[Field, ...] = (
    Field("key", cells.text(32), "Schlüssel", "'ki' für das KI", required=True),
    Field("name", NAME, "Name", required=True),
    Field("street", NAME, "Straße", required=True),
    Field("postcode", cells.postcode, "PLZ", required=True),
    Field("municipality", cells.text(64), "Gemeinde", required=True),
    Field("phone", cells.phone, "Telefon"),
    Field("email", cells.email, "E-Mail"),
    Field("website", cells.url, "Internetseite"),
    Field("opening_hours", cells.opening_hours, "Öffnungszeiten"),
    Field("lat", cells.coordinate(*LAT_RANGE), "Breitengrad"),
    Field("lon", cells.coordinate(*LON_RANGE), "Längengrad"),
    _yes_no("is_sample", "Beispieldaten", ""),
)

PROCEDURE_FIELDS: tuple[Field, ...] = (
    Field("municipality", cells.text(64), "Gemeinde", required=True),
    _choice("category", ProcedureCategory, "Kategorie", "school oder kita", required=True),
    Field("office_name", NAME, "Stelle", "Zuständiges Amt", required=True),
    Field("street", NAME, "Straße"),
    Field("postcode", cells.postcode, "PLZ"),
    Field("phone", cells.phone, "Telefon"),
    Field("email", cells.email, "E-Mail"),
    Field("url", cells.url, "Internetseite"),
    Field("steps", steps, "Schritte", "Codes der Schritte in ihrer Reihenfolge", required=True),
    Field("documents", documents, "Unterlagen", default=[]),
    Field("verified_on", cells.date, "Geprüft am", required=True),
    _yes_no("is_sample", "Beispieldaten", ""),
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "providers": PROVIDER_FIELDS,
    "sites": SITE_FIELDS,
    "offers": OFFER_FIELDS,
    "contact_points": CONTACT_FIELDS,
    "procedures": PROCEDURE_FIELDS,
}
NOTE_PREFIX = "notes_"
TITLE_PREFIX = "title_"
