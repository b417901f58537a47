"""Unanswered questions as candidate NLU training data, one Rasa YAML file per language.

    python -m staff_desk.export_unanswered --out DIR [--since YYYY-MM-DD] [--db-url URL]

Only questions whose text the user agreed to share are exported (the others have none). Each
is listed under the intent the classifier guessed (`unknown` without a guess): a candidate
for a person to check, correct and move into `nlu/data/<code>/`, never training data as is.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import defaultdict
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from staff_desk.engine import make_engine
from staff_desk.models import UnansweredQuestion

UNKNOWN_INTENT = "unknown"
HEADER = (
    "# Candidate training examples from questions the assistant could not answer (the users\n"
    "# agreed to share them). The intents are the classifier's guesses: check and correct\n"
    "# each one before moving it into nlu/data/{language}/.\n"
)


def candidates(
    session: Session, since: dt.datetime | None = None
) -> dict[str, dict[str, list[str]]]:
    """language -> intent guess -> distinct texts, oldest first."""
    query = select(UnansweredQuestion).where(UnansweredQuestion.text.is_not(None))
    if since is not None:
        query = query.where(UnansweredQuestion.created_at >= since)
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for question in session.scalars(query.order_by(UnansweredQuestion.id)):
        text = " ".join((question.text or "").split())
        texts = out[question.language][question.intent_guess or UNKNOWN_INTENT]
        if text and text not in texts:
            texts.append(text)
    return out


def nlu_yaml(language: str, by_intent: dict[str, list[str]]) -> str:
    """One language's candidates in Rasa 3 NLU format."""
    document = {
        "version": "3.1",
        "nlu": [
            {"intent": intent, "examples": "".join(f"- {t}\n" for t in texts)}
            for intent, texts in sorted(by_intent.items())
        ],
    }
    return HEADER.format(language=language) + yaml.dump(
        document, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False, width=1000
    )


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line strings as `|` blocks, the way Rasa's examples are written."""


def _block(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _block)


def export(out: Path, url: str | None = None, since: dt.date | None = None) -> dict[str, int]:
    """Writes `<out>/<language>.yml`; returns the number of examples per language."""
    start = dt.datetime.combine(since, dt.time(), dt.UTC) if since else None
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            found = candidates(session, start)
    finally:
        engine.dispose()
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for language, by_intent in sorted(found.items()):
        (out / f"{language}.yml").write_text(nlu_yaml(language, by_intent), encoding="utf-8")
        counts[language] = sum(len(texts) for texts in by_intent.values())
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m staff_desk.export_unanswered", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--out", type=Path, required=True, help="folder for <language>.yml")
    parser.add_argument("--since", type=dt.date.fromisoformat, help="first day to include")
    parser.add_argument("--db-url", help="default: STAFF_DB_URL, DATABASE_URL or the local file")
    args = parser.parse_args(argv)
    counts = export(args.out, args.db_url, args.since)
    total = sum(counts.values())
    per_language = ", ".join(f"{k}: {v}" for k, v in counts.items()) or "none"
    print(f"{total} candidate examples written to {args.out} ({per_language})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
