"""Pattern-level spaced repetition: an FSRS-style stability per mastered pattern.

The stability (days) starts at one and grows by GROWTH with each unaided success (no
hint, score at least the unlock threshold); any other completion halves it (never below
one day). A pattern is due for review STABILITY days after its last completed attempt.
Folded from the attempts themselves, so reading it twice gives the same answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from practice.domain.skills import UNLOCK_SCORE

FIRST_STABILITY_DAYS = 1.0
GROWTH = 2.5


@dataclass(frozen=True)
class Completion:
    pattern: str
    completed_at: datetime
    score: float
    hints_used: int


@dataclass(frozen=True)
class Review:
    pattern: str
    stability_days: float
    last_reviewed_at: datetime
    due_at: datetime


def reviews(completions: Iterable[Completion], mastered: set[str]) -> list[Review]:
    """The schedule of every mastered pattern, from its completions oldest first."""
    stability: dict[str, float] = {}
    last: dict[str, datetime] = {}
    for done in sorted(completions, key=lambda c: c.completed_at):
        if done.pattern not in mastered:
            continue
        current = stability.get(done.pattern)
        unaided = done.hints_used == 0 and done.score >= UNLOCK_SCORE
        if current is None:
            current = FIRST_STABILITY_DAYS
        elif unaided:
            current *= GROWTH
        else:
            current = max(FIRST_STABILITY_DAYS, current / 2)
        stability[done.pattern], last[done.pattern] = current, done.completed_at
    return [
        Review(p, round(s, 2), last[p], last[p] + timedelta(days=s))
        for p, s in sorted(stability.items())
    ]


def due(schedule: Iterable[Review], now: datetime) -> list[Review]:
    """Reviews whose time has come, the longest overdue first."""
    return sorted((r for r in schedule if r.due_at <= now), key=lambda r: r.due_at)
