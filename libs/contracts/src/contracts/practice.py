"""Events produced by practice on `practice.submissions.v1`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.catalogue.specs import ExecutionSpec, TestSpec
from contracts.catalogue.vocabulary import Language
from contracts.envelope import Event
from contracts.topics import PRACTICE_SUBMISSIONS

__all__ = [
    "AnswerSubmitted",
    "CodeProblemSpec",
    "ExecutionSpec",
    "Language",
    "ProjectSpec",
    "ProjectTestsRequested",
    "ScoringKind",
    "SubmissionCreated",
    "TestSpec",
]


class CodeProblemSpec(BaseModel):
    """The problem snapshot a submission is judged against."""

    model_config = ConfigDict(frozen=True)

    problem_id: str
    execution: ExecutionSpec
    tests: tuple[TestSpec, ...]
    time_limit_ms: int = Field(default=2000, gt=0)
    memory_limit_mb: int = Field(default=256, gt=0)


class SubmissionCreated(Event):
    event_type = "practice.submission_created"
    event_version = 1
    topic = PRACTICE_SUBMISSIONS

    submission_id: str
    attempt_id: str
    user_id: str
    language: Language
    code: str
    problem: CodeProblemSpec

    def aggregate_key(self) -> str:
        return self.submission_id


ScoringKind = Literal["written", "design", "bug_hunt", "triage"]


class AnswerSubmitted(Event):
    """A written answer, a design, a bug-hunt answer or a debug-lab triage, to be scored.

    `reference` is what the answer is scored against (expected concepts, the
    rubric, bug lines, the item's taxonomy): learners never see it.
    """

    event_type = "practice.answer_submitted"
    event_version = 1
    topic = PRACTICE_SUBMISSIONS

    submission_id: str
    attempt_id: str  # the response, design session, bug-hunt or debug-lab attempt
    user_id: str
    kind: ScoringKind
    answer: dict[str, Any]
    reference: dict[str, Any]

    def aggregate_key(self) -> str:
        return self.submission_id


class ProjectSpec(BaseModel):
    """A debug lab's project as the learner edited it, and how its tests run."""

    model_config = ConfigDict(frozen=True)

    item_id: str
    language: Literal["python", "javascript"]
    test_command: str
    files: dict[str, str]
    hidden_files: dict[str, str] = Field(default_factory=dict)  # empty: visible tests only
    time_limit_ms: int = Field(default=20_000, gt=0)


class ProjectTestsRequested(Event):
    """Run a debug-lab project's tests in the sandbox (run-tests and submit)."""

    event_type = "practice.project_tests_requested"
    event_version = 1
    topic = PRACTICE_SUBMISSIONS

    submission_id: str
    attempt_id: str
    user_id: str
    project: ProjectSpec

    def aggregate_key(self) -> str:
        return self.submission_id
