"""Reply in the asker's language, end to end: real Rasa server, action server, seeded database.

For every held-out message (the gold language is its file's, as in bench/language_id.py) it
reads the language of the answer from the `turn` message that closes every answer
(contract/messages.py), in two situations:
  first     the message opens a new conversation (no channel hint)
  follow-up the message follows the previous held-out message of the same language in one
            conversation (the conversation already has the asker's language, or should have)
A message that switches to the wrong language, or a short reply that loses the conversation's
language, counts as a miss. Requests for another language (change_language) are left out.

Run (the model must be trained: scripts/train.sh):
  .venv/bin/python bench/reply_language_e2e.py [--sets eval_round2] [--every N] [--json F]
  .venv/bin/python bench/reply_language_e2e.py --sets bench/language_dev_blind2 --show-misses
(--every 3 takes every third message, spread over all files: about 12 minutes on a loaded host)
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import tempfile
import uuid
from collections import defaultdict
from pathlib import Path

import httpx
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contract.messages import LANGUAGE_KEY, TYPE_KEY, PayloadType  # noqa: E402
from deploy.processes import running_assistant  # noqa: E402
from tests.running_assistant import seed_database  # noqa: E402

_ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\{[^}]*\}|\([^)]+\))")
CODES = ("ar", "de", "en", "fa", "fr", "ru", "tr", "uk")
# "Can we speak Arabic?" in the English file is rightly answered in Arabic, and the choice then
# holds for the conversation: such messages measure the language switch, not this.
EXCLUDED_INTENTS = {"change_language"}


def load(folder: Path) -> list[tuple[str, str, str]]:
    """(language, group, text) of every message of a held-out folder."""
    out = []
    for path in sorted(folder.rglob("*.yml")):
        if path.stem not in CODES:
            continue
        group = "/".join(path.parent.relative_to(folder).parts) or "main"
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in doc.get("nlu") or []:
            if block.get("intent") in EXCLUDED_INTENTS:
                continue
            for line in str(block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    out.append((path.stem, group, _ANNOTATION.sub(r"\g<text>", line[2:])))
    return out


def set_folder(name: str) -> Path:
    """nlu/<name> (eval_round2), or a folder of the repository (bench/language_dev_blind2)."""
    return ROOT / name if "/" in name else ROOT / "nlu" / name


def _is_held_out(folder: Path) -> bool:
    return folder.resolve().is_relative_to((ROOT / "nlu").resolve())


def reply_language(client: httpx.Client, url: str, sender: str, text: str) -> str | None:
    r = client.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text})
    r.raise_for_status()
    turns = [
        m["custom"]
        for m in r.json()
        if isinstance(m.get("custom"), dict) and m["custom"].get(TYPE_KEY) == PayloadType.TURN
    ]
    return turns[-1].get(LANGUAGE_KEY) if turns else None


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sets", nargs="*", default=["eval_round2"])
    parser.add_argument("--every", type=int, default=1, help="take every N-th message")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--show-misses",
        action="store_true",
        help="print the missed messages of dev sets (bench/...); never those of a held-out set",
    )
    args = parser.parse_args()
    # Stopped from outside, still stop the servers (the context manager's clean-up).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    messages = []
    for name in args.sets:
        messages += load(set_folder(name))[:: args.every]
    show = args.show_misses and all(not _is_held_out(set_folder(n)) for n in args.sets)
    if args.show_misses and not show:
        print("--show-misses is for dev sets only: a held-out set's messages stay unread")
    hits: dict[str, dict[str, list[bool]]] = {"first": defaultdict(list), "follow-up": {}}
    hits["follow-up"] = defaultdict(list)
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite:///{Path(tmp) / 'offers.sqlite3'}"
        seed_database(database_url)
        with (
            running_assistant(database_url, Path(tmp) / "logs") as running,
            httpx.Client(timeout=60) as client,
        ):
            previous: dict[str, str] = {}
            for i, (language, _group, text) in enumerate(messages):
                first = reply_language(client, running.rasa_url, uuid.uuid4().hex, text)
                hits["first"][language].append(first == language)
                if show and first != language:
                    print(f"  first: {language} -> {first} | {text}")
                if language in previous:
                    sender = uuid.uuid4().hex
                    reply_language(client, running.rasa_url, sender, previous[language])
                    follow = reply_language(client, running.rasa_url, sender, text)
                    hits["follow-up"][language].append(follow == language)
                    if show and follow != language:
                        before = previous[language]
                        print(f"  follow-up: {language} -> {follow} | {before} / {text}")
                previous[language] = text
                if (i + 1) % 200 == 0:
                    print(f"{i + 1}/{len(messages)} messages", flush=True)
    figures: dict = {}
    print(f"\nreply in the asker's language ({', '.join(args.sets)}, {len(messages)} messages)")
    print(f"{'situation':10} " + " ".join(f"{c:>6}" for c in CODES) + f" {'all':>6}")
    for situation, by_language in hits.items():
        every = [h for c in CODES for h in by_language.get(c, [])]
        row = {c: sum(by_language[c]) / len(by_language[c]) for c in CODES if by_language.get(c)}
        row["all"] = sum(every) / max(1, len(every))
        figures[situation] = row
        print(f"{situation:10} " + " ".join(f"{row.get(c, 0):6.3f}" for c in [*CODES, "all"]))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
