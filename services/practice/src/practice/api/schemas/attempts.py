"""Bodies of `/attempts`: coding attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.catalogue.items import PublicCodingProblem
from practice.db.tables import Attempt


class StartAttempt(BaseModel):
    model_config = ConfigDict(extra="forbid")
    problem_id: str = Field(min_length=1, max_length=120)


class SubmitCode(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1)
    language: Literal["python", "javascript", "typescript"]


class AttemptOut(BaseModel):
    id: str
    user_id: str
    problem_id: str
    pattern: str | None
    rung: int | None
    state: str
    hints_used: list[str]
    code_submissions: int
    score: float | None
    started_at: datetime
    completed_at: datetime | None

    @classmethod
    def of(cls, attempt: Attempt) -> AttemptOut:
        return cls.model_validate(attempt, from_attributes=True)


class AttemptWithProblem(BaseModel):
    attempt: AttemptOut
    problem: PublicCodingProblem
    resumed: bool = False
