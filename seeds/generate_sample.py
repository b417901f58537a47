"""Generates seeds/sample_offers.yml: realistic but fictitious SAMPLE offers for all ten
municipalities of Kreis Heinsberg.

Deterministic (a fixed random seed, fixed dates): running it again writes the same file.
Everything is marked as sample data: names end with " (Beispiel)", `is_sample: true`,
`verified_by: "SAMPLE – nicht geprüft"`, e-mail and web addresses on example.org, and phone
numbers only from the ranges the Bundesnetzagentur reserves for films and fiction.

    uv run python seeds/generate_sample.py [--out seeds/sample_offers.yml]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import math
import random
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from offer_db.imports.cells import words
from offer_db.imports.fields import FIELDS
from offer_db.imports.seed import FORMAT_VERSION
from offer_db.reference import MunicipalityInfo, municipalities
from seeds.notes import NOTES
from seeds.titles import title_translations

OUT = Path(__file__).resolve().parent / "sample_offers.yml"
SEED = 20251124
VERIFIED_ON = dt.date(2026, 11, 2)
VERIFIED_BY = "SAMPLE – nicht geprüft"
SAMPLE = " (Beispiel)"
# Number blocks reserved for fiction (Bundesnetzagentur): 000-999 after each prefix.
FICTION_PHONE_PREFIXES = ("030 23125", "069 90009", "0221 4710")
# Language courses concentrate in the seven towns (Städte); the three Gemeinden are small.
TOWNS_WITH_COURSES = tuple(m.name for m in municipalities() if m.is_town)
SMALL_MUNICIPALITIES = tuple(m.name for m in municipalities() if not m.is_town)
DISTRICTS = {
    "Erkelenz": ("Oerath", "Lövenich", "Gerderath", "Granterath", "Kückhoven", "Golkrath"),
    "Gangelt": ("Birgden", "Breberen", "Langbroich", "Stahe", "Hastenrath"),
    "Geilenkirchen": ("Bauchem", "Hünshoven", "Teveren", "Gillrath", "Würm"),
    "Heinsberg": ("Oberbruch", "Dremmen", "Kempen", "Randerath", "Karken", "Unterbruch"),
    "Hückelhoven": ("Ratheim", "Baal", "Brachelen", "Hilfarth", "Doveren", "Kleingladbach"),
    "Selfkant": ("Tüddern", "Havert", "Höngen", "Millen", "Wehr", "Süsterseel"),
    "Übach-Palenberg": ("Übach", "Palenberg", "Frelenberg", "Boscheln", "Marienberg"),
    "Waldfeucht": ("Haaren", "Braunsrath", "Bocket", "Brüggelchen"),
    "Wassenberg": ("Birgelen", "Effeld", "Myhl", "Orsbeck", "Steinkirchen"),
    "Wegberg": ("Beeck", "Merbeck", "Arsbeck", "Wildenrath", "Klinkum"),
}
STREETS = (
    "Hauptstraße",
    "Kirchstraße",
    "Schulstraße",
    "Bahnhofstraße",
    "Lindenstraße",
    "Gartenstraße",
    "Mühlenweg",
    "Brückstraße",
    "Parkstraße",
    "Rosenweg",
    "Am Sportplatz",
    "Dorfstraße",
    "Burgstraße",
    "Friedensstraße",
    "Am Markt",
    "Wiesenweg",
    "Ringstraße",
    "Poststraße",
)
KITA_NAMES = (
    "Kita Sonnenblume",
    "Kita Regenbogen",
    "Kita Pusteblume",
    "Kita Löwenzahn",
    "Kita Sternschnuppe",
    "Kita Zauberwald",
    "Familienzentrum Arche",
    "Kita Kleine Strolche",
    "Kita Wirbelwind",
    "Familienzentrum Am Bach",
)
PRIMARY_NAMES = ("Am Lindenhof", "An der Rur", "Sankt Martin", "Am Wasserturm", "Regenbogen")
LANGUAGES_OF_STAFF = ("en", "ar", "tr", "uk", "ru", "fa", "fr", "pl", "ku", "ro")
KITA_DOCUMENTS = ["birth_certificate", "vaccination_record", "registration_certificate"]
SCHOOL_DOCUMENTS = [
    "passport",
    "registration_certificate",
    "birth_certificate",
    "vaccination_record",
    "school_reports",
]
COURSE_DOCUMENTS = ["passport", "residence_document", "bamf_eligibility"]
FREE_PLACES = ("available", "few", "waitlist", "none", "unknown")


def slug(text: str) -> str:
    """'Übach-Palenberg' -> 'uebach-palenberg' (for ids, e-mail and web addresses)."""
    ascii_text = unicodedata.normalize("NFKD", " ".join(words(text))).encode("ascii", "ignore")
    return "-".join(ascii_text.decode().split())


class Generator:
    """Builds the seed document; every random choice comes from one seeded RNG."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.places = {m.name: m for m in municipalities()}
        self.phones = self._phone_numbers()
        self.providers: dict[str, dict[str, Any]] = {}
        self.sites: dict[str, dict[str, Any]] = {}
        self.site_keys: dict[tuple[str, str], str] = {}
        self.offers: list[dict[str, Any]] = []
        self.counters: dict[str, itertools.count[int]] = {}

    # -- building blocks ------------------------------------------------------------------

    def _phone_numbers(self) -> Iterator[str]:
        for number in range(100, 1000):
            for prefix in FICTION_PHONE_PREFIXES:
                yield f"{prefix} {number:03d}"

    def phone(self) -> str:
        return next(self.phones)

    def point(self, municipality: str, radius_km: float = 1.8) -> tuple[float, float]:
        """A point within `radius_km` of the municipality's centre, uniformly on the disc."""
        centre = self.places[municipality]
        r = radius_km * math.sqrt(self.rng.random())
        angle = self.rng.uniform(0, 2 * math.pi)
        lat = centre.lat + r * math.cos(angle) / 111.2
        lon = centre.lon + r * math.sin(angle) / (111.2 * math.cos(math.radians(centre.lat)))
        return round(lat, 5), round(lon, 5)

    def next_id(self, prefix: str) -> str:
        counter = self.counters.setdefault(prefix, itertools.count(1))
        return f"{prefix}-{next(counter):02d}"

    def provider(self, name: str) -> str:
        key = f"sample-provider-{slug(name)}"
        if key not in self.providers:
            self.providers[key] = {
                "external_id": key,
                "name": name + SAMPLE,
                "phone": self.phone(),
                "email": f"{slug(name)}@example.org",
                "website": f"https://example.org/{slug(name)}",
            }
        return key

    def site(
        self,
        provider: str,
        name: str,
        municipality: str,
        *,
        hours: str | None = "Mo-Fr 09:00-12:00",
    ) -> str:
        known = self.site_keys.get((municipality, name))
        if known is not None:
            return known
        key = self.next_id(f"sample-site-{slug(municipality)}")
        self.site_keys[municipality, name] = key
        place: MunicipalityInfo = self.places[municipality]
        lat, lon = self.point(municipality)
        use_district = self.rng.random() < 0.6
        self.sites[key] = {
            "external_id": key,
            "provider": provider,
            "name": name + SAMPLE,
            "street": f"{self.rng.choice(STREETS)} {self.rng.randint(1, 80)}",
            "postcode": place.postcodes[0],
            "municipality": municipality,
            "district": self.rng.choice(DISTRICTS[municipality]) if use_district else None,
            "lat": lat,
            "lon": lon,
            "phone": self.phone(),
            "email": f"{slug(municipality)}.{slug(name)}@example.org",
            "website": None,
            "opening_hours": hours,
            "step_free": self.rng.choice((True, True, False, None)),
        }
        return key

    def notes(self, *keys: str) -> dict[str, str]:
        """The notes `keys` joined, in German, English and a few other languages."""
        others = self.rng.sample(("ar", "fa", "uk", "ru", "tr", "fr"), self.rng.randint(2, 6))
        languages = ["de", "en", *sorted(others)]
        if self.rng.random() < 0.15:
            languages.remove("en")
        return {lang: " ".join(NOTES[k][lang] for k in keys) for lang in languages}

    def staff_languages(self, at_least: int = 0, at_most: int = 3) -> list[str]:
        picked = self.rng.sample(LANGUAGES_OF_STAFF, self.rng.randint(at_least, at_most))
        return ["de", *sorted(picked)]

    def free_places(self, weights: tuple[int, ...] = (4, 3, 2, 1, 1)) -> str:
        return self.rng.choices(FREE_PLACES, weights)[0]

    def offer(self, category: str, municipality: str, **fields: Any) -> None:
        site = fields.pop("site")
        defaults: dict[str, Any] = {
            "external_id": self.next_id(
                f"sample-{category.replace('_', '-')}-{slug(municipality)}"
            ),
            "provider": self.sites[site]["provider"],
            "site": site,
            "category": category,
            "weekdays": [],
            "cost_kind": "free",
            "target_group": "all",
            "staff_languages": ["de"],
            "documents": [],
            "free_places": "unknown",
            "verified_on": VERIFIED_ON,
            "verified_by": VERIFIED_BY,
            "is_sample": True,
        }
        offer = defaults | fields
        offer["titles"] = title_translations(offer["title"])
        for key in ("registration_phone", "registration_email", "registration_url"):
            if offer.get(key) is None:
                offer.pop(key, None)
        self.offers.append(offer)

    # -- the categories ---------------------------------------------------------------------

    def kitas(self, municipality: str) -> None:
        count = 3 if municipality in SMALL_MUNICIPALITIES else self.rng.randint(4, 6)
        provider_town = self.provider(f"Kita-Verbund {municipality}")
        provider_free = self.provider("Familienzentren Rurtal")
        portal = municipality not in SMALL_MUNICIPALITIES
        for name in self.rng.sample(KITA_NAMES, count):
            provider = provider_free if name.startswith("Familienzentrum") else provider_town
            opens, closes = self.rng.choice(
                (("07:00", "16:30"), ("07:30", "16:00"), ("07:15", "17:00"))
            )
            site = self.site(provider, name, municipality, hours=f"Mo-Fr {opens}-{closes}")
            age_min = self.rng.choice((0, 1, 2, 3))
            self.offer(
                "kita",
                municipality,
                site=site,
                title=f"Kindertagesbetreuung für Kinder von {age_min} bis 6 Jahren",
                weekdays=["mo", "tu", "we", "th", "fr"],
                time_from=opens,
                time_to=closes,
                rolling_start=True,
                cost_kind="funded",
                target_group="children",
                age_min=age_min,
                age_max=6,
                staff_languages=self.staff_languages(0, 2),
                registration_phone=self.sites[site]["phone"],
                registration_url=f"https://example.org/kita-portal/{slug(municipality)}"
                if portal
                else None,
                registration_at_site=not portal,
                documents=KITA_DOCUMENTS,
                free_places=self.free_places((2, 3, 4, 1, 1)),
                notes=self.notes("kita_fee"),
            )

    def schools(self, municipality: str) -> None:
        provider = self.provider(f"Schulträger {municipality}")
        primaries = 2 if municipality in SMALL_MUNICIPALITIES else 3
        kinds = ("Gemeinschaftsgrundschule", "Katholische Grundschule")
        for i, name in enumerate(self.rng.sample(PRIMARY_NAMES, primaries)):
            school = f"{kinds[i % 2]} {name}"
            self._school(provider, school, municipality, "Grundschule (Klassen 1 bis 4)", 6, 10)
        if municipality in SMALL_MUNICIPALITIES:
            return
        secondary = self.rng.sample(
            (
                ("Gesamtschule", "Gesamtschule (Klassen 5 bis 13)", 18),
                ("Städtisches Gymnasium", "Gymnasium (Klassen 5 bis 13)", 18),
                ("Realschule", "Realschule (Klassen 5 bis 10)", 16),
                ("Sekundarschule", "Sekundarschule (Klassen 5 bis 10)", 16),
            ),
            2,
        )
        for kind, title, age_max in secondary:
            self._school(provider, f"{kind} {municipality}", municipality, title, 10, age_max)

    def _school(
        self, provider: str, name: str, municipality: str, title: str, lo: int, hi: int
    ) -> None:
        site = self.site(provider, name, municipality, hours="Mo-Fr 07:30-13:00")
        support_class = self.rng.random() < 0.5
        self.offer(
            "school",
            municipality,
            site=site,
            title=title,
            weekdays=["mo", "tu", "we", "th", "fr"],
            time_from="08:00",
            time_to="13:15" if lo == 6 else "15:30",
            rolling_start=True,
            target_group="children" if lo == 6 else "young_people",
            age_min=lo,
            age_max=hi,
            registration_phone=self.sites[site]["phone"],
            registration_email=self.sites[site]["email"],
            registration_at_site=True,
            documents=SCHOOL_DOCUMENTS,
            free_places=self.free_places((3, 3, 1, 0, 3)),
            notes=self.notes("school_support_class" if support_class else "bring_documents"),
        )

    def counselling(self, municipality: str) -> None:
        services = [
            (
                "Migrationsberatung Rur-Wurm",
                "Migrationsberatung für Erwachsene (MBE)",
                "all",
                27,
                None,
            ),
            (
                "Jugendmigrationsdienst Heinsberger Land",
                "Jugendmigrationsdienst (JMD)",
                "young_people",
                12,
                27,
            ),
            (
                "Flüchtlingshilfe Grenzland",
                "Flüchtlingsberatung und Asylverfahrensberatung",
                "all",
                None,
                None,
            ),
            (
                "Familienberatung Brückenschlag",
                "Erziehungs- und Familienberatung",
                "families",
                None,
                None,
            ),
            ("Frauenberatung Rurtal", "Beratung für Frauen", "women", 16, None),
        ]
        count = 2 if municipality in SMALL_MUNICIPALITIES else 3
        chosen = [services[0], *self.rng.sample(services[1:], count - 1)]
        for provider_name, title, group, age_min, age_max in chosen:
            provider = self.provider(provider_name)
            office = "Sprechstunde" if municipality in SMALL_MUNICIPALITIES else "Beratungsstelle"
            site = self.site(
                provider,
                f"{provider_name} – {office} {municipality}",
                municipality,
                hours=self.rng.choice(
                    ("Mo-Th 09:00-12:00; Tu 14:00-17:00", "Tu,Th 09:00-12:30", "Mo-Fr 09:00-12:00")
                ),
            )
            self.offer(
                "counseling",
                municipality,
                site=site,
                title=title,
                weekdays=self.rng.choice(
                    (["tu", "th"], ["mo", "we"], ["mo", "tu", "we", "th", "fr"])
                ),
                target_group=group,
                age_min=age_min,
                age_max=age_max,
                staff_languages=self.staff_languages(1, 3),
                registration_phone=self.providers[provider]["phone"],
                registration_email=self.providers[provider]["email"],
                documents=["passport", "residence_document"] if group == "all" else [],
                free_places=self.free_places((5, 2, 2, 0, 1)),
                notes=self.notes("call_first", "interpreter"),
            )

    def meeting_points(self, municipality: str) -> None:
        club = f"SV Grenzland {municipality}"
        options = [
            (
                "Begegnungsverein Miteinander",
                f"Begegnungscafé {municipality}",
                "Begegnungscafé",
                "all",
                "walk_in",
            ),
            (
                "Ehrenamtsnetz Heinsberger Land",
                f"Komm-an-Treffpunkt {municipality}",
                "Komm-an-Treffpunkt: Ankommen und Austausch",
                "all",
                "walk_in",
            ),
            (club, f"Sportplatz {club}", "Fußballtraining für alle", "young_people", "walk_in"),
            (
                "Ehrenamtsnetz Heinsberger Land",
                f"Stadtbücherei-Treff {municipality}",
                "Ehrenamtliche Lesepatinnen und Lesepaten gesucht",
                "volunteers",
                "volunteers_welcome",
            ),
            (
                "Begegnungsverein Miteinander",
                f"Internationaler Frauentreff {municipality}",
                "Internationaler Frauentreff",
                "women",
                "walk_in",
            ),
            (
                "Begegnungsverein Miteinander",
                f"Sprachcafé {municipality}",
                "Sprachcafé: Deutsch sprechen üben",
                "all",
                "walk_in",
            ),
        ]
        count = 3 if municipality in SMALL_MUNICIPALITIES else self.rng.randint(3, 4)
        for provider_name, site_name, title, group, note in [
            options[0],
            *self.rng.sample(options[1:], count - 1),
        ]:
            provider = self.provider(provider_name)
            day = self.rng.choice(("mo", "tu", "we", "th", "fr", "sa"))
            start = self.rng.choice(("10:00", "15:00", "17:00", "18:00"))
            end = {"10:00": "12:00", "15:00": "17:00", "17:00": "19:00", "18:00": "20:00"}[start]
            osm_day = day.capitalize()
            site = self.site(provider, site_name, municipality, hours=f"{osm_day} {start}-{end}")
            age = (8, 18) if title.startswith("Fußball") else (None, None)
            self.offer(
                "volunteering",
                municipality,
                site=site,
                title=title,
                weekdays=[day],
                time_from=start,
                time_to=end,
                rolling_start=True,
                target_group=group,
                age_min=age[0],
                age_max=age[1],
                staff_languages=self.staff_languages(0, 3),
                registration_phone=self.providers[provider]["phone"]
                if group == "volunteers"
                else None,
                registration_at_site=group != "volunteers",
                free_places="available",
                notes=self.notes(note),
            )

    def language_courses(self, municipality: str, plan: list[tuple[str, ...]]) -> None:
        school = self.rng.choice(
            ("Bildungsforum Rur-Wurm", "Sprachschule Heinsberger Land", "Lernwerk Selfkant-Rur")
        )
        provider = self.provider(school)
        site = self.site(
            provider, f"{school} – Lernort {municipality}", municipality, hours="Mo-Fr 08:00-18:00"
        )
        starts = (
            dt.date(2027, 1, 11),
            dt.date(2027, 2, 1),
            dt.date(2027, 3, 1),
            dt.date(2027, 4, 12),
        )
        for course_type, title, levels in plan:
            morning = self.rng.random() < 0.7
            fields: dict[str, Any] = {
                "site": site,
                "title": title,
                "course_type": course_type,
                "levels": levels.split(),
                "weekdays": ["mo", "tu", "we", "th", "fr"] if morning else ["mo", "we", "th"],
                "time_from": "08:30" if morning else "17:30",
                "time_to": "12:45" if morning else "20:45",
                "start_date": self.rng.choice(starts),
                "rolling_start": self.rng.random() < 0.3,
                "duration_weeks": {
                    "integration": 30,
                    "literacy": 40,
                    "youth": 36,
                    "parents_women": 36,
                    "job_language": 20,
                }[course_type],
                "cost_kind": "funded",
                "staff_languages": self.staff_languages(0, 2),
                "registration_phone": self.providers[provider]["phone"],
                "registration_email": self.providers[provider]["email"],
                "registration_at_site": True,
                "documents": COURSE_DOCUMENTS,
                "free_places": self.free_places(),
                "notes": self.notes("eligibility"),
            }
            if course_type == "parents_women":
                fields |= {
                    "childcare": True,
                    "target_group": "parents",
                    "notes": self.notes("childcare", "eligibility"),
                }
            elif course_type == "youth":
                fields |= {"target_group": "young_people", "age_min": 16, "age_max": 27}
            elif course_type == "job_language":
                fields["documents"] = ["passport", "residence_document", "jobcenter_letter"]
                if "C1" in levels:
                    fields |= {
                        "cost_kind": "fee",
                        "cost_amount_eur": "390.00",
                        "rolling_start": False,
                    }
            self.offer("language_course", municipality, **fields)

    def school_to_work(self, municipality: str, with_college: bool) -> None:
        provider = self.provider("Ausbildungslotsen Kreis Heinsberg")
        site = self.site(
            provider,
            f"Ausbildungslotsen – Büro {municipality}",
            municipality,
            hours="Mo-Th 09:00-15:00",
        )
        programmes = [
            ("Berufsorientierung für Neuzugewanderte", 14, 21),
            ("Ausbildungsberatung und Bewerbungstraining", 16, 27),
            ("Jobcafé für junge Menschen", 16, 25),
        ]
        for title, lo, hi in self.rng.sample(programmes, 2 if with_college else 1):
            self.offer(
                "school_to_work",
                municipality,
                site=site,
                title=title,
                weekdays=self.rng.choice((["tu"], ["we", "th"], ["mo", "we"])),
                time_from="14:00",
                time_to="17:00",
                rolling_start=True,
                target_group="young_people",
                age_min=lo,
                age_max=hi,
                staff_languages=self.staff_languages(1, 2),
                registration_phone=self.providers[provider]["phone"],
                registration_email=self.providers[provider]["email"],
                documents=["school_reports"],
                free_places=self.free_places((5, 2, 1, 0, 1)),
                notes=self.notes("call_first"),
            )
        if with_college:
            college = self.provider("Berufskolleg Heinsberger Land")
            site = self.site(
                college,
                f"Berufskolleg Heinsberger Land – Standort {municipality}",
                municipality,
                hours="Mo-Fr 07:30-15:00",
            )
            self.offer(
                "school_to_work",
                municipality,
                site=site,
                title="Internationale Förderklasse (Berufskolleg)",
                weekdays=["mo", "tu", "we", "th", "fr"],
                time_from="08:00",
                time_to="14:30",
                start_date=dt.date(2027, 2, 1),
                duration_weeks=40,
                target_group="young_people",
                age_min=16,
                age_max=18,
                registration_phone=self.sites[site]["phone"],
                registration_at_site=True,
                documents=SCHOOL_DOCUMENTS,
                free_places=self.free_places(),
                notes=self.notes("school_support_class"),
            )

    # -- the document -------------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        plans = course_plans()
        for m in municipalities():
            self.kitas(m.name)
            self.schools(m.name)
            self.counselling(m.name)
            self.meeting_points(m.name)
            if m.name in TOWNS_WITH_COURSES:
                self.language_courses(m.name, plans[m.name])
                self.school_to_work(
                    m.name, with_college=m.name in ("Erkelenz", "Geilenkirchen", "Heinsberg")
                )
            elif m.name == "Gangelt":
                self.school_to_work(m.name, with_college=False)
        return {
            "version": FORMAT_VERSION,
            "contact_points": [ki_contact()],
            "providers": list(self.providers.values()),
            "sites": list(self.sites.values()),
            "offers": self.offers,
            "procedures": [p for m in municipalities() for p in procedures(m)],
        }


