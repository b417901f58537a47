"""The layering (README, "What is where") holds, and its check fails on a forbidden import.

`make test` runs `lint-imports` with the contracts in pyproject.toml; these tests show that the
contracts bite, on a copy of the packages with one forbidden import added.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from project_paths import REPO_ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
CONFIG = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGES: list[str] = CONFIG["tool"]["importlinter"]["root_packages"]


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(root / "pyproject.toml")],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def only_python(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if not n.endswith(".py") and not Path(folder, n).is_dir()}


@pytest.fixture(scope="module")
def copy_of_the_packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("layering")
    shutil.copy(REPO_ROOT / "pyproject.toml", root)
    for package in PACKAGES:
        shutil.copytree(REPO_ROOT / package, root / package, ignore=only_python)
    return root


def test_the_packages_keep_the_layering() -> None:
    result = lint_imports(REPO_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "forbidden", "complaint"),
    [
        ("bot/telegram/bridge.py", "actions.offers", "bot is not allowed to import actions"),
        ("bot/webchat/app.py", "offer_db.search", "bot is not allowed to import offer_db"),
        ("actions/base.py", "bot.conversation", "actions is not allowed to import bot"),
        ("nlu/lexicon.py", "locales.catalog", "nlu is not allowed to import locales"),
        ("locales/catalog.py", "offer_db.models", "locales is not allowed to import offer_db"),
        ("contract/messages.py", "actions.reply", "contract is not allowed to import actions"),
        ("offer_db/search.py", "offer_db.imports.seed", "not allowed to import offer_db.imports"),
        ("conversation_store/store.py", "bot.pseudonym", "is not allowed to import bot"),
    ],
)
def test_a_forbidden_import_fails_the_check(
    copy_of_the_packages: Path, module: str, forbidden: str, complaint: str
) -> None:
    path = copy_of_the_packages / module
    original = path.read_text(encoding="utf-8")
    path.write_text(f"{original}\nimport {forbidden}  # noqa: E402\n", encoding="utf-8")
    try:
        result = lint_imports(copy_of_the_packages)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode == 1, result.stdout
    assert complaint in result.stdout
    assert f"{module.removesuffix('.py').replace('/', '.')} -> {forbidden}" in result.stdout
