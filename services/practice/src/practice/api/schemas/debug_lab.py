"""Bodies of `/debug-lab`: triage, test runs and fixes of a broken project."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from contracts.catalogue.items import PublicDebugLabItem
from contracts.debug_lab import DefectCategory, Priority, Severity
from practice.api.schemas.submissions import SubmissionOut
from practice.db.tables import DebugLabAttempt


class StartDebugLab(BaseModel):
    model_config = ConfigDict(extra="forbid")
    item_id: str = Field(min_length=1, max_length=120)


class Triage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    category: DefectCategory
    severity: Severity
    priority: Priority
    first_actions: str = Field(min_length=10, max_length=5000)


# The route checks the bytes of all files against `max_project_bytes` (413).
FilePath = Annotated[str, Field(min_length=1, max_length=255)]


class RunTests(BaseModel):
    model_config = ConfigDict(extra="forbid")
    files: dict[FilePath, str] = Field(
        max_length=100, description="path -> new content, editable files only"
    )

    def size(self) -> int:
        return sum(len(path.encode()) + len(text.encode()) for path, text in self.files.items())


class SubmitFix(RunTests):
    explanation: str = Field(min_length=10, max_length=20_000)


class DebugLabAttemptOut(BaseModel):
    id: str
    user_id: str
    item_id: str
    status: str
    triage_answers: dict[str, Any] | None
    triage_submission_id: str | None
    triage_score: float | None
    triage_feedback: dict[str, Any] | None
    explanation: str | None
    last_submission_id: str | None
    execution_result: dict[str, Any] | None
    hidden_result: dict[str, Any] | None
    test_run_count: int
    submission_count: int
    taxonomy: dict[str, Any] | None
    solution_explanation: str | None  # once passed, or after three fixes
    started_at: datetime
    completed_at: datetime | None

    @classmethod
    def of(cls, attempt: DebugLabAttempt) -> DebugLabAttemptOut:
        return cls.model_validate(attempt, from_attributes=True)


class NextDebugLab(BaseModel):
    item: PublicDebugLabItem
    reason: str


class DebugLabAttemptWithItem(BaseModel):
    attempt: DebugLabAttemptOut
    item: PublicDebugLabItem  # the taxonomy is on the attempt, once triaged


class DebugLabSubmitted(BaseModel):
    attempt: DebugLabAttemptOut
    submission: SubmissionOut
