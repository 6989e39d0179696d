"""Bodies of the learner's drill flow."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from practice.db.progress_tables import DrillAnswer
from practice.domain.drills import DrillStats, Grade, Tally


class AnswerDrill(BaseModel):
    model_config = ConfigDict(extra="forbid")
    drill_id: str = Field(min_length=1, max_length=120)
    user_answer: str = Field(min_length=1, max_length=10_000)


class DrillResult(BaseModel):
    id: str
    drill_id: str
    is_correct: bool
    explanation: str
    user_answer: str
    correct_answer: str
    submitted_at: datetime

    @classmethod
    def of(cls, answer: DrillAnswer, result: Grade) -> DrillResult:
        return cls(
            id=answer.id,
            drill_id=answer.drill_id,
            is_correct=result.is_correct,
            explanation=result.explanation,
            user_answer=answer.user_answer,
            correct_answer=result.correct_answer,
            submitted_at=answer.answered_at,
        )


class DrillHistoryEntry(BaseModel):
    id: str
    drill_id: str
    drill_title: str
    drill_type: str
    user_answer: str
    is_correct: bool
    submitted_at: datetime

    @classmethod
    def of(cls, answer: DrillAnswer) -> DrillHistoryEntry:
        return cls.model_validate(
            {**answer.model_dump(), "submitted_at": answer.answered_at}, from_attributes=False
        )


class TypeStats(BaseModel):
    attempted: int
    correct: int
    accuracy: float  # percent

    @classmethod
    def of(cls, tally: Tally) -> TypeStats:
        return cls(attempted=tally.attempted, correct=tally.correct, accuracy=tally.accuracy)


class DrillStatsOut(BaseModel):
    total_attempted: int
    total_correct: int
    accuracy: float
    by_type: dict[str, TypeStats]

    @classmethod
    def of(cls, stats: DrillStats) -> DrillStatsOut:
        return cls(
            total_attempted=stats.total.attempted,
            total_correct=stats.total.correct,
            accuracy=stats.total.accuracy,
            by_type={name: TypeStats.of(tally) for name, tally in sorted(stats.by_type.items())},
        )
