"""Drill rules: grading an answer and the learner's accuracy by drill type."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from contracts.catalogue import Drill

HISTORY_SIZE = 50


@dataclass(frozen=True)
class Grade:
    is_correct: bool
    correct_answer: str
    explanation: str


def grade(drill: Drill, user_answer: str) -> Grade:
    """Exact match on the option's text, ignoring surrounding whitespace."""
    return Grade(
        is_correct=user_answer.strip() == drill.correct_answer.strip(),
        correct_answer=drill.correct_answer,
        explanation=drill.explanation,
    )


def accuracy(correct: int, attempted: int) -> float:
    """Percent correct, two decimals; 0 before any answer."""
    return round(100 * correct / attempted, 2) if attempted else 0.0


@dataclass
class Tally:
    attempted: int = 0
    correct: int = 0

    @property
    def accuracy(self) -> float:
        return accuracy(self.correct, self.attempted)


@dataclass
class DrillStats:
    total: Tally = field(default_factory=Tally)
    by_type: dict[str, Tally] = field(default_factory=dict)


def drill_stats(answers: Iterable[tuple[str, bool]]) -> DrillStats:
    """Totals and per-type tallies from (drill_type, is_correct) pairs."""
    stats = DrillStats()
    for drill_type, is_correct in answers:
        for tally in (stats.total, stats.by_type.setdefault(drill_type, Tally())):
            tally.attempted += 1
            tally.correct += int(is_correct)
    return stats
