"""Sending work to evaluation: one submission row and its event, in the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from contracts import Event, event_types
from contracts.catalogue import CodingProblem
from contracts.practice import (
    AnswerSubmitted,
    CodeProblemSpec,
    ScoringKind,
    SubmissionCreated,
    TestSpec,
)
from practice.db.repositories import Submissions
from practice.db.tables import Submission
from practice.domain.submissions import SubmissionStatus, SubmissionType
from servicekit.db import UnitOfWork
from servicekit.outbox import current_trace_headers


def request_evaluation(
    *,
    uow: UnitOfWork,
    submission_type: SubmissionType,
    attempt_id: str,
    user_id: str,
    problem_id: str,
    event: Callable[[str], Event],
    answer: dict[str, Any] | None = None,
    language: str = "",
    code: str = "",
) -> Submission:
    """Queue a submission and raise its event (built for the new submission id); no commit."""
    submission_id = str(uuid.uuid4())
    raised = event(submission_id)
    submission = Submission(
        id=submission_id,
        attempt_id=attempt_id,
        user_id=user_id,
        problem_id=problem_id,
        type=submission_type,
        language=language,
        code=code,
        answer=answer,
        status=SubmissionStatus.QUEUED,
        outgoing_event=stored(raised),
        trace_headers=current_trace_headers(),
    )
    Submissions(uow.session).add(submission)
    uow.raise_event(raised)
    return submission


def request_scoring(
    *,
    uow: UnitOfWork,
    kind: ScoringKind,
    submission_type: SubmissionType,
    attempt_id: str,
    user_id: str,
    problem_id: str,
    answer: dict[str, Any],
    reference: dict[str, Any],
) -> Submission:
    """Queue an answer to be scored against `reference` (which the learner never sees)."""
    return request_evaluation(
        uow=uow,
        submission_type=submission_type,
        attempt_id=attempt_id,
        user_id=user_id,
        problem_id=problem_id,
        answer=answer,
        event=lambda submission_id: AnswerSubmitted(
            submission_id=submission_id,
            attempt_id=attempt_id,
            user_id=user_id,
            kind=kind,
            answer=answer,
            reference=reference,
        ),
    )


def code_submission_event(
    submission_id: str,
    attempt_id: str,
    user_id: str,
    language: str,
    code: str,
    problem: CodingProblem,
) -> SubmissionCreated:
    """The SubmissionCreated that sends code to be judged against the problem's tests."""
    return SubmissionCreated(
        submission_id=submission_id,
        attempt_id=attempt_id,
        user_id=user_id,
        language=language,  # type: ignore[arg-type]
        code=code,
        problem=CodeProblemSpec(
            problem_id=problem.id,
            execution=problem.execution,
            tests=tuple(
                TestSpec(input=t.input, expected_output=t.expected_output, is_hidden=t.is_hidden)
                for t in problem.tests
            ),
            time_limit_ms=problem.time_limit_ms,
            memory_limit_mb=problem.memory_limit_mb,
        ),
    )


def stored(event: Event) -> dict[str, Any]:
    """The event as a submission keeps it, to raise it again unchanged."""
    return {
        "event_type": event.event_type,
        "event_version": event.event_version,
        "payload": event.model_dump(mode="json"),
    }


def restored(data: dict[str, Any]) -> Event:
    """The event a submission stored, decoded by the contracts' registry."""
    model = event_types()[(data["event_type"], int(data["event_version"]))]
    return model.model_validate(data["payload"])
