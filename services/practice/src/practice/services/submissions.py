"""Use cases of code submissions: submit, read, record the verdict, re-drive lost ones."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from contracts.evaluation import EvaluationCompleted
from contracts.practice import CodeProblemSpec, ExecutionSpec, SubmissionCreated, TestSpec
from practice.db.repositories import Attempts, Submissions
from practice.db.tables import ContentView, Submission
from practice.domain.attempts import after_verdict, can_submit_code
from practice.domain.errors import AttemptFinished, SubmissionNotFound
from practice.domain.submissions import SubmissionStatus
from practice.services.attempts import coding_problem, get_attempt
from servicekit.db import UnitOfWork
from servicekit.outbox import utcnow


async def submit_code(
    *, uow: UnitOfWork, user_id: str, attempt_id: str, language: str, code: str
) -> Submission:
    """Store the submission and its SubmissionCreated event in one transaction."""
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    if not can_submit_code(attempt.state):
        raise AttemptFinished(attempt.state)
    problem = await coding_problem(uow=uow, problem_id=attempt.problem_id)
    submission = Submission(
        id=str(uuid.uuid4()),
        attempt_id=attempt.id,
        user_id=user_id,
        problem_id=attempt.problem_id,
        language=language,
        code=code,
        status=SubmissionStatus.QUEUED,
    )
    Submissions(uow.session).add(submission)
    attempt.code_submissions += 1
    uow.session.add(attempt)
    uow.raise_event(_submission_created(submission, problem))
    await uow.commit()
    return submission


def _submission_created(submission: Submission, problem: ContentView) -> SubmissionCreated:
    data: dict[str, Any] = problem.data
    return SubmissionCreated(
        submission_id=submission.id,
        attempt_id=submission.attempt_id,
        user_id=submission.user_id,
        language=submission.language,  # type: ignore[arg-type]
        code=submission.code,
        problem=CodeProblemSpec(
            problem_id=problem.id,
            execution=ExecutionSpec.model_validate(data.get("execution", {"mode": "function"})),
            tests=tuple(TestSpec.model_validate(t) for t in data.get("tests", [])),
            time_limit_ms=int(data.get("time_limit_ms", 2000)),
            memory_limit_mb=int(data.get("memory_limit_mb", 256)),
        ),
    )


async def get_submission(*, uow: UnitOfWork, user_id: str, submission_id: str) -> Submission:
    """One of the learner's submissions; someone else's answers as not found."""
    submission = await Submissions(uow.session).get_for_user(submission_id, user_id)
    if submission is None:
        raise SubmissionNotFound(submission_id)
    return submission


async def list_submissions(
    *, uow: UnitOfWork, user_id: str, attempt_id: str | None, limit: int, offset: int
) -> tuple[list[Submission], int]:
    """The learner's submissions (of one attempt if given), newest first."""
    if attempt_id is not None:
        await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    return await Submissions(uow.session).page(
        user_id=user_id, attempt_id=attempt_id, limit=limit, offset=offset
    )


async def record_evaluation(*, uow: UnitOfWork, event: EvaluationCompleted) -> Submission | None:
    """Store the verdict on the submission and move its attempt on; repeats change nothing."""
    submission = await Submissions(uow.session).get(event.submission_id)
    if submission is None or submission.status in (
        SubmissionStatus.SUCCEEDED,
        SubmissionStatus.FAILED,
    ):
        return None
    submission.status = event.status
    submission.verdict = event.verdict
    submission.summary = event.summary.model_dump()
    submission.test_results = [t.model_dump(mode="json") for t in event.test_results]
    submission.explanation = event.explanation
    submission.evaluation_id = event.evaluation_id
    submission.evaluated_at = utcnow()
    uow.session.add(submission)
    attempt = await Attempts(uow.session).get(submission.attempt_id)
    if attempt is not None and event.status == "succeeded":
        attempt.state = after_verdict(attempt.state, accepted=event.verdict == "accepted")
        uow.session.add(attempt)
    return submission


async def redrive_stuck(*, uow: UnitOfWork, older_than: timedelta, max_redrives: int) -> int:
    """Announce again submissions whose evaluation never came back (the broker keeps nothing)."""
    stuck = await Submissions(uow.session).stuck(
        status=SubmissionStatus.QUEUED, before=utcnow() - older_than, max_redrives=max_redrives
    )
    for submission in stuck:
        problem = await coding_problem(uow=uow, problem_id=submission.problem_id)
        submission.redrives += 1
        submission.queued_at = utcnow()
        uow.session.add(submission)
        uow.raise_event(_submission_created(submission, problem))
    await uow.commit()
    return len(stuck)
