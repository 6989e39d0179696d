"""Use cases of submissions: submit code, read, record the evaluation, re-drive lost ones."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from contracts import Event
from contracts.evaluation import EvaluationCompleted
from practice.db.interview_uow import SqlInterviewUnitOfWork
from practice.db.repositories import Attempts, Submissions
from practice.db.tables import Submission
from practice.domain.attempts import AttemptAction, after, after_verdict
from practice.domain.errors import SubmissionNotFound
from practice.domain.submissions import SubmissionStatus, SubmissionType
from practice.services import bug_hunt, debug_lab, design_sessions, responses
from practice.services.attempts import coding_problem, get_attempt
from practice.services.evaluation_requests import (
    code_submission_event,
    request_evaluation,
    restored,
)
from practice.services.interview_completion import fold_code_verdict
from servicekit.db import UnitOfWork
from servicekit.outbox import utcnow


async def submit_code(
    *, uow: UnitOfWork, user_id: str, attempt_id: str, language: str, code: str
) -> Submission:
    """Store the submission and its SubmissionCreated event in one transaction."""
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    after(attempt.state, AttemptAction.SUBMIT_CODE)  # code only in CODING, else 409
    problem = await coding_problem(uow=uow, problem_id=attempt.problem_id)
    submission = request_evaluation(
        uow=uow,
        submission_type=SubmissionType.CODE,
        attempt_id=attempt.id,
        user_id=user_id,
        problem_id=attempt.problem_id,
        language=language,
        code=code,
        event=lambda submission_id: code_submission_event(
            submission_id, attempt.id, user_id, language, code, problem
        ),
    )
    attempt.code_submissions += 1
    uow.session.add(attempt)
    await uow.commit()
    return submission


async def get_submission(*, uow: UnitOfWork, user_id: str, submission_id: str) -> Submission:
    """One of the learner's submissions; someone else's answers as not found."""
    submission = await Submissions(uow.session).get_for_user(submission_id, user_id)
    if submission is None:
        raise SubmissionNotFound(submission_id)
    return submission


async def list_submissions(
    *,
    uow: UnitOfWork,
    user_id: str,
    attempt_id: str | None,
    submission_type: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Submission], int]:
    """The learner's submissions of every type (or one), of one owner if given, newest first."""
    return await Submissions(uow.session).page(
        user_id=user_id, attempt_id=attempt_id, type=submission_type, limit=limit, offset=offset
    )


async def list_attempt_submissions(
    *, uow: UnitOfWork, user_id: str, attempt_id: str, limit: int, offset: int
) -> tuple[list[Submission], int]:
    """The code submissions of one of the learner's coding attempts, newest first."""
    await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    return await list_submissions(
        uow=uow,
        user_id=user_id,
        attempt_id=attempt_id,
        submission_type=None,
        limit=limit,
        offset=offset,
    )


async def _move_attempt_on(uow: UnitOfWork, submission: Submission) -> None:
    attempt = await Attempts(uow.session).get(submission.attempt_id)
    if attempt is not None and submission.status == SubmissionStatus.SUCCEEDED:
        attempt.state = after_verdict(attempt.state, accepted=submission.verdict == "accepted")
        uow.session.add(attempt)


async def _fold_into_interview(uow: UnitOfWork, submission: Submission) -> None:
    await fold_code_verdict(uow=SqlInterviewUnitOfWork(uow), submission=submission)


# What each type of submission moves on once its evaluation is recorded.
OnEvaluated = Callable[[UnitOfWork, Submission], Awaitable[None]]
_OWNERS: dict[SubmissionType, OnEvaluated] = {
    SubmissionType.CODE: _move_attempt_on,
    SubmissionType.TEXT: responses.on_evaluated,
    SubmissionType.DESIGN: design_sessions.on_evaluated,
    SubmissionType.BUG_HUNT: bug_hunt.on_evaluated,
    SubmissionType.TRIAGE: debug_lab.on_triage_evaluated,
    SubmissionType.DEBUG_LAB_RUN: debug_lab.on_run_evaluated,
    SubmissionType.DEBUG_LAB_SUBMIT: debug_lab.on_fix_evaluated,
    SubmissionType.INTERVIEW_CODE: _fold_into_interview,
}


async def record_evaluation(*, uow: UnitOfWork, event: EvaluationCompleted) -> Submission | None:
    """Store the evaluation on the submission and move its owner on; repeats change nothing."""
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
    submission.score = event.score
    submission.score_breakdown = event.score_breakdown
    submission.feedback = event.feedback
    submission.evaluated_at = utcnow()
    uow.session.add(submission)
    await _OWNERS[SubmissionType(submission.type)](uow, submission)
    return submission


async def redrive_stuck(*, uow: UnitOfWork, older_than: timedelta, max_redrives: int) -> int:
    """Announce again submissions whose evaluation never came back (the broker keeps nothing)."""
    stuck = await Submissions(uow.session).stuck(
        status=SubmissionStatus.QUEUED, before=utcnow() - older_than, max_redrives=max_redrives
    )
    for submission in stuck:
        submission.redrives += 1
        submission.queued_at = utcnow()
        uow.session.add(submission)
        uow.raise_event(await _event_of(uow, submission), trace_headers=submission.trace_headers)
    await uow.commit()
    return len(stuck)


async def _event_of(uow: UnitOfWork, submission: Submission) -> Event:
    """The event the submission raised; code submitted before events were stored is rebuilt."""
    if submission.outgoing_event is not None:
        return restored(submission.outgoing_event)
    problem = await coding_problem(uow=uow, problem_id=submission.problem_id)
    return code_submission_event(
        submission.id,
        submission.attempt_id,
        submission.user_id,
        submission.language,
        submission.code,
        problem,
    )
