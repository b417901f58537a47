"""Checks NLU training/eval files against the contract in nlu/README.md.

Usage: python nlu/check_data.py nlu/data/de/nlu.yml [more files...]
Prints per-intent counts and every problem; exits 1 when a file breaks the contract.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
from nlu import lexicon  # noqa: E402
from nlu.annotations import ANNOTATION, plain_text  # noqa: E402

INTENTS = {
    "greet",
    "goodbye",
    "thank",
    "affirm",
    "deny",
    "bot_challenge",
    "help",
    "change_language",
    "ask_language_course",
    "ask_school",
    "ask_kita",
    "ask_school_to_work",
    "ask_counseling",
    "ask_volunteering",
    "ask_contact",
    "request_human",
    "inform",
    "emergency",
    "out_of_scope",
    "delete_my_data",
}
MUNICIPALITIES = set(lexicon.MUNICIPALITIES)
LEVELS = {"A1", "A2", "B1", "B2", "C1"}
LANGUAGES = set(lexicon.language_codes())  # one lexicon file per supported language


def check_value(entity: str, value: str) -> str | None:
    """Returns a problem description when the value is not canonical."""
    if entity == "municipality" and value not in MUNICIPALITIES:
        return f"municipality value {value!r} is not a canonical name"
    if entity == "child_age" and not (value.isdigit() and 0 <= int(value) <= 18):
        return f"child_age value {value!r} is not an integer 0..18"
    if entity == "course_level" and value not in LEVELS:
        return f"course_level value {value!r} is not one of {sorted(LEVELS)}"
    if entity == "language" and value not in LANGUAGES:
        return f"language value {value!r} is not an ISO code of ours"
    if entity not in {"municipality", "child_age", "course_level", "language"}:
        return f"unknown entity {entity!r}"
    return None


def is_supplement(path: Path) -> bool:
    """A training file beside a language's nlu.yml (nlu/data/<code>/emergency.yml): it adds
    examples of some intents, so only nlu.yml and the evaluation sets must cover them all."""
    return path.parent.parent.name == "data" and path.name != "nlu.yml"


def check_file(path: Path) -> list[str]:
    """Returns the problems of one file and prints its per-intent counts."""
    problems: list[str] = []
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    counts: Counter[str] = Counter()
    seen: set[str] = set()
    for block in doc.get("nlu", []):
        intent = block.get("intent")
        if intent not in INTENTS:
            problems.append(f"{path}: unknown intent {intent!r}")
            continue
        for line in str(block.get("examples", "")).splitlines():
            line = line.strip()
            if not line:
                continue
            if not line.startswith("- "):
                problems.append(f"{path}: {intent}: line does not start with '- ': {line!r}")
                continue
            example = line[2:]
            counts[intent] += 1
            plain = plain_text(example).strip().lower()
            if plain in seen:
                problems.append(f"{path}: {intent}: duplicate example {example!r}")
            seen.add(plain)
            for m in ANNOTATION.finditer(example):
                if m.group("json") is not None:
                    try:
                        spec = json.loads("{" + m.group("json") + "}")
                    except json.JSONDecodeError:
                        problems.append(f"{path}: bad JSON in {m.group(0)!r}")
                        continue
                    entity, value = spec.get("entity", ""), str(spec.get("value", m.group("text")))
                else:
                    entity, value = m.group("name"), m.group("text")
                problem = check_value(entity, value)
                if problem:
                    problems.append(f"{path}: {intent}: {problem} in {example!r}")
    print(f"{path}: {sum(counts.values())} examples")
    for intent in sorted(INTENTS):
        print(f"  {intent:22s} {counts[intent]}")
    missing = INTENTS - set(counts)
    if missing and not is_supplement(path):
        problems.append(f"{path}: intents without examples: {sorted(missing)}")
    return problems


def main(paths: list[str]) -> int:
    problems = [p for path in paths for p in check_file(Path(path))]
    for p in problems:
        print("PROBLEM", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
