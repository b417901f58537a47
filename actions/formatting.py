"""Locale-aware formatting of dates, weekdays, times, money and durations (Babel / CLDR).

Numbers stay in Latin digits in every locale: phone numbers and times must be typed into a
phone exactly as shown, and Latin digits are what German offices and signs use.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_time, get_day_names
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit

from offer_db.vocabulary import WEEKDAYS

# OpenStreetMap's opening_hours names the days as our codes do, capitalised ("Mo", "Tu").
_OSM_DAYS = {code.capitalize(): index for index, code in enumerate(WEEKDAYS)}


def weekday_names(codes: list[str], language: str) -> str:
    """'mo','we' -> 'Mon, Wed'; three or more days in a row as a range: 'Mon–Fri'.

    Abbreviated CLDR names in the user's language; a range keeps a Kita's week short on a
    small screen.
    """
    names = get_day_names("abbreviated", locale=language)
    days = sorted({WEEKDAYS.index(c) for c in codes if c in WEEKDAYS})
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [
        f"{names[run[0]]}–{names[run[-1]]}" if len(run) >= 3 else ", ".join(names[d] for d in run)
        for run in runs
    ]
    return ", ".join(parts)


def time_of_day(value: dt.time, language: str) -> str:
    """09:00 as the locale writes short times (Latin digits)."""
    text = format_time(value, format="short", locale=language)
    return latin_digits(text)


def date_text(value: dt.date, language: str) -> str:
    """A date in the locale's medium format, e.g. '3 Feb 2026', '03.02.2026'."""
    return latin_digits(format_date(value, format="medium", locale=language))


def money(amount: Decimal, language: str) -> str:
    """An amount in euros as the locale writes it ('45,00 €', '€45.00')."""
    return latin_digits(format_currency(amount, "EUR", locale=language, numbering_system="latn"))


def kilometres(value: float, language: str) -> str:
    """A distance with one decimal in the locale's style ("2,5" in German and French)."""
    return latin_digits(format_decimal(round(value, 1), format="0.0", locale=language))


def weeks(count: int, language: str) -> str | None:
    """'12 weeks' in the locale's plural rules ('12 недель', '12 Wochen'); None if CLDR lacks it."""
    return _unit(count, "duration-week", language)


def years(count: int, language: str) -> str | None:
    """'6 years' with the locale's plural rules; None if CLDR lacks it."""
    return _unit(count, "duration-year", language)


def _unit(count: int, unit: str, language: str) -> str | None:
    text = format_unit(count, unit, length="long", locale=language)
    # Babel returns the bare unit id when a locale has no pattern for it (fa, tr in some CLDRs).
    return None if unit in text else latin_digits(text)


def language_name(code: str, language: str) -> str:
    """The name of language `code` in `language` ('ar' in German -> 'Arabisch')."""
    return Locale.parse(language).languages.get(code, code)


def opening_hours(spec: str | None, language: str) -> str | None:
    """Renders the OSM subset 'Mo-Fr 08:00-12:00; Tu 14:00-17:00' in the user's language."""
    if not spec:
        return None
    names = get_day_names("abbreviated", locale=language)
    parts = []
    for rule in spec.split(";"):
        rule = rule.strip()
        m = re.fullmatch(r"([A-Z][a-z](?:[-,][A-Z][a-z])*)\s+(.+)", rule)
        if not m:
            parts.append(rule)
            continue
        days = m.group(1)
        day_text = re.sub(r"[A-Z][a-z]", lambda d: names[_OSM_DAYS.get(d.group(0), 0)], days)
        day_text = day_text.replace("-", "–").replace(",", ", ")
        times = []
        for span in m.group(2).split(","):
            a, _, b = span.strip().partition("-")
            try:
                times.append(
                    f"{time_of_day(dt.time.fromisoformat(a), language)}–"
                    f"{time_of_day(dt.time.fromisoformat(b), language)}"
                )
            except ValueError:
                times.append(span.strip())
        parts.append(f"{day_text} {', '.join(times)}")
    return "; ".join(parts)


_DIGIT_MAP = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def latin_digits(text: str) -> str:
    """Arabic-Indic and Persian digits as 0-9 ("٤" -> "4"), everything else as it is."""
    return text.translate(_DIGIT_MAP)
