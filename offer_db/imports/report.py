"""What an import did or would do, and every problem it found, in German and English."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["created", "updated", "unchanged"]
KINDS = ("providers", "sites", "offers", "contact_points", "procedures")


@dataclass(frozen=True)
class Location:
    """Where an entry came from: a sheet row (header = row 1) or a YAML section entry."""

    file: str
    row: int
    section: str | None = None  # the YAML section ('offers'); None for sheets

    def describe(self, column: str | None = None) -> str:
        """'Zeile 7, Spalte 'municipality'' (sheets) or 'sites Nr. 3, Feld 'lat'' (YAML)."""
        if self.section is None:
            where = f"Zeile {self.row}"
            return f"{where}, Spalte '{column}'" if column else where
        where = f"{self.section} Nr. {self.row}" if self.row else f"Abschnitt '{self.section}'"
        return f"{where}, Feld '{column}'" if column else where

    def short(self, language: str) -> str:
        """'Zeile 7' / 'row 7' (sheets), 'offers Nr. 3' / 'offers no. 3' (YAML)."""
        if self.section is None:
            return f"{'Zeile' if language == 'de' else 'row'} {self.row}"
        return f"{self.section} {'Nr.' if language == 'de' else 'no.'} {self.row}"


@dataclass(frozen=True)
class RowError:
    """One bad value: where, which column, the value as written and why, in German / English."""

    location: Location
    column: str | None
    value: str
    reason_de: str
    reason_en: str

    def __str__(self) -> str:
        where = f"{self.location.file}: {self.location.describe(self.column)}"
        subject = f"'{self.value}' " if self.value else ""
        return f"{where}: {subject}{self.reason_de} / {self.reason_en}"


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    """The outcome of one import: counts per kind of record, or the errors that stopped it."""

    source: str
    dry_run: bool = False
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def changes(self) -> int:
        """Records created or updated (0 when re-importing the same data)."""
        return sum(c.created + c.updated for c in self.counts.values())

    def count(self, kind: str, outcome: Outcome) -> None:
        counts = self.counts[kind]
        setattr(counts, outcome, getattr(counts, outcome) + 1)

    def summary(self) -> str:
        """Human-readable lines: one per kind of record, or one per error."""
        if self.errors:
            head = (
                f"{len(self.errors)} Fehler, nichts importiert / "
                f"{len(self.errors)} errors, nothing imported ({self.source}):"
            )
            return "\n".join([head, *(f"  {e}" for e in self.errors)])
        would = "would be " if self.dry_run else ""
        lines = [f"{self.source}{' (dry run: nothing written)' if self.dry_run else ''}:"]
        for kind, c in self.counts.items():
            if c.created or c.updated or c.unchanged:
                lines.append(
                    f"  {kind}: {c.created} {would}created, {c.updated} {would}updated, "
                    f"{c.unchanged} unchanged"
                )
        lines.append(f"  changes: {self.changes}")
        return "\n".join(lines)
