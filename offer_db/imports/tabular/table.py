"""A sheet as read from a file: its header and its rows, numbered as Excel numbers them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    file: str
    header: list[str]
    rows: list[tuple[int, list[object]]]  # (row number, cells); the header is row 1


class TableError(Exception):
    """The file cannot be read as a table at all; reasons in German and English."""

    def __init__(self, reason_de: str, reason_en: str) -> None:
        super().__init__(f"{reason_de} / {reason_en}")
        self.reason_de = reason_de
        self.reason_en = reason_en
