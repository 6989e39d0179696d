"""`/api/v1/bug-hunt/attempts`: find the buggy lines, explain them, get a result."""

from functools import partial

from fastapi import APIRouter, Response, status

from contracts.catalogue.items import PublicBugHuntItem
from practice.api.deps import Uow, Wait, WaitSeconds
from practice.api.schemas import page_of
from practice.api.schemas.bug_hunt import (
    BugHuntAttemptOut,
    BugHuntAttemptWithItem,
    BugHuntSubmitted,
    StartBugHunt,
    SubmitBugHunt,
)
from practice.api.schemas.submissions import SubmissionOut
from practice.domain.catalog import learner_view
from practice.services import bug_hunt
from servicekit.auth import CurrentUser
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/bug-hunt/attempts", tags=["bug-hunt"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=BugHuntAttemptWithItem)
async def start_attempt(body: StartBugHunt, uow: Uow, user: CurrentUser) -> BugHuntAttemptWithItem:
    attempt, item = await bug_hunt.start_attempt(
        uow=uow, user_id=user.user_id, item_id=body.item_id
    )
    return BugHuntAttemptWithItem(
        attempt=BugHuntAttemptOut.of(attempt), item=learner_view(item, PublicBugHuntItem)
    )


@router.get("", response_model=Page[BugHuntAttemptOut])
async def list_attempts(
    uow: Uow, user: CurrentUser, paging: Paging, item_id: str | None = None
) -> Page[BugHuntAttemptOut]:
    items, total = await bug_hunt.list_attempts(
        uow=uow, user_id=user.user_id, item_id=item_id, limit=paging.limit, offset=paging.offset
    )
    return page_of(items, total, paging, BugHuntAttemptOut.of)


@router.get("/{attempt_id}", response_model=BugHuntAttemptWithItem)
async def get_attempt(attempt_id: str, uow: Uow, user: CurrentUser) -> BugHuntAttemptWithItem:
    attempt = await bug_hunt.get_attempt(uow=uow, user_id=user.user_id, attempt_id=attempt_id)
    item = await bug_hunt.bug_hunt_item(uow=uow, item_id=attempt.item_id)
    return BugHuntAttemptWithItem(
        attempt=BugHuntAttemptOut.of(attempt), item=learner_view(item, PublicBugHuntItem)
    )


@router.post(
    "/{attempt_id}/submit", status_code=status.HTTP_202_ACCEPTED, response_model=BugHuntSubmitted
)
async def submit(
    attempt_id: str,
    body: SubmitBugHunt,
    uow: Uow,
    user: CurrentUser,
    hold: Wait,
    response: Response,
    wait: WaitSeconds = 0,
) -> BugHuntSubmitted:
    sent = await bug_hunt.submit_answer(
        uow=uow,
        user_id=user.user_id,
        attempt_id=attempt_id,
        selected_lines=body.selected_lines,
        explanation=body.explanation,
    )
    reload = partial(bug_hunt.get_attempt, user_id=user.user_id, attempt_id=attempt_id)
    attempt, submission = await hold.settle(sent, wait, reload, response)
    return BugHuntSubmitted(
        attempt=BugHuntAttemptOut.of(attempt), submission=SubmissionOut.of(submission)
    )
