"""`/api/v1/debug-lab`: the next item, then triage, test runs and a fix per attempt."""

from functools import partial

from fastapi import APIRouter, Response, status

from contracts.catalogue.items import PublicDebugLabItem
from contracts.debug_lab import DefectCategory, Difficulty
from practice.api.deps import (
    EvaluationWait,
    PracticeSettings,
    Uow,
    Wait,
    WaitSeconds,
    ensure_within,
)
from practice.api.schemas import page_of
from practice.api.schemas.debug_lab import (
    DebugLabAttemptOut,
    DebugLabAttemptWithItem,
    DebugLabSubmitted,
    NextDebugLab,
    RunTests,
    StartDebugLab,
    SubmitFix,
    Triage,
)
from practice.api.schemas.submissions import SubmissionOut
from practice.db.tables import DebugLabAttempt, Submission
from practice.domain.catalog import learner_view
from practice.services import debug_lab
from servicekit.auth import CurrentUser
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/debug-lab", tags=["debug-lab"])


@router.get("/next", response_model=NextDebugLab)
async def next_item(
    uow: Uow,
    user: CurrentUser,
    category: DefectCategory | None = None,
    difficulty: Difficulty | None = None,
) -> NextDebugLab:
    item, reason = await debug_lab.next_item(
        uow=uow, user_id=user.user_id, category=category, difficulty=difficulty
    )
    return NextDebugLab(item=learner_view(item, PublicDebugLabItem), reason=reason)


@router.post(
    "/attempts", status_code=status.HTTP_201_CREATED, response_model=DebugLabAttemptWithItem
)
async def start_attempt(
    body: StartDebugLab, uow: Uow, user: CurrentUser
) -> DebugLabAttemptWithItem:
    attempt, item = await debug_lab.start_attempt(
        uow=uow, user_id=user.user_id, item_id=body.item_id
    )
    return DebugLabAttemptWithItem(
        attempt=DebugLabAttemptOut.of(attempt), item=learner_view(item, PublicDebugLabItem)
    )


@router.get("/attempts", response_model=Page[DebugLabAttemptOut])
async def list_attempts(
    uow: Uow, user: CurrentUser, paging: Paging, item_id: str | None = None
) -> Page[DebugLabAttemptOut]:
    items, total = await debug_lab.list_attempts(
        uow=uow, user_id=user.user_id, item_id=item_id, limit=paging.limit, offset=paging.offset
    )
    return page_of(items, total, paging, DebugLabAttemptOut.of)


@router.get("/attempts/{attempt_id}", response_model=DebugLabAttemptWithItem)
async def get_attempt(attempt_id: str, uow: Uow, user: CurrentUser) -> DebugLabAttemptWithItem:
    attempt = await debug_lab.get_attempt(uow=uow, user_id=user.user_id, attempt_id=attempt_id)
    item = await debug_lab.debug_lab_item(uow=uow, item_id=attempt.item_id)
    return DebugLabAttemptWithItem(
        attempt=DebugLabAttemptOut.of(attempt), item=learner_view(item, PublicDebugLabItem)
    )


@router.post(
    "/attempts/{attempt_id}/triage",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DebugLabSubmitted,
)
async def triage(
    attempt_id: str,
    body: Triage,
    uow: Uow,
    user: CurrentUser,
    hold: Wait,
    response: Response,
    wait: WaitSeconds = 0,
) -> DebugLabSubmitted:
    sent = await debug_lab.triage(
        uow=uow, user_id=user.user_id, attempt_id=attempt_id, answers=body.model_dump()
    )
    return await _settled(hold, sent, wait, response, user_id=user.user_id, attempt_id=attempt_id)


@router.post(
    "/attempts/{attempt_id}/run-tests",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DebugLabSubmitted,
)
async def run_tests(
    attempt_id: str,
    body: RunTests,
    uow: Uow,
    user: CurrentUser,
    settings: PracticeSettings,
    hold: Wait,
    response: Response,
    wait: WaitSeconds = 0,
) -> DebugLabSubmitted:
    ensure_within(body.size(), settings.max_project_bytes, "The edited files")
    sent = await debug_lab.run_tests(
        uow=uow, user_id=user.user_id, attempt_id=attempt_id, files=body.files
    )
    return await _settled(hold, sent, wait, response, user_id=user.user_id, attempt_id=attempt_id)


@router.post(
    "/attempts/{attempt_id}/submit",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=DebugLabSubmitted,
)
async def submit(
    attempt_id: str,
    body: SubmitFix,
    uow: Uow,
    user: CurrentUser,
    settings: PracticeSettings,
    hold: Wait,
    response: Response,
    wait: WaitSeconds = 0,
) -> DebugLabSubmitted:
    ensure_within(body.size(), settings.max_project_bytes, "The edited files")
    sent = await debug_lab.submit_fix(
        uow=uow,
        user_id=user.user_id,
        attempt_id=attempt_id,
        files=body.files,
        explanation=body.explanation,
    )
    return await _settled(hold, sent, wait, response, user_id=user.user_id, attempt_id=attempt_id)


async def _settled(
    hold: EvaluationWait,
    sent: tuple[DebugLabAttempt, Submission],
    wait: float,
    response: Response,
    *,
    user_id: str,
    attempt_id: str,
) -> DebugLabSubmitted:
    """The attempt and its submission, once evaluated or when the wait runs out."""
    reload = partial(debug_lab.get_attempt, user_id=user_id, attempt_id=attempt_id)
    attempt, submission = await hold.settle(sent, wait, reload, response)
    return DebugLabSubmitted(
        attempt=DebugLabAttemptOut.of(attempt), submission=SubmissionOut.of(submission)
    )
