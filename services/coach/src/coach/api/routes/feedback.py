"""`/api/v1/coach`: feedback on evaluated work and Socratic turns on an attempt (seed 001)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from coach.api.deps import Uow
from coach.api.schemas import FeedbackOut, SocraticAnswerIn, SocraticOut
from coach.services import feedback, socratic
from servicekit.auth import CurrentUser
from servicekit.errors import ValidationFailed
from servicekit.pagination import Page

router = APIRouter(prefix="/api/v1/coach", tags=["coach"])
TargetId = Annotated[str | None, Query(min_length=1, max_length=36)]


@router.get("/feedback", response_model=Page[FeedbackOut])
async def get_feedback(
    uow: Uow,
    user: CurrentUser,
    attempt_id: TargetId = None,
    submission_id: TargetId = None,
    response_id: TargetId = None,
) -> Page[FeedbackOut]:
    target = feedback.FeedbackTarget(
        attempt_id=attempt_id, submission_id=submission_id, response_id=response_id
    )
    if sum(v is not None for v in (attempt_id, submission_id, response_id)) != 1:
        raise ValidationFailed("Give exactly one of attempt_id, submission_id or response_id")
    rows = await feedback.feedback_for(uow=uow, user=user, target=target)
    return Page(items=[FeedbackOut.of(r) for r in rows], total=len(rows), limit=len(rows), offset=0)


@router.get("/attempts/{attempt_id}/socratic", response_model=SocraticOut)
async def get_socratic(attempt_id: str, uow: Uow, user: CurrentUser) -> SocraticOut:
    dialogue = await socratic.socratic_dialogue(uow=uow, user=user, attempt_id=attempt_id)
    return SocraticOut.of(dialogue)


@router.post("/attempts/{attempt_id}/socratic", response_model=SocraticOut)
async def answer_socratic(
    attempt_id: str, body: SocraticAnswerIn, uow: Uow, user: CurrentUser
) -> SocraticOut:
    dialogue = await socratic.answer_socratic(
        uow=uow, user=user, attempt_id=attempt_id, answer=body.answer
    )
    return SocraticOut.of(dialogue)
