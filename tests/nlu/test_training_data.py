"""The training and evaluation data keep the NLU contract, and every language is complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.check_data import check_file
from nlu.lexicon import language_codes

ROOT = Path(__file__).resolve().parents[2]
DATA_FILES = sorted((ROOT / "nlu").glob("data/*/*.yml")) + sorted((ROOT / "nlu").glob("eval/*.yml"))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_file_keeps_the_contract(path: Path) -> None:
    assert check_file(path) == []


@pytest.mark.parametrize("code", language_codes())
def test_every_language_has_training_data_evaluation_set_and_messages(code: str) -> None:
    # A language is added by files alone: these four, nothing in code.
    assert list((ROOT / "nlu" / "data" / code).glob("*.yml")), f"nlu/data/{code}/ is missing"
    assert (ROOT / "nlu" / "eval" / f"{code}.yml").exists()
    assert (ROOT / "locales" / f"{code}.yml").exists()


def test_the_eight_languages_are_there() -> None:
    assert set(language_codes()) >= {"de", "en", "ar", "fa", "uk", "ru", "tr", "fr"}
