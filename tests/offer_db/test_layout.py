"""The package's rooms: the read API at the top of `offer_db`, the import pipeline apart."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.offer_db.conftest import ROOT

PACKAGE = ROOT / "offer_db"
READ_API = ("models", "vocabulary", "search", "engine", "settings", "reference", "geo")
PIPELINE = (
    "importer",
    "seed",
    "tabular",
    "loading",
    "validate",
    "upsert",
    "fields",
    "cells",
    "report",
    "progress",
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("name", PIPELINE)
def test_the_import_pipeline_lives_in_offer_db_imports(name: str) -> None:
    assert (PACKAGE / "imports" / f"{name}.py").is_file() or (
        PACKAGE / "imports" / name / "__init__.py"
    ).is_file()
    assert not (PACKAGE / f"{name}.py").exists() and not (PACKAGE / name).exists()


@pytest.mark.parametrize("name", READ_API)
def test_the_read_api_never_imports_the_import_pipeline(name: str) -> None:
    imports = imported_modules(PACKAGE / f"{name}.py")
    assert not {m for m in imports if m.startswith("offer_db.imports")}, imports


def test_the_read_api_loads_without_openpyxl_or_yaml() -> None:
    code = (
        "import sys, offer_db.search, offer_db.engine;"
        "print(sorted(m for m in ('openpyxl', 'yaml', 'offer_db.imports') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
