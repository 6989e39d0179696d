"""Response bodies of evaluation's routes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from evaluation.db.tables import EvaluationRun, EvaluationTestResult
from evaluation.services.runs import passed


class Summary(BaseModel):
    passed: bool
    tests_passed: int
    tests_total: int


class RunOut(BaseModel):
    id: str
    submission_id: str
    attempt_id: str
    user_id: str
    type: str
    language: str
    status: str
    verdict: str | None
    summary: Summary | None
    explanation: str | None
    duration_ms: float
    memory_kb: int | None
    score: float | None
    score_breakdown: dict[str, float] | None
    feedback: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    completed_at: datetime | None

    @classmethod
    def of(cls, run: EvaluationRun) -> RunOut:
        summary = (
            Summary(
                passed=passed(run),
                tests_passed=run.tests_passed,
                tests_total=run.tests_total,
            )
            if run.verdict
            else None
        )
        return cls.model_validate({**run.model_dump(), "summary": summary})


class RunWithResults(BaseModel):
    evaluation_run: RunOut
    test_results: list[dict[str, Any]]


HIDDEN_FIELDS = ("test_index", "is_hidden", "passed", "verdict", "duration_ms")


def visible_result(result: EvaluationTestResult) -> dict[str, Any]:
    data = result.model_dump(exclude={"run_id"})
    return {k: data[k] for k in HIDDEN_FIELDS} if result.is_hidden else data
