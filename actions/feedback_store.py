"""Where the action server keeps feedback and unanswered questions: the staff desk's tables.

One engine per process, made on first use; the desk's migrations run once before the first
write (idempotent, serialised by the database), so a fresh installation needs no extra step.
A database failure is logged and swallowed by the caller: feedback must never cost an answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from staff_desk.engine import make_engine, make_session_factory
from staff_desk.migrate import upgrade_engine
from staff_desk.models import Feedback, UnansweredQuestion
from staff_desk.vocabulary import SCORE_VALUES, Score


@lru_cache(maxsize=1)
def _factory() -> sessionmaker[Session]:
    engine = make_engine()
    upgrade_engine(engine)
    return make_session_factory(engine)


@contextmanager
def desk_session() -> Iterator[Session]:
    """A session on the staff desk's database that commits at the end of the block."""
    with _factory()() as session, session.begin():
        yield session


@dataclass(frozen=True)
class AnswerContext:
    """What an answer was about; stored with feedback and unanswered questions."""

    intent: str | None
    language: str
    municipality: str | None


def record_score(sender: str, score: Score, about: AnswerContext) -> None:
    """A 👍 or 👎 on the last answer of conversation `sender`."""
    with desk_session() as session:
        session.add(
            Feedback(
                sender=sender,
                intent=about.intent,
                language=about.language,
                municipality=about.municipality,
                score=SCORE_VALUES[score],
            )
        )


def _latest_down(session: Session, sender: str) -> Feedback | None:
    query = (
        select(Feedback)
        .where(Feedback.sender == sender, Feedback.score == SCORE_VALUES[Score.DOWN])
        .order_by(Feedback.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def record_reason(sender: str, reason: str) -> bool:
    """What was missing, on the conversation's latest 👎; False when there is none."""
    with desk_session() as session:
        feedback = _latest_down(session, sender)
        if feedback is None:
            return False
        feedback.reason = reason
        return True


def record_text(sender: str, text: str) -> bool:
    """The user's own words on their latest 👎 (they agreed before writing them)."""
    with desk_session() as session:
        feedback = _latest_down(session, sender)
        if feedback is None:
            return False
        feedback.text = text
        return True


def record_unanswered(
    about: AnswerContext, source: str, confidence: float | None = None, text: str | None = None
) -> None:
    """A question the assistant could not answer: no sender, the text only with consent."""
    with desk_session() as session:
        session.add(
            UnansweredQuestion(
                language=about.language,
                intent_guess=about.intent,
                confidence=confidence,
                municipality=about.municipality,
                source=source,
                text=text,
            )
        )
