"""`/api/v1/submissions`: every submission of the learner, with its verdict once in."""

from typing import Annotated

from fastapi import APIRouter, Query

from practice.api.deps import Uow, Waiters, wait_for_verdict
from practice.api.schemas import SubmissionEnvelope, SubmissionOut
from practice.services import submissions
from servicekit.auth import CurrentUser
from servicekit.pagination import Page, Paging
from servicekit.runtime import RuntimeDep

router = APIRouter(prefix="/api/v1/submissions", tags=["submissions"])


@router.get("", response_model=Page[SubmissionOut])
async def list_submissions(
    uow: Uow, user: CurrentUser, paging: Paging, attempt_id: str | None = None
) -> Page[SubmissionOut]:
    items, total = await submissions.list_submissions(
        uow=uow,
        user_id=user.user_id,
        attempt_id=attempt_id,
        limit=paging.limit,
        offset=paging.offset,
    )
    return Page(
        items=[SubmissionOut.of(s) for s in items],
        total=total,
        limit=paging.limit,
        offset=paging.offset,
    )


@router.get("/{submission_id}", response_model=SubmissionEnvelope)
async def get_submission(
    submission_id: str,
    uow: Uow,
    user: CurrentUser,
    waiters: Waiters,
    runtime: RuntimeDep,
    wait: Annotated[float, Query(ge=0, le=30)] = 0,
) -> SubmissionEnvelope:
    submission = await submissions.get_submission(
        uow=uow, user_id=user.user_id, submission_id=submission_id
    )
    if wait > 0:
        submission = await wait_for_verdict(
            runtime, waiters, uow, user_id=user.user_id, submission_id=submission_id, seconds=wait
        )
    return SubmissionEnvelope(submission=SubmissionOut.of(submission))
