"""Use cases of debug-lab attempts: next item, start, triage, run the tests, submit a fix."""

from __future__ import annotations

import uuid
from typing import Any

from contracts.catalogue import DebugLabItem, Kind
from contracts.practice import ProjectSpec, ProjectTestsRequested
from practice.db.repositories import ContentViews, DebugLabAttempts
from practice.db.tables import DebugLabAttempt, Submission
from practice.domain import debug_lab as rules
from practice.domain.debug_lab import DebugLabStatus
from practice.domain.errors import DebugLabAttemptNotFound, DebugLabItemNotFound, NoDebugLabItemLeft
from practice.domain.submissions import SubmissionStatus, SubmissionType
from practice.services.catalog_view import catalogue_item
from practice.services.evaluation_requests import request_evaluation, request_scoring
from servicekit.db import UnitOfWork


async def debug_lab_item(*, uow: UnitOfWork, item_id: str) -> DebugLabItem:
    """The debug-lab item from the read model, or DebugLabItemNotFound."""
    return await catalogue_item(
        uow=uow, item_id=item_id, model=DebugLabItem, missing=DebugLabItemNotFound
    )


async def next_item(
    *, uow: UnitOfWork, user_id: str, category: str | None, difficulty: str | None
) -> tuple[DebugLabItem, str]:
    """The easiest item the learner has not passed yet, and why it was chosen."""
    items = await ContentViews(uow.session).items_of(Kind.DEBUG_LAB)
    passed = await DebugLabAttempts(uow.session).passed_items(user_id)
    chosen = rules.pick_next(
        (item for item in items if isinstance(item, DebugLabItem)),
        passed=passed,
        category=category,
        difficulty=difficulty,
    )
    if chosen is None:
        raise NoDebugLabItemLeft()
    return chosen, rules.next_reason(chosen)


async def start_attempt(
    *, uow: UnitOfWork, user_id: str, item_id: str
) -> tuple[DebugLabAttempt, DebugLabItem]:
    """Start an attempt on the item."""
    item = await debug_lab_item(uow=uow, item_id=item_id)
    attempt = DebugLabAttempt(
        id=str(uuid.uuid4()), user_id=user_id, item_id=item_id, status=DebugLabStatus.STARTED
    )
    DebugLabAttempts(uow.session).add(attempt)
    await uow.commit()
    return attempt, item


async def get_attempt(*, uow: UnitOfWork, user_id: str, attempt_id: str) -> DebugLabAttempt:
    """One of the learner's attempts; someone else's answers as not found."""
    attempt = await DebugLabAttempts(uow.session).get_for_user(attempt_id, user_id)
    if attempt is None:
        raise DebugLabAttemptNotFound(attempt_id)
    return attempt


async def list_attempts(
    *, uow: UnitOfWork, user_id: str, item_id: str | None, limit: int, offset: int
) -> tuple[list[DebugLabAttempt], int]:
    """The learner's attempts (on one item if given), newest first."""
    return await DebugLabAttempts(uow.session).page(
        user_id=user_id, item_id=item_id, limit=limit, offset=offset
    )


async def triage(
    *, uow: UnitOfWork, user_id: str, attempt_id: str, answers: dict[str, str]
) -> tuple[DebugLabAttempt, Submission]:
    """Record the triage and send it to be scored against the item's taxonomy."""
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    rules.ensure_can_triage(attempt.status, triaged=attempt.triage_answers is not None)
    item = await debug_lab_item(uow=uow, item_id=attempt.item_id)
    submission = request_scoring(
        uow=uow,
        kind="triage",
        submission_type=SubmissionType.TRIAGE,
        attempt_id=attempt.id,
        user_id=user_id,
        problem_id=attempt.item_id,
        answer=answers,
        reference={
            "defect_category": item.defect_category,
            "severity": item.severity,
            "priority": item.priority,
            "expected_first_actions": list(item.expected_first_actions),
        },
    )
    attempt.triage_answers, attempt.triage_submission_id = answers, submission.id
    uow.session.add(attempt)
    await uow.commit()
    return attempt, submission


async def run_tests(
    *, uow: UnitOfWork, user_id: str, attempt_id: str, files: dict[str, str]
) -> tuple[DebugLabAttempt, Submission]:
    """Run the visible tests on the learner's edits."""
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    item = await debug_lab_item(uow=uow, item_id=attempt.item_id)
    rules.ensure_can_run(attempt.status, **_triage_state(attempt, item))
    submission = _request_project_run(
        uow, attempt, item, SubmissionType.DEBUG_LAB_RUN, edited=files, answer={"files": files}
    )
    await uow.commit()
    return attempt, submission


