"""The import's validation for the admin's forms: the same parsers and checks, errors per field.

A form is checked like one row of an import (`offer_db.imports.validate`): each field with the
import's parser (`fields.py`, `cells.py`), then the checks across fields (postcode of the
municipality, coordinates near it, time and age ranges, costs, course fields). Each problem is
shown under its field in German; the values the import would store (the municipality's
canonical name, an empty choice as None, sorted levels) replace what was typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.orm import Session, sessionmaker
from wtforms import Form, StringField
from wtforms.fields.core import Field as FormField

from offer_db.imports.fields import FIELDS, Field
from offer_db.imports.report import Location
from offer_db.imports.validate import CHECKS, Entry, Gazetteer, parse_entry

# References are chosen from lists in the form (they exist by construction); the import
# checks them as external ids, which the form does not have.
REFERENCE_KEYS = {"provider", "site"}
FORM_LOCATION = Location("admin", 0)


def checked_fields(kind: str, form_keys: Iterable[str]) -> list[Field]:
    keys = set(form_keys) - REFERENCE_KEYS
    return [f for f in FIELDS[kind] if f.key in keys]


def import_errors(
    kind: str, raw: dict[str, Any], fields: Sequence[Field], session: Session
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The parsed values and the German reasons per field key, as the import would find them."""
    entry = Entry(kind, FORM_LOCATION, raw)
    values, problems = parse_entry(entry, fields)
    gazetteer = Gazetteer.load(session)
    for needs, check in CHECKS[kind]:
        if all(key in values for key in needs):
            problems.extend(check(entry, values, gazetteer))
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.column or "", []).append(problem.reason_de)
    return values, errors


def import_checked_form(base: type[Form], kind: str, sessions: sessionmaker[Session]) -> type[Form]:
    """A subclass of sqladmin's scaffolded form that validates like the import of `kind`."""

    class ImportCheckedForm(base):  # type: ignore[valid-type, misc]
        def validate(self, extra_validators: Any = None) -> bool:
            ok = bool(super().validate(extra_validators))
            fields = checked_fields(kind, self._fields)
            raw = {f.key: self._fields[f.key].data for f in fields}
            with sessions() as session:
                values, errors = import_errors(kind, raw, fields, session)
            for key, reasons in errors.items():
                target: FormField | None = self._fields.get(key)
                if target is None:
                    continue
                target.errors = [*target.errors, *reasons]  # type: ignore[misc]
                ok = False
            if ok:
                for f in fields:
                    if f.key in values:
                        self._fields[f.key].data = values[f.key]
            return ok

    return ImportCheckedForm


class ListField(StringField):
    """A list of codes typed as 'A1; A2' (as in the import sheets), stored as a JSON list."""

    def _value(self) -> str:
        return "; ".join(self.data) if isinstance(self.data, list) else (self.data or "")

    def process_formdata(self, valuelist: list[Any]) -> None:
        # Kept as typed: the import's parser splits, checks and orders it in `validate`.
        self.data = valuelist[0] if valuelist else ""
