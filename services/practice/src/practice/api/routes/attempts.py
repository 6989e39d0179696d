"""`/api/v1/attempts`: coding attempts and their code submissions."""

from fastapi import APIRouter, Response, status

from contracts.catalogue.items import PublicCodingProblem
from practice.api.deps import PracticeSettings, Uow, Wait, WaitSeconds, ensure_within
from practice.api.schemas import page_of
from practice.api.schemas.attempts import (
    AttemptOut,
    AttemptWithProblem,
    StartAttempt,
    SubmitCode,
)
from practice.api.schemas.submissions import SubmissionEnvelope, SubmissionOut
from practice.domain.catalog import learner_view
from practice.services import attempts, submissions
from servicekit.auth import CurrentUser
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/attempts", tags=["attempts"])


@router.post("", response_model=AttemptWithProblem)
async def start_attempt(
    body: StartAttempt, uow: Uow, user: CurrentUser, response: Response
) -> AttemptWithProblem:
    attempt, problem, resumed = await attempts.start_attempt(
        uow=uow, user_id=user.user_id, problem_id=body.problem_id
    )
    response.status_code = status.HTTP_200_OK if resumed else status.HTTP_201_CREATED
    return AttemptWithProblem(
        attempt=AttemptOut.of(attempt),
        problem=learner_view(problem, PublicCodingProblem),
        resumed=resumed,
    )


@router.get("", response_model=Page[AttemptOut])
async def list_attempts(uow: Uow, user: CurrentUser, paging: Paging) -> Page[AttemptOut]:
    items, total = await attempts.list_attempts(
        uow=uow, user_id=user.user_id, limit=paging.limit, offset=paging.offset
    )
    return page_of(items, total, paging, AttemptOut.of)


@router.get("/{attempt_id}", response_model=AttemptWithProblem)
async def get_attempt(attempt_id: str, uow: Uow, user: CurrentUser) -> AttemptWithProblem:
    attempt = await attempts.get_attempt(uow=uow, user_id=user.user_id, attempt_id=attempt_id)
    problem = await attempts.coding_problem(uow=uow, problem_id=attempt.problem_id)
    return AttemptWithProblem(
        attempt=AttemptOut.of(attempt), problem=learner_view(problem, PublicCodingProblem)
    )


@router.post(
    "/{attempt_id}/submissions",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=SubmissionEnvelope,
)
async def submit_code(
    attempt_id: str,
    body: SubmitCode,
    uow: Uow,
    user: CurrentUser,
    settings: PracticeSettings,
    hold: Wait,
    response: Response,
    wait: WaitSeconds = 0,
) -> SubmissionEnvelope:
    ensure_within(len(body.code.encode()), settings.max_code_bytes, "Code")
    submission = await submissions.submit_code(
        uow=uow,
        user_id=user.user_id,
        attempt_id=attempt_id,
        language=body.language,
        code=body.code,
    )
    if wait > 0:
        submission = await hold.submission(submission.id, wait)
        if submission.evaluated_at is not None:
            response.status_code = status.HTTP_200_OK
    return SubmissionEnvelope(submission=SubmissionOut.of(submission))


@router.get("/{attempt_id}/submissions", response_model=Page[SubmissionOut])
async def list_attempt_submissions(
    attempt_id: str, uow: Uow, user: CurrentUser, paging: Paging
) -> Page[SubmissionOut]:
    items, total = await submissions.list_attempt_submissions(
        uow=uow,
        user_id=user.user_id,
        attempt_id=attempt_id,
        limit=paging.limit,
        offset=paging.offset,
    )
    return page_of(items, total, paging, SubmissionOut.of)
