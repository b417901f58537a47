"""Reading and writing single values the way staff type them in Excel, CSV or YAML.

Every parser takes a non-empty raw value (text from CSV; text, numbers, dates or booleans from
XLSX and YAML) and returns the typed value, or raises `CellError` with the reason in German and
English. Empty cells never reach a parser: the field's default applies.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from babel import Locale

from offer_db.vocabulary import LEVELS, WEEKDAYS

Parser = Callable[[Any], Any]


class CellError(ValueError):
    """A value that cannot be read; the reasons complete "'<value>' ..." in both languages."""

    def __init__(self, reason_de: str, reason_en: str) -> None:
        super().__init__(f"{reason_de} / {reason_en}")
        self.reason_de = reason_de
        self.reason_en = reason_en


def words(text: str) -> list[str]:
    """'Übach-Palenberg', 'Anbieter ID' -> ['uebach', 'palenberg'], ['anbieter', 'id']: the
    words of `text`, case and German umlauts folded, for matching names however typed."""
    s = text.casefold()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        s = s.replace(umlaut, spelled)
    return "".join(ch if ch.isalnum() else " " for ch in s).split()


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def raw_text(value: object) -> str:
    """The value as the user wrote it, for error messages."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "; ".join(raw_text(v) for v in value)
    return "" if value is None else str(value).strip()


def text(max_length: int) -> Parser:
    def parse(value: object) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise CellError("ist kein Text", "is not text")
        result = raw_text(value)
        if len(result) > max_length:
            raise CellError(
                f"ist zu lang (höchstens {max_length} Zeichen)",
                f"is too long (at most {max_length} characters)",
            )
        return result

    return parse


def pattern(regex: str, max_length: int, reason_de: str, reason_en: str) -> Parser:
    compiled = re.compile(regex)
    read = text(max_length)

    def parse(value: object) -> str:
        result = read(value)
        if not compiled.fullmatch(result):
            raise CellError(reason_de, reason_en)
        return result

    return parse


phone = pattern(
    r"\+?[0-9][0-9 /()\-]{4,38}",
    40,
    "ist keine Telefonnummer (nur Ziffern, Leerzeichen, + / - ( ))",
    "is not a phone number (digits, spaces, + / - ( ) only)",
)
email = pattern(
    r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}",
    200,
    "ist keine E-Mail-Adresse",
    "is not an e-mail address",
)
url = pattern(
    r"https?://[^\s/]+\.[^\s]+",
    300,
    "ist keine Internetadresse (beginnt mit https://)",
    "is not a web address (starting with https://)",
)
_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_DAYS = rf"{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*"
_SPAN = r"(?:[01]\d|2[0-4]):[0-5]\d-(?:[01]\d|2[0-4]):[0-5]\d"
opening_hours = pattern(
    rf"{_DAYS} {_SPAN}(?:,{_SPAN})*(?:; {_DAYS} {_SPAN}(?:,{_SPAN})*)*",
    200,
    "sind keine Öffnungszeiten im Format 'Mo-Fr 08:00-12:00; Tu 14:00-17:00'",
    "are not opening hours in the format 'Mo-Fr 08:00-12:00; Tu 14:00-17:00'",
)


def postcode(value: object) -> str:
    result = raw_text(value) if isinstance(value, int | float | str) else ""
    if not re.fullmatch(r"\d{5}", result):
        raise CellError("ist keine Postleitzahl (5 Ziffern)", "is not a postcode (5 digits)")
    return result


_TRUE = {"ja", "j", "yes", "y", "true", "wahr", "1", "x"}
_FALSE = {"nein", "n", "no", "false", "falsch", "0"}


def boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    word = raw_text(value).casefold()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CellError("ist weder ja noch nein", "is neither yes nor no")


def integer(minimum: int, maximum: int) -> Parser:
    def parse(value: object) -> int:
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float | str) and re.fullmatch(r"-?\d+", raw_text(value)):
            number = int(raw_text(value))
        if number is None:
            raise CellError("ist keine ganze Zahl", "is not a whole number")
        if not minimum <= number <= maximum:
            raise CellError(
                f"liegt nicht zwischen {minimum} und {maximum}",
                f"is not between {minimum} and {maximum}",
            )
        return number

    return parse


def _number_text(value: object) -> str:
    """'1.234,50', '12,5', '12.5 €' -> '1234.50', '12.5', '12.5'."""
    s = raw_text(value).replace("€", "").replace("EUR", "").replace(" ", "")
    if "," in s and "." in s:
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s
        s = s.replace(",", "")
    return s.replace(",", ".")


def euro(value: object) -> Decimal:
    if isinstance(value, bool):
        raise CellError("ist kein Betrag", "is not an amount")
    try:
        amount = (
            Decimal(str(value)) if isinstance(value, int | float) else Decimal(_number_text(value))
        )
    except InvalidOperation as e:
        raise CellError(
            "ist kein Betrag (zum Beispiel 45,00)", "is not an amount (e.g. 45.00)"
        ) from e
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1000000"):
        raise CellError("ist kein gültiger Betrag", "is not a valid amount")
    return amount.quantize(Decimal("0.01"))


