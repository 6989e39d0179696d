"""Bodies of `/skills` and `/problems/next`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from pydantic import BaseModel

from contracts.catalogue.items import PublicCodingProblem
from practice.services.skills import SkillMatrix


class SkillOut(BaseModel):
    pattern: str
    rung: int
    score: float
    attempts_count: int
    last_attempt_at: datetime
    unlocked_at: datetime | None


class UnlockedRung(BaseModel):
    pattern: str
    rung: int
    score: float  # of the rung below, which unlocked it


class RecommendedNext(BaseModel):
    pattern: str
    rung: int
    reason: str


class ReviewOut(BaseModel):
    """When a mastered pattern is due for review (spaced repetition)."""

    pattern: str
    stability_days: float
    last_reviewed_at: datetime
    due_at: datetime


class SkillMatrixOut(BaseModel):
    skills: list[SkillOut]
    unlocked_rungs: list[UnlockedRung]
    recommended_next: RecommendedNext
    reviews: list[ReviewOut]

    @classmethod
    def of(cls, matrix: SkillMatrix) -> SkillMatrixOut:
        return cls(
            skills=[SkillOut(**asdict(s)) for s in matrix.skills],
            unlocked_rungs=[
                UnlockedRung(pattern=p, rung=r, score=s) for p, r, s in matrix.unlocked_rungs
            ],
            recommended_next=RecommendedNext(**asdict(matrix.recommended_next)),
            reviews=[ReviewOut(**asdict(r)) for r in matrix.reviews],
        )


class NextProblem(BaseModel):
    problem: PublicCodingProblem
    reason: str
