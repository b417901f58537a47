"""A typed pick from the numbered list of offers the bot has just shown: "2", "the second one".

The list comes with a "details" button per offer, but on a cheap phone or in a hurry people
type the number instead ("2", "nr 3", "der zweite", "ikincisi", "دومی"). The NLU finds picks
with a word that makes them one (entity `list_pick`: "number 3", ordinals); a bare number ("2",
"3 please") is one too. Either only while the bot waits for nothing else: after "How old is
your child?" a "2" is an age, and "3 Jahre" never is a pick. The offers are read from the
buttons of the latest list the bot showed in the last few turns, so the pick means what the
user saw.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk import Tracker

from actions.awaiting import awaiting
from actions.base import latest_entity
from actions.formatting import latin_digits

LIST_PICK_ENTITY = "list_pick"
LAST = "last"
# The current message and the two before it: a list, the details of one, then another pick.
LOOK_BACK_TURNS = 3
_OFFER_BUTTON = re.compile(r"^/inform(\{.*\})$")
_NUMBER = re.compile(r"\d{1,2}")
_WORD = re.compile(r"[^\W\d_]+")
# Words that may stand beside a bare number: "3 pls", "2 bitte", "٢ لطفا".
_POLITE = frozenset(
    [
        "please",
        "pls",
        "plz",
        "bitte",
        "lütfen",
        "lutfen",
        "svp",
        "stp",
        "merci",
        "danke",
        "thanks",
        "пожалуйста",
        "pozhalujsta",
        "pozhaluysta",
        "будь",
        "ласка",
        "bud",
        "laska",
        "لطفا",
        "لطفاً",
        "lotfan",
        "من",
        "فضلك",
        "min",
        "fadlak",
        "law",
        "samaht",
    ]
)


def _listed_offers(events: list[dict[str, Any]]) -> list[str]:
    """The offer refs of the details buttons of the latest list the bot showed within the last
    few turns, in list order (list, details of 2, then "and 3?" still picks from the list)."""
    turns = 0
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            turns += 1
            if turns > LOOK_BACK_TURNS:
                return []
            continue
        if kind != "bot":
            continue
        refs = []
        for button in (event.get("data") or {}).get("buttons") or []:
            found = _OFFER_BUTTON.match(str(button.get("payload") or ""))
            if found:
                ref = json.loads(found.group(1)).get("offer_ref")
                if ref:
                    refs.append(str(ref))
        if refs:
            return refs
    return []


def _bare_number(text: str) -> str | None:
    """ "2", "3 pls", "٢": the number of a message of nothing else."""
    digits = latin_digits(text)
    numbers = _NUMBER.findall(digits)
    words = {w.lower() for w in _WORD.findall(digits)}
    if len(numbers) != 1 or not words <= _POLITE or re.search(r"\d{3}", digits):
        return None
    return numbers[0]


def picked_offer(tracker: Tracker) -> str | None:
    """The offer ref the latest message picks from the list shown just before, or None."""
    latest = tracker.latest_message or {}
    if (latest.get("intent") or {}).get("name") != "inform":
        return None
    if awaiting(tracker) is not None:
        return None  # the bot asked something: "2" answers it
    pick = latest_entity(tracker, LIST_PICK_ENTITY) or _bare_number(str(latest.get("text") or ""))
    if pick is None:
        return None
    refs = _listed_offers(list(tracker.events or []))
    if not refs:
        return None
    if pick == LAST:
        return refs[-1]
    # The list is numbered from the page's first offer on ("6." on the second page).
    first = int(tracker.get_slot("results_offset") or 0) + 1
    index = int(pick) - first
    return refs[index] if 0 <= index < len(refs) else None
