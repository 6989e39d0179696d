"""Events produced by evaluation on `evaluation.results.v1`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from contracts.envelope import Event
from contracts.topics import EVALUATION_RESULTS

Verdict = Literal[
    "accepted",
    "wrong_answer",
    "time_limit_exceeded",
    "memory_limit_exceeded",
    "output_limit_exceeded",
    "runtime_error",
    "compile_error",
    "internal_error",
]


EvaluationKind = Literal["code", "written", "design", "bug_hunt", "triage", "project"]


class EvaluationSummary(BaseModel):
    model_config = ConfigDict(frozen=True)

    passed: bool
    tests_passed: int
    tests_total: int


class TestOutcome(BaseModel):
    """One test's result with every detail; consumers hide what learners may not see."""

    __test__ = False  # not a pytest test class

    model_config = ConfigDict(frozen=True)

    test_index: int
    is_hidden: bool
    passed: bool
    verdict: Verdict
    input: Any = None
    expected: Any = None
    actual: Any = None
    stdout: str = ""
    stderr: str = ""
    duration_ms: float = 0.0
    memory_kb: int | None = None
    error: str | None = None


class EvaluationCompleted(Event):
    event_type = "evaluation.evaluation_completed"
    event_version = 1
    topic = EVALUATION_RESULTS

    evaluation_id: str
    submission_id: str
    attempt_id: str
    user_id: str
    status: Literal["succeeded", "failed"]
    verdict: Verdict
    summary: EvaluationSummary
    test_results: tuple[TestOutcome, ...]
    explanation: str | None = None
    duration_ms: float = 0.0
    # What was evaluated; scored kinds carry a score and kind-specific feedback
    # (docs/architecture.md lists the shapes). Older producers send only code.
    kind: EvaluationKind = "code"
    score: float | None = None
    score_breakdown: dict[str, float] | None = None
    feedback: dict[str, Any] | None = None
    # Per-test details and feedback are capped in bytes to keep the event small; when
    # anything was cut, the full results are at evaluation's /evaluations/{evaluation_id}.
    truncated: bool = False

    def aggregate_key(self) -> str:
        return self.submission_id
