"""`/api/v1/responses`: written answers to engineering tasks, scored on five dimensions."""

from functools import partial

from fastapi import APIRouter, status

from practice.api.deps import Gate, Now, PracticeSettings, Uow, Wait, WaitSeconds, ensure_within
from practice.api.schemas import page_of
from practice.api.schemas.responses import (
    FeedbackOut,
    ResponseEnvelope,
    ResponseOut,
    SubmitResponse,
)
from practice.services import responses
from servicekit.auth import CurrentUser
from servicekit.pagination import Page, Paging

router = APIRouter(prefix="/api/v1/responses", tags=["responses"])


@router.post("", status_code=status.HTTP_201_CREATED, response_model=ResponseEnvelope)
async def submit_response(
    body: SubmitResponse,
    uow: Uow,
    user: CurrentUser,
    hold: Wait,
    settings: PracticeSettings,
    wait: WaitSeconds = 0,
) -> ResponseEnvelope:
    ensure_within(body.size(), settings.max_answer_bytes, "The answer")
    response = await responses.submit_response(
        uow=uow, user_id=user.user_id, task_id=body.task_id, answer=body.answer()
    )
    if wait > 0:
        reload = partial(responses.get_response, user_id=user.user_id, response_id=response.id)
        response, _ = await hold(response.submission_id, wait, reload)
    return ResponseEnvelope(response=ResponseOut.of(response))


@router.get("", response_model=Page[ResponseOut])
async def list_responses(
    uow: Uow, user: CurrentUser, paging: Paging, task_id: str | None = None
) -> Page[ResponseOut]:
    items, total = await responses.list_responses(
        uow=uow, user_id=user.user_id, task_id=task_id, limit=paging.limit, offset=paging.offset
    )
    return page_of(items, total, paging, ResponseOut.of)


@router.get("/{response_id}", response_model=ResponseEnvelope)
async def get_response(
    response_id: str, uow: Uow, user: CurrentUser, hold: Wait, wait: WaitSeconds = 0
) -> ResponseEnvelope:
    response = await responses.get_response(uow=uow, user_id=user.user_id, response_id=response_id)
    if wait > 0:
        reload = partial(responses.get_response, user_id=user.user_id, response_id=response_id)
        response, _ = await hold(response.submission_id, wait, reload)
    return ResponseEnvelope(response=ResponseOut.of(response))


@router.post(
    "/{response_id}/feedback",
    response_model=FeedbackOut,
    responses={425: {"description": "Not unlocked yet, or still being written (Retry-After)"}},
)
async def request_feedback(
    response_id: str, uow: Uow, user: CurrentUser, gate: Gate, now: Now
) -> FeedbackOut:
    unlock = await responses.unlock_feedback(
        uow=uow, user_id=user.user_id, response_id=response_id, gate=gate, now=now
    )
    return FeedbackOut.of(unlock)