def course_plans() -> dict[str, list[tuple[str, ...]]]:
    """Which courses each town offers: together every course type and every level."""
    integration = ("integration", "Integrationskurs (allgemeiner Integrationskurs)", "A1 A2 B1")
    literacy = ("literacy", "Integrationskurs mit Alphabetisierung", "A1 A2")
    youth = ("youth", "Jugendintegrationskurs", "A1 A2 B1")
    parents = ("parents_women", "Eltern- und Frauenintegrationskurs", "A1 A2 B1")
    job_b2 = ("job_language", "Berufssprachkurs B2 (Deutsch für den Beruf)", "B2")
    job_b1 = ("job_language", "Berufssprachkurs B1 (Deutsch für den Beruf)", "B1")
    job_c1 = ("job_language", "Berufssprachkurs C1 – Abendkurs", "C1")
    return {
        "Erkelenz": [integration, literacy, parents, job_b2, job_c1],
        "Geilenkirchen": [integration, youth, job_b1, parents],
        "Heinsberg": [integration, literacy, youth, parents, job_b2, job_c1],
        "Hückelhoven": [integration, parents, job_b2, literacy],
        "Übach-Palenberg": [integration, literacy, youth, job_b1],
        "Wassenberg": [integration, parents],
        "Wegberg": [integration, youth, job_b1],
    }


