"""Use cases of written responses to engineering tasks."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import datetime

from contracts.catalogue import Task
from contracts.coach import FeedbackReady
from practice.db.repositories import Responses, Submissions
from practice.db.tables import Response, Submission
from practice.domain.errors import FeedbackNotYet, ResponseNotFound, TaskNotFound
from practice.domain.feedback_gate import FeedbackGate, FeedbackState
from practice.domain.submissions import SubmissionStatus, SubmissionType
from practice.services.catalog_view import catalogue_item
from practice.services.evaluation_requests import request_scoring
from servicekit.db import UnitOfWork


async def submit_response(
    *, uow: UnitOfWork, user_id: str, task_id: str, answer: dict[str, str]
) -> Response:
    """Store the four-part answer and ask for its scoring, in one transaction."""
    task = await catalogue_item(uow=uow, item_id=task_id, model=Task, missing=TaskNotFound)
    response_id = str(uuid.uuid4())
    submission = request_scoring(
        uow=uow,
        kind="written",
        submission_type=SubmissionType.TEXT,
        attempt_id=response_id,
        user_id=user_id,
        problem_id=task_id,
        answer=answer,
        reference={"expected_concepts": list(task.expected_concepts)},
    )
    response = Response(
        id=response_id,
        user_id=user_id,
        task_id=task_id,
        submission_id=submission.id,
        status=SubmissionStatus.QUEUED,
        assumptions=answer["assumptions"],
        architecture=answer["architecture"],
        trade_offs=answer["trade_offs"],
        failure_scenarios=answer["failure_scenarios"],
    )
    Responses(uow.session).add(response)
    await uow.commit()
    return response


async def get_response(*, uow: UnitOfWork, user_id: str, response_id: str) -> Response:
    """One of the learner's responses; someone else's answers as not found."""
    response = await Responses(uow.session).get_for_user(response_id, user_id)
    if response is None:
        raise ResponseNotFound(response_id)
    return response


async def list_responses(
    *, uow: UnitOfWork, user_id: str, task_id: str | None, limit: int, offset: int
) -> tuple[list[Response], int]:
    """The learner's responses (to one task if given), newest first."""
    return await Responses(uow.session).page(
        user_id=user_id, task_id=task_id, limit=limit, offset=offset
    )


async def on_evaluated(uow: UnitOfWork, submission: Submission) -> None:
    """Copy the score onto the response the submission carried."""
    response = await Responses(uow.session).get(submission.attempt_id)
    if response is None:
        return
    response.status = submission.status
    response.score = submission.score
    response.score_breakdown = submission.score_breakdown
    response.feedback = submission.feedback
    response.evaluated_at = submission.evaluated_at
    uow.session.add(response)


@dataclass(frozen=True)
class FeedbackUnlock:
    response: Response
    state: FeedbackState  # READY or UNAVAILABLE; the other states answer 425


async def unlock_feedback(
    *, uow: UnitOfWork, user_id: str, response_id: str, gate: FeedbackGate, now: datetime
) -> FeedbackUnlock:
    """The response's AI feedback once its gate opens (425 before); unlocked on first read."""
    response = await get_response(uow=uow, user_id=user_id, response_id=response_id)
    decision = gate.decide(
        submitted_at=response.created_at, now=now, arrived=response.coach_feedback is not None
    )
    if decision.state is FeedbackState.LOCKED:
        minutes = math.ceil(decision.retry_after / 60)
        detail = f"AI feedback unlocks in {minutes} minute{'' if minutes == 1 else 's'}"
        raise FeedbackNotYet(detail, decision.retry_after)
    if decision.state is FeedbackState.PENDING:
        raise FeedbackNotYet("AI feedback is still being written", decision.retry_after)
    if decision.state is FeedbackState.READY and response.ai_unlocked_at is None:
        response.ai_unlocked_at = now
        Responses(uow.session).add(response)
        await uow.commit()
    return FeedbackUnlock(response, decision.state)


async def record_feedback(*, uow: UnitOfWork, event: FeedbackReady) -> None:
    """Keep the coach's feedback on the written response it is for; the first copy stays."""
    if event.target_type != "submission" or event.feedback is None:
        return  # nothing to copy, or not about a submission
    submission = await Submissions(uow.session).get(event.target_id)
    response = await Responses(uow.session).get(submission.attempt_id) if submission else None
    if response is None or response.submission_id != event.target_id:
        return  # code, designs and the rest keep their feedback at the coach
    if response.coach_feedback is not None:
        return
    content = event.feedback
    response.coach_feedback_id = event.feedback_id
    response.coach_feedback = content.text
    response.coach_feedback_type = content.type
    response.coach_feedback_source = content.model_dump(exclude={"text", "type"})
    Responses(uow.session).add(response)
