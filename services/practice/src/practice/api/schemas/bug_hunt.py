"""Bodies of `/bug-hunt/attempts`: finding and explaining the bug in a piece of code."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from contracts.catalogue.items import PublicBugHuntItem
from practice.api.schemas.submissions import SubmissionOut
from practice.db.tables import BugHuntAttempt


class StartBugHunt(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item_id: str = Field(min_length=1, max_length=120)


class SubmitBugHunt(BaseModel):
    model_config = ConfigDict(extra="forbid")
    selected_lines: list[Annotated[int, Field(ge=1)]] = Field(min_length=1, max_length=50)
    explanation: str = Field(min_length=1, max_length=5000)


class BugHuntAttemptOut(BaseModel):
    id: str
    user_id: str
    item_id: str
    attempt_number: int
    status: str
    selected_lines: list[int] | None
    explanation: str | None
    submission_id: str | None
    result: str | None
    score: float | None
    validation: dict[str, Any] | None
    solution_explanation: str | None  # shown on CORRECT or PARTIAL
    hint: str | None  # shown on INCORRECT, first attempt only
    started_at: datetime
    submitted_at: datetime | None
    completed_at: datetime | None

    @classmethod
    def of(cls, attempt: BugHuntAttempt) -> BugHuntAttemptOut:
        return cls.model_validate(attempt, from_attributes=True)


class BugHuntAttemptWithItem(BaseModel):
    attempt: BugHuntAttemptOut
    item: PublicBugHuntItem  # the hint is on the attempt, after a first miss


class BugHuntSubmitted(BaseModel):
    attempt: BugHuntAttemptOut
    submission: SubmissionOut
