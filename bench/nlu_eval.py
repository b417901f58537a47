"""Per-language NLU quality: intent accuracy / macro F1 and entity F1, printed as a table.

Two measurements, both per language:
  held-out  train on all of nlu/data, test on each held-out set (nlu/eval, nlu/eval_round2:
            written by other authors, never trained on); a set's sub-folders (general/,
            emergency/) are also reported on their own, with the emergency recall
  cv        k-fold cross-validation on nlu/data (stratified by language and intent)
Entities are compared as (entity, value) pairs per message, since the values are canonical.

Run in the Rasa environment:
  .venv-rasa/bin/python bench/nlu_eval.py [--folds 5] [--skip-cv] [--model PATH]
(--model parses with an already trained model, e.g. models/ki-assistant.tar.gz, instead of
training one; then without CV.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rasa.core.agent import Agent  # noqa: E402
from rasa.model_training import train_nlu  # noqa: E402
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter  # noqa: E402
from rasa.shared.nlu.training_data.loading import load_data  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402

logging.getLogger().setLevel(logging.ERROR)
Example = tuple[str, str, str, frozenset[tuple[str, str]]]  # language, text, intent, entities


def examples_of(path: Path, language: str) -> list[Example]:
    data = load_data(str(path))
    out = []
    for m in data.intent_examples:
        ents = frozenset((e["entity"], str(e.get("value", ""))) for e in m.get("entities") or [])
        out.append((language, m.get("text"), m.get("intent"), ents))
    return out


def load_training(directory: Path) -> list[Example]:
    """Training examples of nlu/data/<code>/*.yml; the folder is the language."""
    out: list[Example] = []
    for d in sorted(p for p in directory.iterdir() if p.is_dir()):
        for f in sorted(d.glob("*.yml")):
            out += examples_of(f, d.name)
    return out


def load_groups(directory: Path) -> list[tuple[str, Example]]:
    """(group, example) of a held-out set: <code>.yml files at the top ("main") and in
    sub-folders, whose name is the group ("general", "emergency")."""
    out: list[tuple[str, Example]] = []
    for f in sorted(directory.rglob("*.yml")):
        group = "/".join(f.parent.relative_to(directory).parts) or "main"
        out += [(group, ex) for ex in examples_of(f, f.stem)]
    return out


def write_training_file(examples: list[Example], path: Path) -> None:
    messages = []
    for _, text, intent, _ in examples:
        messages.append(Message.build(text=text, intent=intent))
    RasaYAMLWriter().dump(str(path), TrainingData(training_examples=messages))


def train(examples_file: Path, out_dir: Path) -> tuple[Path, float]:
    start = time.perf_counter()
    model = train_nlu(
        str(ROOT / "config.yml"), str(examples_file), str(out_dir), fixed_model_name="nlu"
    )
    return Path(model), time.perf_counter() - start


# What the assistant did with one message: the intent it acted on (nlu_fallback when unsure),
# the entities, the classifier's top intent before the fallback, and the top 3 it would offer
# as "did you mean" buttons.
Prediction = tuple[str, frozenset[tuple[str, str]], str, tuple[str, ...]]


async def predict(model: Path, examples: list[Example]) -> list[Prediction]:
    agent = Agent.load(str(model))
    out = []
    for _, text, _, _ in examples:
        result = await agent.parse_message(text)
        ents = frozenset((e["entity"], str(e.get("value"))) for e in result.get("entities") or [])
        ranking = [
            r["name"] for r in result.get("intent_ranking") or [] if r["name"] != "nlu_fallback"
        ]
        acted = (result.get("intent") or {}).get("name") or ""
        out.append((acted, ents, ranking[0] if ranking else acted, tuple(ranking[:3])))
    return out


def macro_f1(gold: list[str], pred: list[str]) -> float:
    labels = set(gold)
    f1s = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label and g != label for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, pred, strict=True))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1s.append(2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0


def entity_f1(gold: list[frozenset], pred: list[frozenset], kinds: set[str]) -> tuple[float, int]:
    """Micro F1 over (entity, value) pairs of the contract's entities; also the gold count."""
    tp = fp = fn = 0
    for g, p in zip(gold, pred, strict=True):
        g = {x for x in g if x[0] in kinds}
        p = {x for x in p if x[0] in kinds}
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return (2 * prec * rec / (prec + rec) if prec + rec else 0.0), tp + fn


def report(
    title: str,
    examples: list[Example],
    preds: list[Prediction],
    errors_file: Path | None,
) -> dict:
    by_lang: dict[str, list[int]] = defaultdict(list)
    for i, ex in enumerate(examples):
        by_lang[ex[0]].append(i)
    kinds = {"municipality", "child_age", "course_level", "language"}
    print(f"\n== {title} ==")
    print(
        "answered = right intent acted on (a fallback counts as a miss); top-1 = the classifier's"
        " best guess before the fallback;\nfallback = share sent to 'did you mean'; offered ="
        " share of fallbacks whose buttons include the right intent"
    )
    print(
        f"{'lang':5} {'n':>5} {'answered':>9} {'top-1':>6} {'intent F1':>9} {'fallback':>8}"
        f" {'offered':>7} {'entity F1':>9} {'ent n':>6}  municipality F1"
    )
    table = {}
    for lang in sorted(by_lang) + ["all"]:
        idx = by_lang[lang] if lang != "all" else list(range(len(examples)))
        gold_i = [examples[i][2] for i in idx]
        pred_i = [preds[i][0] for i in idx]
        acc = sum(g == p for g, p in zip(gold_i, pred_i, strict=True)) / len(idx)
        top1 = sum(examples[i][2] == preds[i][2] for i in idx) / len(idx)
        fallbacks = [i for i in idx if preds[i][0] == "nlu_fallback"]
        offered = sum(examples[i][2] in preds[i][3] for i in fallbacks) / max(1, len(fallbacks))
        f1 = macro_f1(gold_i, pred_i)
        ef1, en = entity_f1([examples[i][3] for i in idx], [preds[i][1] for i in idx], kinds)
        mf1, _ = entity_f1(
            [examples[i][3] for i in idx], [preds[i][1] for i in idx], {"municipality"}
        )
        table[lang] = {
            "n": len(idx),
            "intent_accuracy": acc,
            "intent_top1_accuracy": top1,
            "fallback_share": len(fallbacks) / len(idx),
            "fallback_offers_right_intent": offered,
            "intent_f1": f1,
            "entity_f1": ef1,
            "municipality_f1": mf1,
        }
        share = len(fallbacks) / len(idx)
        print(
            f"{lang:5} {len(idx):5d} {acc:9.3f} {top1:6.3f} {f1:9.3f} {share:8.3f}"
            f" {offered:7.3f} {ef1:9.3f} {en:6d}  {mf1:.3f}"
        )
    if errors_file:
        with errors_file.open("w", encoding="utf-8") as fh:
            for ex, (pi, pe, _, _) in zip(examples, preds, strict=True):
                if ex[2] != pi or {x for x in ex[3] if x[0] in kinds} != {
                    x for x in pe if x[0] in kinds
                }:
                    fh.write(
                        json.dumps(
                            {
                                "lang": ex[0],
                                "text": ex[1],
                                "gold": ex[2],
                                "pred": pi,
                                "gold_entities": sorted(ex[3]),
                                "pred_entities": sorted(pe),
                            },
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
    return table


def emergency_recall(examples: list[Example], preds: list[Prediction]) -> dict:
    """Share of emergency messages acted on as emergencies, per language: a miss is a person in
    danger who got no 112; a false alarm costs little, so precision is not the goal here."""
    print("\nemergency recall (acted on as emergency / emergency messages)")
    by_lang: dict[str, list[bool]] = defaultdict(list)
    for ex, p in zip(examples, preds, strict=True):
        if ex[2] == "emergency":
            by_lang[ex[0]].append(p[0] == "emergency")
            by_lang["all"].append(p[0] == "emergency")
    table = {}
    for lang in sorted(k for k in by_lang if k != "all") + ["all"]:
        hits = by_lang[lang]
        table[lang] = {"n": len(hits), "recall": sum(hits) / len(hits)}
        print(f"  {lang:5} {len(hits):4d} {sum(hits) / len(hits):.3f}")
    return table


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--skip-cv", action="store_true")
    parser.add_argument("--errors", type=Path, default=ROOT / "var" / "nlu_errors.jsonl")
    parser.add_argument("--json", type=Path, default=None, help="write the figures as JSON")
    parser.add_argument(
        "--sets", nargs="*", default=["eval", "eval_round2"], help="held-out folders in nlu/"
    )
    parser.add_argument("--model", type=Path, default=None, help="a trained model to parse with")
    args = parser.parse_args()
    args.errors.parent.mkdir(parents=True, exist_ok=True)

    train_set = load_training(ROOT / "nlu" / "data")
    sets = {name: load_groups(ROOT / "nlu" / name) for name in args.sets}
    sets = {name: groups for name, groups in sets.items() if groups}
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        if args.model:
            model = args.model
            args.skip_cv = True
        else:
            full = tmpdir / "full.yml"
            write_training_file(train_set, full)
            model, seconds = train(full, tmpdir / "m_full")
            print(f"trained NLU on {len(train_set)} examples in {seconds:.1f} s")
            results["training_seconds"] = seconds
        for name, grouped in sets.items():
            eval_set = [ex for _, ex in grouped]
            start = time.perf_counter()
            preds = asyncio.run(predict(model, eval_set))
            per_msg = (time.perf_counter() - start) / max(1, len(eval_set)) * 1000
            print(f"\nparsed {len(eval_set)} messages of nlu/{name}, {per_msg:.1f} ms per message")
            errors = args.errors.with_name(f"{args.errors.stem}_{name}{args.errors.suffix}")
            results[name] = report(
                f"held-out evaluation (nlu/{name}, never trained on)", eval_set, preds, errors
            )
            groups = sorted({g for g, _ in grouped})
            for group in groups if len(groups) > 1 else []:
                idx = [i for i, (g, _) in enumerate(grouped) if g == group]
                results[f"{name}/{group}"] = report(
                    f"nlu/{name}, {group} messages",
                    [eval_set[i] for i in idx],
                    [preds[i] for i in idx],
                    None,
                )
            results[f"{name} emergency recall"] = emergency_recall(eval_set, preds)

        if not args.skip_cv:
            rng = random.Random(7)
            strata: dict[tuple[str, str], list[int]] = defaultdict(list)
            for i, ex in enumerate(train_set):
                strata[(ex[0], ex[2])].append(i)
            fold_of = {}
            for idx in strata.values():
                rng.shuffle(idx)
                for k, i in enumerate(idx):
                    fold_of[i] = k % args.folds
            cv_preds: list = [None] * len(train_set)
            for k in range(args.folds):
                train_k = [ex for i, ex in enumerate(train_set) if fold_of[i] != k]
                test_idx = [i for i in range(len(train_set)) if fold_of[i] == k]
                f = tmpdir / f"fold{k}.yml"
                write_training_file(train_k, f)
                model_k, _ = train(f, tmpdir / f"m{k}")
                fold_preds = asyncio.run(predict(model_k, [train_set[i] for i in test_idx]))
                for i, p in zip(test_idx, fold_preds, strict=True):
                    cv_preds[i] = p
                print(f"fold {k + 1}/{args.folds} done")
            results["cross_validation"] = report(
                f"{args.folds}-fold cross-validation on nlu/data", train_set, cv_preds, None
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nmisclassified held-out messages: {args.errors.parent}/{args.errors.stem}_*.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
