"""Use cases of bug-hunt attempts: start, answer, and the result coming back."""

from __future__ import annotations

import uuid

from contracts.catalogue import BugHuntItem
from practice.db.repositories import BugHuntAttempts, ContentViews
from practice.db.tables import BugHuntAttempt, Submission
from practice.domain.bug_hunt import (
    BugHuntStatus,
    after_evaluation,
    ensure_can_submit,
    result_of,
    revealed,
)
from practice.domain.errors import BugHuntAttemptNotFound, BugHuntItemNotFound
from practice.domain.submissions import SubmissionStatus, SubmissionType
from practice.services.catalog_view import catalogue_item
from practice.services.evaluation_requests import request_scoring
from servicekit.db import UnitOfWork
from servicekit.outbox import utcnow


async def bug_hunt_item(*, uow: UnitOfWork, item_id: str) -> BugHuntItem:
    """The bug-hunt item from the read model, or BugHuntItemNotFound."""
    return await catalogue_item(
        uow=uow, item_id=item_id, model=BugHuntItem, missing=BugHuntItemNotFound
    )


async def start_attempt(
    *, uow: UnitOfWork, user_id: str, item_id: str
) -> tuple[BugHuntAttempt, BugHuntItem]:
    """Start an attempt on the item, numbered after the learner's earlier ones."""
    item = await bug_hunt_item(uow=uow, item_id=item_id)
    attempts = BugHuntAttempts(uow.session)
    attempt = BugHuntAttempt(
        id=str(uuid.uuid4()),
        user_id=user_id,
        item_id=item_id,
        attempt_number=await attempts.count_for(user_id, item_id) + 1,
        status=BugHuntStatus.STARTED,
    )
    attempts.add(attempt)
    await uow.commit()
    return attempt, item


async def get_attempt(*, uow: UnitOfWork, user_id: str, attempt_id: str) -> BugHuntAttempt:
    """One of the learner's attempts; someone else's answers as not found."""
    attempt = await BugHuntAttempts(uow.session).get_for_user(attempt_id, user_id)
    if attempt is None:
        raise BugHuntAttemptNotFound(attempt_id)
    return attempt


async def list_attempts(
    *, uow: UnitOfWork, user_id: str, item_id: str | None, limit: int, offset: int
) -> tuple[list[BugHuntAttempt], int]:
    """The learner's attempts (on one item if given), newest first."""
    return await BugHuntAttempts(uow.session).page(
        user_id=user_id, item_id=item_id, limit=limit, offset=offset
    )


async def submit_answer(
    *, uow: UnitOfWork, user_id: str, attempt_id: str, selected_lines: list[int], explanation: str
) -> tuple[BugHuntAttempt, Submission]:
    """Record the lines and explanation and send them to be scored against the bug lines."""
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    ensure_can_submit(attempt.status)
    item = await bug_hunt_item(uow=uow, item_id=attempt.item_id)
    submission = request_scoring(
        uow=uow,
        kind="bug_hunt",
        submission_type=SubmissionType.BUG_HUNT,
        attempt_id=attempt.id,
        user_id=user_id,
        problem_id=attempt.item_id,
        answer={"selected_lines": selected_lines, "explanation": explanation},
        reference={
            "bug_lines": list(item.bug_lines),
            "expected_concepts": list(item.expected_concepts),
        },
    )
    attempt.status = BugHuntStatus.SUBMITTED
    attempt.selected_lines, attempt.explanation = selected_lines, explanation
    attempt.submission_id, attempt.submitted_at = submission.id, utcnow()
    uow.session.add(attempt)
    await uow.commit()
    return attempt, submission


async def on_evaluated(uow: UnitOfWork, submission: Submission) -> None:
    """Complete the attempt with its result, or reopen it when the answer could not be scored."""
    attempt = await BugHuntAttempts(uow.session).get(submission.attempt_id)
    if attempt is None or attempt.submission_id != submission.id:
        return
    evaluated = submission.status == SubmissionStatus.SUCCEEDED
    attempt.status = after_evaluation(evaluated=evaluated)
    if evaluated:
        result = result_of(submission.feedback)
        item = await ContentViews(uow.session).item(attempt.item_id)
        attempt.result, attempt.score = result, submission.score
        attempt.validation = submission.feedback
        attempt.solution_explanation, attempt.hint = revealed(
            result,
            attempt_number=attempt.attempt_number,
            item=item if isinstance(item, BugHuntItem) else None,
        )
        attempt.completed_at = submission.evaluated_at
    uow.session.add(attempt)