def coordinate(minimum: float, maximum: float) -> Parser:
    def parse(value: object) -> float:
        try:
            number = float(value) if isinstance(value, int | float) else float(_number_text(value))
        except ValueError as e:
            raise CellError(
                "ist keine Koordinate (zum Beispiel 51,0630)", "is not a coordinate"
            ) from e
        if isinstance(value, bool) or not math.isfinite(number):
            raise CellError("ist keine Koordinate", "is not a coordinate")
        if not minimum <= number <= maximum:
            raise CellError(
                f"liegt nicht zwischen {minimum} und {maximum}",
                f"is not between {minimum} and {maximum}",
            )
        return round(number, 6)

    return parse


def date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            raise CellError("ist ein Zeitpunkt, kein Datum", "is a timestamp, not a date")
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = raw_text(value)
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise CellError(
        "ist kein Datum (JJJJ-MM-TT oder TT.MM.JJJJ)", "is not a date (YYYY-MM-DD or DD.MM.YYYY)"
    )


def time(value: object) -> dt.time:
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 09:00 as the number 540 (sexagesimal).
        raise CellError(
            "ist keine Uhrzeit: in YAML bitte in Anführungszeichen ('09:00')",
            "is not a time: quote it in YAML ('09:00')",
        )
    m = re.fullmatch(r"([01]?\d|2[0-3])[:.]([0-5]\d)(?::00)?", raw_text(value))
    if not m:
        raise CellError("ist keine Uhrzeit (HH:MM)", "is not a time (HH:MM)")
    return dt.time(int(m.group(1)), int(m.group(2)))


def items(value: object) -> list[str]:
    """A list cell: 'A1; A2', 'A1, A2', or a real list (YAML)."""
    parts = value if isinstance(value, list) else re.split(r"[;,]", raw_text(value))
    return [raw_text(p) for p in parts if not is_empty(p)]


def code(known: Iterable[str], aliases: Mapping[str, str] | None = None) -> Parser:
    """One code from `known` (case-insensitive), or an alias of one."""
    codes = tuple(known)
    lookup = {c.casefold(): c for c in codes} | {
        k.casefold(): v for k, v in (aliases or {}).items()
    }

    def parse(value: object) -> str:
        found = lookup.get(raw_text(value).casefold())
        if found is None:
            raise CellError(
                f"ist nicht erlaubt; erlaubt: {', '.join(codes)}",
                f"is not allowed; allowed: {', '.join(codes)}",
            )
        return found

    return parse


def code_list(parse_one: Parser, order: Sequence[str] | None = None) -> Parser:
    """A list of codes without duplicates, in `order` when given, else as written."""

    def parse(value: object) -> list[str]:
        result: list[str] = []
        for item in items(value):
            found = _listed(parse_one, item)
            if found not in result:
                result.append(found)
        return sorted(result, key=order.index) if order else result

    return parse


def _listed(parse_one: Parser, item: str) -> Any:
    try:
        return parse_one(item)
    except CellError as e:
        raise CellError(
            f"enthält '{item}': {e.reason_de}", f"contains '{item}': {e.reason_en}"
        ) from e


_WEEKDAY_ALIASES = {
    **dict(zip(("mo", "di", "mi", "do", "fr", "sa", "so"), WEEKDAYS, strict=True)),
    **dict(zip(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), WEEKDAYS, strict=True)),
}
_weekday = code(WEEKDAYS, _WEEKDAY_ALIASES)


def _weekday_span(item: str) -> list[str]:
    first, _, last = item.partition("-")
    a = WEEKDAYS.index(_weekday(first))
    b = WEEKDAYS.index(_weekday(last)) if last else a
    return list(WEEKDAYS[a : b + 1])


def weekdays(value: object) -> list[str]:
    """'mo; we', 'Mo, Mi', 'Mo-Fr' -> ['mo', 'we'] ... in week order."""
    days = [d for item in items(value) for d in _listed(_weekday_span, item)]
    return [d for d in WEEKDAYS if d in days]


levels = code_list(code(LEVELS), order=LEVELS)


@cache
def _iso_languages() -> frozenset[str]:
    codes = (c for c in Locale("en").languages if isinstance(c, str))
    return frozenset(c for c in codes if re.fullmatch(r"[a-z]{2,3}", c))


def language_code(value: object) -> str:
    result = raw_text(value).casefold()
    if result not in _iso_languages():
        raise CellError(
            "ist kein ISO-Sprachcode (zum Beispiel de, ar, uk)",
            "is not an ISO language code (e.g. de, ar, uk)",
        )
    return result


def to_text(value: object, *, decimal_comma: bool = True) -> str:
    """A value as a CSV cell: the inverse of the parsers above."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal | float):
        s = repr(value) if isinstance(value, float) else f"{value:.2f}"
        return s.replace(".", ",") if decimal_comma else s
    return str(value)