def ki_contact() -> dict[str, Any]:
    """The KI at the Kreishaus (real address); phone, e-mail and web are SAMPLE values."""
    return {
        "key": "ki",
        "name": "Kommunales Integrationszentrum Kreis Heinsberg (Beispiel-Kontaktdaten)",
        "street": "Valkenburger Str. 45",
        "postcode": "52525",
        "municipality": "Heinsberg",
        "phone": "030 23125 000",
        "email": "ki-sample@example.org",
        "website": "https://example.org/ki-kreis-heinsberg-sample",
        "opening_hours": "Mo-Th 08:30-12:00,13:30-15:30; Fr 08:30-12:00",
        "lat": 51.0612,
        "lon": 6.0934,
        "is_sample": True,
    }


def procedures(m: MunicipalityInfo) -> list[dict[str, Any]]:
    """How Kita and school enrolment work in `m` (SAMPLE offices and contacts)."""
    town = m.name not in SMALL_MUNICIPALITIES
    kind = "Stadt" if town else "Gemeinde"
    common = {"postcode": m.postcodes[0], "verified_on": VERIFIED_ON, "is_sample": True}
    prefix = FICTION_PHONE_PREFIXES[2]
    number = 900 + 2 * sorted(x.name for x in municipalities()).index(m.name)
    kita_steps = [
        "kita_legal_right",
        "kita_register_portal",
        "kita_visit_kitas",
        "kita_contact_youth_office",
    ]
    if not town:
        kita_steps.remove("kita_register_portal")
    return [
        common
        | {
            "municipality": m.name,
            "category": "kita",
            "office_name": f"{'Jugendamt' if town else 'Bürgerbüro'} der {kind} {m.name}{SAMPLE}",
            "street": "Rathausplatz 1",
            "phone": f"{prefix} {number:03d}",
            "email": f"kita.{slug(m.name)}@example.org",
            "url": f"https://example.org/kita-portal/{slug(m.name)}" if town else None,
            "steps": kita_steps,
            "documents": KITA_DOCUMENTS,
        },
        common
        | {
            "municipality": m.name,
            "category": "school",
            "office_name": f"Schulverwaltung der {kind} {m.name}{SAMPLE}",
            "street": "Rathausplatz 1",
            "phone": f"{prefix} {number + 1:03d}",
            "email": f"schule.{slug(m.name)}@example.org",
            "url": None,
            "steps": [
                "school_compulsory",
                "school_newcomer_counselling",
                "school_health_check",
                "school_assignment",
            ],
            "documents": SCHOOL_DOCUMENTS,
        },
    ]


