"""`/api/v1/attempts`: coding attempts and their code submissions."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from practice.api.deps import Uow, Waiters, wait_for_verdict
from practice.api.schemas import (
    AttemptOut,
    AttemptWithProblem,
    StartAttempt,
    SubmissionEnvelope,
    SubmissionOut,
    SubmitCode,
    problem_for_learner,
)
from practice.config import Settings
from practice.domain.errors import CodeTooLarge
from practice.services import attempts, submissions
from servicekit.auth import CurrentUser
from servicekit.pagination import Page, Paging
from servicekit.runtime import RuntimeDep

router = APIRouter(prefix="/api/v1/attempts", tags=["attempts"])
WaitSeconds = Annotated[float, Query(ge=0, le=30, description="hold the answer up to N seconds")]


@router.post("", response_model=AttemptWithProblem)
async def start_attempt(
    body: StartAttempt, uow: Uow, user: CurrentUser, response: Response
) -> AttemptWithProblem:
    attempt, problem, resumed = await attempts.start_attempt(
        uow=uow, user_id=user.user_id, problem_id=body.problem_id
    )
    response.status_code = status.HTTP_200_OK if resumed else status.HTTP_201_CREATED
    return AttemptWithProblem(
        attempt=AttemptOut.of(attempt), problem=problem_for_learner(problem), resumed=resumed
    )


@router.get("", response_model=Page[AttemptOut])
async def list_attempts(uow: Uow, user: CurrentUser, paging: Paging) -> Page[AttemptOut]:
    items, total = await attempts.list_attempts(
        uow=uow, user_id=user.user_id, limit=paging.limit, offset=paging.offset
    )
    return Page(
        items=[AttemptOut.of(a) for a in items],
        total=total,
        limit=paging.limit,
        offset=paging.offset,
    )


@router.get("/{attempt_id}", response_model=AttemptWithProblem)
async def get_attempt(attempt_id: str, uow: Uow, user: CurrentUser) -> AttemptWithProblem:
    attempt = await attempts.get_attempt(uow=uow, user_id=user.user_id, attempt_id=attempt_id)
    problem = await attempts.coding_problem(uow=uow, problem_id=attempt.problem_id)
    return AttemptWithProblem(attempt=AttemptOut.of(attempt), problem=problem_for_learner(problem))


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
    waiters: Waiters,
    runtime: RuntimeDep,
    response: Response,
    wait: WaitSeconds = 0,
) -> SubmissionEnvelope:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    if len(body.code.encode()) > settings.max_code_bytes:
        raise CodeTooLarge(f"Code is limited to {settings.max_code_bytes} bytes")
    submission = await submissions.submit_code(
        uow=uow,
        user_id=user.user_id,
        attempt_id=attempt_id,
        language=body.language,
        code=body.code,
    )
    if wait > 0:
        submission = await wait_for_verdict(
            runtime, waiters, uow, user_id=user.user_id, submission_id=submission.id, seconds=wait
        )
        if submission.evaluated_at is not None:
            response.status_code = status.HTTP_200_OK
    return SubmissionEnvelope(submission=SubmissionOut.of(submission))


@router.get("/{attempt_id}/submissions", response_model=Page[SubmissionOut])
async def list_attempt_submissions(
    attempt_id: str, uow: Uow, user: CurrentUser, paging: Paging
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
