"""The report's figures from the weekly counts, with small counts suppressed.

Every count shown is either 0 or at least `MIN_CELL`; a smaller one is shown as "< 3", so a
single conversation cannot be picked out of a (week, topic, town, language) cell. Rates and
totals are computed from the exact counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from demand_report.aggregate import NONE, Cell, Metric

MIN_CELL = 3
K = TypeVar("K")


@dataclass(frozen=True)
class Figures:
    """What the report shows (exact counts; `shown` suppresses small ones)."""

    since: str | None
    weeks: list[str]
    turns: int
    questions: int
    questions_by_week: dict[str, int]
    questions_by_topic: Counter[str]
    questions_by_town: Counter[str]
    questions_by_language: Counter[str]
    topic_by_town: Counter[tuple[str, str]]
    searches: int
    no_offer: Counter[tuple[str, str]]  # (topic, town) -> searches without any offer
    unanswered: int
    unanswered_by_week: dict[str, tuple[int, int]]  # week -> (unanswered, turns)
    handoffs: int
    handoffs_by_town: Counter[str]
    feedback_up: int
    feedback_down: int

    @property
    def unanswered_rate(self) -> float | None:
        return self.unanswered / self.turns if self.turns else None

    @property
    def feedback_score(self) -> float | None:
        """The share of 👍 among all 👍/👎 (None without feedback)."""
        total = self.feedback_up + self.feedback_down
        return self.feedback_up / total if total else None


def shown(n: int) -> str:
    """A count as the report may show it."""
    return "< 3" if 0 < n < MIN_CELL else str(n)


def _sum(counts: Counter[Cell], metric: Metric, key: Callable[[Cell], K]) -> Counter[K]:
    out: Counter[K] = Counter()
    for cell, n in counts.items():
        if cell.metric == metric:
            out[key(cell)] += n
    return out


def _town(cell: Cell) -> str:
    return cell.municipality or NONE


def _weeks(counts: Iterable[Cell]) -> list[str]:
    return sorted({c.week for c in counts})


def figures(counts: Counter[Cell], since: dt.date | None = None) -> Figures:
    """The figures of the weeks from `since` (the week containing it) on."""
    if since is not None:
        first = (since - dt.timedelta(days=since.weekday())).isoformat()
        counts = Counter({c: n for c, n in counts.items() if c.week >= first})
    weeks = _weeks(counts)
    by_week = _sum(counts, Metric.QUESTION, lambda c: c.week)
    turns_by_week = _sum(counts, Metric.TURN, lambda c: c.week)
    unanswered_by_week = _sum(counts, Metric.UNANSWERED, lambda c: c.week)
    return Figures(
        since=since.isoformat() if since else None,
        weeks=weeks,
        turns=sum(turns_by_week.values()),
        questions=sum(by_week.values()),
        questions_by_week={w: by_week.get(w, 0) for w in weeks},
        questions_by_topic=_sum(counts, Metric.QUESTION, lambda c: c.topic),
        questions_by_town=_sum(counts, Metric.QUESTION, _town),
        questions_by_language=_sum(counts, Metric.QUESTION, lambda c: c.language),
        topic_by_town=_sum(counts, Metric.QUESTION, lambda c: (c.topic, c.municipality)),
        searches=sum(_sum(counts, Metric.SEARCH, lambda c: c.week).values()),
        no_offer=_sum(counts, Metric.NO_OFFER, lambda c: (c.topic, c.municipality)),
        unanswered=sum(unanswered_by_week.values()),
        unanswered_by_week={
            w: (unanswered_by_week.get(w, 0), turns_by_week.get(w, 0)) for w in weeks
        },
        handoffs=sum(_sum(counts, Metric.HANDOFF, lambda c: c.week).values()),
        handoffs_by_town=_sum(counts, Metric.HANDOFF, _town),
        feedback_up=sum(_sum(counts, Metric.FEEDBACK_UP, lambda c: c.week).values()),
        feedback_down=sum(_sum(counts, Metric.FEEDBACK_DOWN, lambda c: c.week).values()),
    )
