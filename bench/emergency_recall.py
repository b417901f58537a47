"""Emergency recall per language, and what the safety net costs in false alarms.

Two layers are measured, on every emergency message of these sets:
  lexicon   the phrase lexicon alone (nlu/emergency_lexicon/), no model
  model     the trained NLU as the assistant runs it (classifier + safety net), --model
Sets: bench/emergency_dev/ (the developer's own dev messages, not trained on, not blind),
bench/emergency_dev_blind/ and bench/emergency_dev_blind2/ (dev messages of blind authors, with
near misses; tuned on),
nlu/eval/ (held-out, by another author) and nlu/eval_round2/ when it exists (held-out, blind;
never used to tune the lexicon). Since December 2026 the dev rounds' messages are also training
data (scripts/dev_rounds_to_training.py): the model's recall on them shows fit, not reach; the
held-out sets show reach. False alarms: non-emergency messages of the held-out sets that
the lexicon turns into emergencies.

  .venv/bin/python bench/emergency_recall.py                 # lexicon only, seconds
  .venv-rasa/bin/python bench/emergency_recall.py --model models/ki-assistant.tar.gz
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlu.annotations import plain_text  # noqa: E402
from nlu.emergency_net import emergency_category  # noqa: E402

SETS = {
    "dev": ROOT / "bench" / "emergency_dev",
    # A second author's dev set, written blind (only the intent contract), with near misses
    # (`not_emergency`: "Erste-Hilfe-Kurs", "this course is killing me") for false alarms.
    "dev_blind": ROOT / "bench" / "emergency_dev_blind",
    # A third blind round (December 2026, four authors, two languages each): measured first as it
    # came (how the lexicons generalise to unseen writers), then tuned on like dev_blind.
    "dev_blind2": ROOT / "bench" / "emergency_dev_blind2",
    "eval": ROOT / "nlu" / "eval",
    "eval_round2": ROOT / "nlu" / "eval_round2",
}
# The only sets whose messages may be shown and tuned on.
DEV_SETS = {"dev", "dev_blind", "dev_blind2"}
Message = tuple[str, str, str]  # language, text, intent


def messages_of(directory: Path) -> list[Message]:
    """All messages of a set: <code>.yml at any depth, the file name is the language."""
    out: list[Message] = []
    for path in sorted(directory.rglob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in doc.get("nlu") or []:
            for line in str(block.get("examples", "")).splitlines():
                line = line.strip()
                if line.startswith("- "):
                    out.append((path.stem, plain_text(line[2:]), str(block.get("intent"))))
    return out


def model_parser(model: Path):  # noqa: ANN201 (a Rasa type, imported only in its environment)
    """A function text -> intent with the model loaded once (Rasa only in .venv-rasa)."""
    import logging

    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    # Rasa's structured debug log prints every parsed text: a held-out set must stay unread.
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.disable(logging.INFO)
    loop = asyncio.new_event_loop()

    def intent_of(text: str) -> str:
        result = loop.run_until_complete(agent.parse_message(text))
        return (result.get("intent") or {}).get("name") or ""

    return intent_of


def table(title: str, hits: dict[str, list[bool]]) -> dict[str, dict[str, float]]:
    print(f"\n{title}")
    rows = {}
    for lang in [*sorted(k for k in hits if k != "all"), "all"]:
        got = hits.get(lang, [])
        if not got:
            continue
        rows[lang] = {"n": len(got), "recall": sum(got) / len(got)}
        print(f"  {lang:5} {len(got):4d} {sum(got) / len(got):.3f}")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, help="a trained model (run in .venv-rasa)")
    parser.add_argument("--show-misses", action="store_true", help="print missed dev messages")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    figures: dict[str, object] = {}
    intent_of = model_parser(args.model) if args.model else None
    for name, directory in SETS.items():
        if not directory.exists():
            print(f"\n{name}: {directory.relative_to(ROOT)} does not exist yet")
            continue
        messages = messages_of(directory)
        emergencies = [m for m in messages if m[2] == "emergency"]
        lexicon: dict[str, list[bool]] = defaultdict(list)
        for lang, text, _ in emergencies:
            hit = emergency_category(text) is not None
            lexicon[lang].append(hit)
            lexicon["all"].append(hit)
            if not hit and args.show_misses and name in DEV_SETS:
                print(f"  missed by the lexicon ({lang}): {text}")
        figures[f"{name}/lexicon"] = table(f"{name}: emergency recall, lexicon alone", lexicon)
        others = [m for m in messages if m[2] != "emergency"]
        alarms = sum(emergency_category(t) is not None for _, t, _ in others)
        if args.show_misses and name in DEV_SETS:
            for lang, text, _ in others:
                if emergency_category(text) is not None:
                    print(f"  false alarm ({lang}): {text}")
        if others:
            print(f"  false alarms of the lexicon: {alarms}/{len(others)} non-emergency messages")
            figures[f"{name}/false_alarms"] = {"n": len(others), "alarms": alarms}
        if intent_of is not None:
            intents = [intent_of(t) for _, t, _ in emergencies]
            model: dict[str, list[bool]] = defaultdict(list)
            for (lang, _, _), intent in zip(emergencies, intents, strict=True):
                model[lang].append(intent == "emergency")
                model["all"].append(intent == "emergency")
            figures[f"{name}/model"] = table(f"{name}: emergency recall, whole NLU", model)
            if others:
                model_alarms = sum(intent_of(t) == "emergency" for _, t, _ in others)
                print(f"  false alarms of the whole NLU: {model_alarms}/{len(others)}")
                figures[f"{name}/model_false_alarms"] = {"n": len(others), "alarms": model_alarms}
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