async def submit_fix(
    *, uow: UnitOfWork, user_id: str, attempt_id: str, files: dict[str, str], explanation: str
) -> tuple[DebugLabAttempt, Submission]:
    """Send the fix to be judged by the visible and the hidden tests."""
    attempt = await get_attempt(uow=uow, user_id=user_id, attempt_id=attempt_id)
    item = await debug_lab_item(uow=uow, item_id=attempt.item_id)
    rules.ensure_can_submit(attempt.status, **_triage_state(attempt, item))
    submission = _request_project_run(
        uow,
        attempt,
        item,
        SubmissionType.DEBUG_LAB_SUBMIT,
        edited=files,
        answer={"files": files, "explanation": explanation},
    )
    attempt.status = DebugLabStatus.SUBMITTED
    attempt.explanation, attempt.last_submission_id = explanation, submission.id
    attempt.submission_count += 1
    uow.session.add(attempt)
    await uow.commit()
    return attempt, submission


def _triage_state(attempt: DebugLabAttempt, item: DebugLabItem) -> dict[str, bool]:
    return {
        "triage_required": item.required_triage,
        "triaged": attempt.triage_answers is not None,
    }


def _request_project_run(
    uow: UnitOfWork,
    attempt: DebugLabAttempt,
    item: DebugLabItem,
    submission_type: SubmissionType,
    *,
    edited: dict[str, str],
    answer: dict[str, Any],
) -> Submission:
    """Lay the edits over the item's files and ask for its tests (hidden ones on submit)."""
    hidden = {}
    if submission_type is SubmissionType.DEBUG_LAB_SUBMIT:
        hidden = {f.path: f.content for f in item.hidden_files}
    project = ProjectSpec(
        item_id=item.id,
        language=item.language,
        test_command=item.test_command,
        files=rules.overlay(item.files, edited),
        hidden_files=hidden,
    )
    return request_evaluation(
        uow=uow,
        submission_type=submission_type,
        attempt_id=attempt.id,
        user_id=attempt.user_id,
        problem_id=item.id,
        answer=answer,
        language=project.language,
        event=lambda submission_id: ProjectTestsRequested(
            submission_id=submission_id,
            attempt_id=attempt.id,
            user_id=attempt.user_id,
            project=project,
        ),
    )


async def on_triage_evaluated(uow: UnitOfWork, submission: Submission) -> None:
    """Score the triage and show the taxonomy; a triage that could not be scored may be redone."""
    attempt = await DebugLabAttempts(uow.session).get(submission.attempt_id)
    if attempt is None or attempt.triage_submission_id != submission.id:
        return
    evaluated = submission.status == SubmissionStatus.SUCCEEDED
    attempt.status = rules.after_triage(attempt.status, evaluated=evaluated)
    if evaluated:
        attempt.triage_score = submission.score
        attempt.triage_feedback = {
            "score_breakdown": submission.score_breakdown,
            **(submission.feedback or {}),
        }
        item = await _item_of(uow, attempt)
        attempt.taxonomy = rules.taxonomy(item) if item is not None else None
    else:
        attempt.triage_answers = None
    uow.session.add(attempt)


async def on_run_evaluated(uow: UnitOfWork, submission: Submission) -> None:
    """Show what the visible tests said about the learner's edits."""
    attempt = await DebugLabAttempts(uow.session).get(submission.attempt_id)
    if attempt is None or submission.status != SubmissionStatus.SUCCEEDED:
        return
    attempt.execution_result = (submission.feedback or {}).get("visible")
    attempt.test_run_count += 1
    uow.session.add(attempt)


async def on_fix_evaluated(uow: UnitOfWork, submission: Submission) -> None:
    """Pass or fail the attempt; the taxonomy and, in time, the solution are revealed."""
    attempt = await DebugLabAttempts(uow.session).get(submission.attempt_id)
    if attempt is None or attempt.last_submission_id != submission.id:
        return
    feedback = submission.feedback or {}
    passed = submission.status == SubmissionStatus.SUCCEEDED and rules.project_passed(feedback)
    attempt.status = rules.after_fix(passed=passed)
    attempt.execution_result = feedback.get("visible")
    attempt.hidden_result = feedback.get("hidden")
    if (item := await _item_of(uow, attempt)) is not None:
        attempt.taxonomy = rules.taxonomy(item)
        attempt.solution_explanation = rules.solution_explanation(
            item, status=attempt.status, submissions=attempt.submission_count
        )
    attempt.completed_at = submission.evaluated_at if passed else None
    uow.session.add(attempt)


async def _item_of(uow: UnitOfWork, attempt: DebugLabAttempt) -> DebugLabItem | None:
    """The attempt's item, if it is still in the catalogue: results are recorded either way."""
    item = await ContentViews(uow.session).item(attempt.item_id)
    return item if isinstance(item, DebugLabItem) else None
