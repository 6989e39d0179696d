"""Submission types and statuses, and what a learner may see of per-test results."""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class SubmissionType(StrEnum):
    """What was sent for evaluation; decides which resource the result moves on."""

    CODE = "code"
    TEXT = "text"  # a written response to a task
    DESIGN = "design"
    BUG_HUNT = "bug_hunt"
    TRIAGE = "triage"
    DEBUG_LAB_RUN = "debug_lab_run"
    DEBUG_LAB_SUBMIT = "debug_lab_submit"
    INTERVIEW_CODE = "interview_code"  # an interview's coding challenge; the interview counts


class SubmissionStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"  # the evaluation ran, whatever the verdict
    FAILED = "failed"  # the evaluation could not run


PENDING = frozenset({SubmissionStatus.QUEUED, SubmissionStatus.RUNNING})
HIDDEN_TEST_FIELDS = ("test_index", "is_hidden", "passed", "verdict", "duration_ms")


def visible_results(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Hidden tests show only whether they passed, never their input or outputs."""
    return [{k: r.get(k) for k in HIDDEN_TEST_FIELDS} if r.get("is_hidden") else r for r in results]