HEADER = """\
# SAMPLE DATA – fictitious offers for testing the KI assistant, NOT real offers.
# Generated by seeds/generate_sample.py (deterministic); do not edit by hand, change the
# generator and run it again:  uv run python seeds/generate_sample.py
"""


class _Dumper(yaml.SafeDumper):
    """Writes repeated lists out in full (no YAML anchors): the file is read by people."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _short_lists_inline(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    inline = all(not isinstance(item, dict | list) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=inline)


_Dumper.add_representer(list, _short_lists_inline)


def tidy(section: str, entry: dict[str, Any]) -> dict[str, Any]:
    """The entry's fields in the documented order, without empty ones."""
    order = [f.key for f in FIELDS[section]] + ["notes"]
    if "title" in order:
        order.insert(order.index("title") + 1, "titles")
    ordered = sorted(entry.items(), key=lambda kv: order.index(kv[0]))
    return {k: v for k, v in ordered if v is not None}


def render(document: dict[str, Any]) -> str:
    tidied = {
        key: [tidy(key, entry) for entry in value] if isinstance(value, list) else value
        for key, value in document.items()
    }
    text = yaml.dump(
        tidied,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return HEADER + text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    document = Generator().build()
    args.out.write_text(render(document), encoding="utf-8")
    print(f"{len(document['offers'])} offers, {len(document['sites'])} sites -> {args.out}")


if __name__ == "__main__":
    main()
