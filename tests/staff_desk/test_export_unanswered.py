"""Unanswered questions exported as candidate training data: only texts users agreed to share,
per language, in a format Rasa itself reads (checked with Rasa's own loader)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from staff_desk.engine import make_engine
from staff_desk.migrate import upgrade
from staff_desk.models import UnansweredQuestion

ROOT = Path(__file__).resolve().parents[2]


def add(url: str, rows: list[dict[str, object]]) -> None:
    engine = make_engine(url)
    try:
        with Session(engine) as session, session.begin():
            session.add_all(UnansweredQuestion(**row) for row in rows)
    finally:
        engine.dispose()


def test_export_writes_agreed_texts_per_language_as_rasa_nlu(db_url: str, tmp_path: Path) -> None:
    upgrade(db_url)
    add(
        db_url,
        [
            {"language": "de", "intent_guess": "ask_kita", "source": "feedback", "text": "Kita?"},
            {"language": "de", "intent_guess": "ask_kita", "source": "feedback", "text": "Kita?"},
            {"language": "de", "intent_guess": None, "source": "feedback", "text": "Jagdschein"},
            {"language": "de", "intent_guess": "ask_school", "source": "fallback", "text": None},
            {
                "language": "ar",
                "intent_guess": "ask_school",
                "source": "feedback",
                "text": "مدرسة؟",
            },
        ],
    )
    out = tmp_path / "candidates"
    done = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-m", "staff_desk.export_unanswered", "--out", str(out)],
        cwd=ROOT,
        env={"STAFF_DB_URL": db_url, "KI_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "3 candidate examples" in done.stdout
    assert sorted(p.name for p in out.iterdir()) == ["ar.yml", "de.yml"]
    german = yaml.safe_load((out / "de.yml").read_text(encoding="utf-8"))
    assert german["nlu"] == [
        {"intent": "ask_kita", "examples": "- Kita?\n"},
        {"intent": "unknown", "examples": "- Jagdschein\n"},
    ]
    assert "- مدرسة؟" in (out / "ar.yml").read_text(encoding="utf-8")
    # Rasa's own loader reads the files (the format the NLU data is written in).
    check = (
        "import sys; from rasa.shared.nlu.training_data.loading import load_data; "
        "d = load_data(sys.argv[1]); print(len(d.training_examples), sorted(d.intents))"
    )
    loaded = subprocess.run(
        [str(ROOT / ".venv-rasa/bin/python"), "-c", check, str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip().splitlines()[-1] == "3 ['ask_kita', 'ask_school', 'unknown']"
