"""Request and response bodies of practice's routes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from practice.db.tables import Attempt, ContentView, Submission
from practice.domain.submissions import visible_results


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
    problem: dict[str, Any]
    resumed: bool = False


class SubmissionSummary(BaseModel):
    passed: bool
    tests_passed: int
    tests_total: int


class SubmissionOut(BaseModel):
    id: str
    attempt_id: str
    user_id: str
    problem_id: str
    type: str
    language: str
    code: str
    status: str
    verdict: str | None
    summary: SubmissionSummary | None
    test_results: list[dict[str, Any]]
    explanation: str | None
    created_at: datetime
    evaluated_at: datetime | None

    @classmethod
    def of(cls, submission: Submission) -> SubmissionOut:
        out = cls.model_validate(submission, from_attributes=True)
        out.test_results = visible_results(submission.test_results)
        return out


class SubmissionEnvelope(BaseModel):
    submission: SubmissionOut


def problem_for_learner(view: ContentView) -> dict[str, Any]:
    """The problem as a learner sees it: no hidden tests, solutions or patch-level hints."""
    data = view.data
    hidden = {"reference_solutions", "generator"}
    problem = {k: v for k, v in data.items() if k not in hidden}
    problem["tests"] = [t for t in data.get("tests", []) if not t.get("is_hidden")]
    problem["hints"] = [h for h in data.get("hints", []) if h.get("level") != "PATCH_SNIPPET"]
    return problem
