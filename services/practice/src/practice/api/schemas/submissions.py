"""Bodies of `/submissions`: everything sent for evaluation, with its result once in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from practice.db.tables import Submission
from practice.domain.submissions import visible_results


class SubmissionSummary(BaseModel):
    passed: bool
    tests_passed: int
    tests_total: int


class SubmissionOut(BaseModel):
    id: str
    attempt_id: str  # the coding attempt, response, design session or bug-hunt/debug-lab attempt
    user_id: str
    problem_id: str
    type: str
    language: str
    code: str
    answer: dict[str, Any] | None
    status: str
    verdict: str | None
    summary: SubmissionSummary | None
    test_results: list[dict[str, Any]]
    explanation: str | None
    score: float | None
    score_breakdown: dict[str, float] | None
    feedback: dict[str, Any] | None
    created_at: datetime
    evaluated_at: datetime | None

    @classmethod
    def of(cls, submission: Submission) -> SubmissionOut:
        out = cls.model_validate(submission, from_attributes=True)
        out.test_results = visible_results(submission.test_results)
        return out


class SubmissionEnvelope(BaseModel):
    submission: SubmissionOut
