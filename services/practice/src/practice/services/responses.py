"""Use cases of written responses to engineering tasks."""

from __future__ import annotations

import uuid

from contracts.catalogue import Task
from practice.db.repositories import Responses
from practice.db.tables import Response, Submission
from practice.domain.errors import ResponseNotFound, TaskNotFound
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
