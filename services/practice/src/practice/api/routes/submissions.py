"""`/api/v1/submissions`: everything the learner sent for evaluation, with its result once in."""

from fastapi import APIRouter

from practice.api.deps import Uow, Wait, WaitSeconds
from practice.api.schemas import page_of
from practice.api.schemas.submissions import SubmissionEnvelope, SubmissionOut
from practice.domain.submissions import SubmissionType
from practice.services import submissions
from servicekit.auth import CurrentUser
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/submissions", tags=["submissions"])


@router.get("", response_model=Page[SubmissionOut])
async def list_submissions(
    uow: Uow,
    user: CurrentUser,
    paging: Paging,
    attempt_id: str | None = None,
    type: SubmissionType | None = None,
) -> Page[SubmissionOut]:
    items, total = await submissions.list_submissions(
        uow=uow,
        user_id=user.user_id,
        attempt_id=attempt_id,
        submission_type=type,
        limit=paging.limit,
        offset=paging.offset,
    )
    return page_of(items, total, paging, SubmissionOut.of)


@router.get("/{submission_id}", response_model=SubmissionEnvelope)
async def get_submission(
    submission_id: str, uow: Uow, user: CurrentUser, hold: Wait, wait: WaitSeconds = 0
) -> SubmissionEnvelope:
    submission = await submissions.get_submission(
        uow=uow, user_id=user.user_id, submission_id=submission_id
    )
    if wait > 0:
        submission = await hold.submission(submission_id, wait)
    return SubmissionEnvelope(submission=SubmissionOut.of(submission))
